// Reads (does not verify) the parts of a JWT, to check what a client sent.

function part(token: string, index: number): Record<string, unknown> {
  const segment = token.split('.')[index];
  if (!segment) throw new Error(`"${token.slice(0, 20)}…" is not a JWT (three dot-separated parts)`);
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
}

export const decodeProtectedHeader = (token: string) => part(token, 0);
export const decodeJwt = (token: string) => part(token, 1);
