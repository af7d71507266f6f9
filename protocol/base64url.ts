// base64url without padding (RFC 4648 section 5), the only binary encoding the protocol uses.

/** Bytes backed by a plain ArrayBuffer, which is what WebCrypto accepts. */
export type Bytes = Uint8Array<ArrayBuffer>;

const BASE64URL = /^[A-Za-z0-9_-]*$/;

export function encodeBase64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/** Decodes strict base64url: no padding, no '+' or '/', no length that cannot come from whole bytes. */
export function decodeBase64url(text: string): Bytes {
  if (!BASE64URL.test(text) || text.length % 4 === 1) {
    throw new TypeError(`"${abbreviate(text)}" is not base64url (A-Z a-z 0-9 - _ without padding)`);
  }
  return new Uint8Array(Buffer.from(text, 'base64url')) as Bytes;
}

export function isBase64url(text: string, byteLength?: number): boolean {
  try {
    const bytes = decodeBase64url(text);
    return byteLength === undefined || bytes.byteLength === byteLength;
  } catch {
    return false;
  }
}

function abbreviate(text: string): string {
  return text.length > 24 ? `${text.slice(0, 24)}…` : text;
}
