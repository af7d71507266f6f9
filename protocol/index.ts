export * from './activation-link.ts';
export * from './base64url.ts';
export * from './challenge-response.ts';
export * from './crypto.ts';
export * from './errors.ts';
export * from './messages.ts';
export * from './signing-strings.ts';
export * from './ttl.ts';
