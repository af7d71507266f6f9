// Crypto helpers shared by the server and the simulated app: ECDSA P-256 / SHA-256 over
// canonical strings, JWK exchange, RFC 7638 thumbprints, ECDH + HKDF, HMAC. WebCrypto only.

import { timingSafeEqual } from 'node:crypto';
import { type Bytes, decodeBase64url, encodeBase64url, isBase64url } from './base64url.ts';
import { ProtocolError } from './errors.ts';

const subtle = globalThis.crypto.subtle;
const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const ECDSA_SHA256 = { name: 'ECDSA', hash: 'SHA-256' } as const;
const ECDH = { name: 'ECDH', namedCurve: 'P-256' } as const;
const utf8 = new TextEncoder();

/** The public half of a P-256 key as the protocol carries it: exactly these four members. */
export interface PublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

export interface PrivateJwk extends PublicJwk {
  d: string;
}

export interface KeyPairJwk {
  publicJwk: PublicJwk;
  privateJwk: PrivateJwk;
}

export function randomBytes(length: number): Bytes {
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}

export async function sha256(data: Bytes | string): Promise<Bytes> {
  const bytes = typeof data === 'string' ? utf8.encode(data) : data;
  return new Uint8Array(await subtle.digest('SHA-256', bytes));
}

export async function hmacSha256(key: Bytes, data: Bytes | string): Promise<Bytes> {
  const hmacKey = await subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const bytes = typeof data === 'string' ? utf8.encode(data) : data;
  return new Uint8Array(await subtle.sign('HMAC', hmacKey, bytes));
}

/** Compares secrets without leaking, through timing, how much of them matched. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && timingSafeEqual(a, b);
}

export async function generateKeyPairJwk(): Promise<KeyPairJwk> {
  const pair = await subtle.generateKey(ECDSA, true, ['sign', 'verify']);
  const privateJwk = toPrivateJwk(await subtle.exportKey('jwk', pair.privateKey));
  return { privateJwk, publicJwk: publicPart(privateJwk) };
}

export function publicPart(jwk: PrivateJwk | PublicJwk): PublicJwk {
  return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
}

/**
 * Checks that a value received from a peer is a P-256 public JWK and nothing more, and that
 * its point lies on the curve. Throws BAD_PUBLIC_KEY with the reason.
 */
export async function parsePublicJwk(value: unknown): Promise<PublicJwk> {
  const reason = publicJwkProblem(value);
  if (reason) throw new ProtocolError('BAD_PUBLIC_KEY', `publicKey is not usable: ${reason}.`);
  const jwk = value as PublicJwk;
  try {
    await subtle.importKey('jwk', jwk, ECDSA, true, ['verify']);
  } catch {
    throw new ProtocolError(
      'BAD_PUBLIC_KEY',
      'publicKey is not usable: its point (x, y) is not on the P-256 curve.',
    );
  }
  return publicPart(jwk);
}

function publicJwkProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'it must be a JSON object';
  const jwk = value as Record<string, unknown>;
  const extra = Object.keys(jwk).filter((key) => !['kty', 'crv', 'x', 'y'].includes(key));
  if ('d' in jwk) return 'it contains a private part "d"; send only the public key';
  if (extra.length > 0) return `it has members other than kty, crv, x, y: ${extra.join(', ')}`;
  if (jwk.kty !== 'EC') return `kty must be "EC", not ${JSON.stringify(jwk.kty)}`;
  if (jwk.crv !== 'P-256') return `crv must be "P-256", not ${JSON.stringify(jwk.crv)}`;
  for (const coordinate of ['x', 'y'] as const) {
    const encoded = jwk[coordinate];
    if (typeof encoded !== 'string' || !isBase64url(encoded, 32)) {
      return `${coordinate} must be 32 bytes in base64url`;
    }
  }
  return undefined;
}

/** RFC 7638 thumbprint: SHA-256 over the required members in lexicographic order, base64url. */
export async function jwkThumbprint(jwk: PublicJwk): Promise<string> {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return encodeBase64url(await sha256(canonical));
}

/** Signs a canonical string; the signature is the raw r||s (64 bytes), base64url. */
export async function signString(privateJwk: PrivateJwk, text: string): Promise<string> {
  const key = await subtle.importKey('jwk', privateJwk, ECDSA, false, ['sign']);
  return encodeBase64url(new Uint8Array(await subtle.sign(ECDSA_SHA256, key, utf8.encode(text))));
}

/** Verifies a signature made by signString. A malformed signature is simply not valid. */
export async function verifyString(publicJwk: PublicJwk, text: string, signature: string): Promise<boolean> {
  if (!isBase64url(signature, 64)) return false;
  const key = await subtle.importKey('jwk', publicJwk, ECDSA, false, ['verify']);
  return subtle.verify(ECDSA_SHA256, key, decodeBase64url(signature), utf8.encode(text));
}

/**
 * The challenge/response key both sides derive at enrollment: ECDH(own private, peer public),
 * then HKDF-SHA256 with the deviceId as salt and "IBKEY-CR-v1" as info, 32 bytes.
 */
export async function deriveChallengeResponseKey(
  ownPrivateJwk: PrivateJwk,
  peerPublicJwk: PublicJwk,
  deviceId: string,
): Promise<Bytes> {
  const own = await subtle.importKey('jwk', stripUsage(ownPrivateJwk), ECDH, false, ['deriveBits']);
  const peer = await subtle.importKey('jwk', publicPart(peerPublicJwk), ECDH, false, []);
  const shared = await subtle.deriveBits({ name: 'ECDH', public: peer }, own, 256);
  const ikm = await subtle.importKey('raw', shared, 'HKDF', false, ['deriveBits']);
  const okm = await subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: utf8.encode(deviceId), info: utf8.encode('IBKEY-CR-v1') },
    ikm,
    256,
  );
  return new Uint8Array(okm);
}

function stripUsage(jwk: PrivateJwk): PrivateJwk {
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, d: jwk.d };
}

function toPrivateJwk(jwk: JsonWebKey): PrivateJwk {
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.x || !jwk.y || !jwk.d) {
    throw new Error('WebCrypto exported a key that is not a P-256 private JWK');
  }
  return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, d: jwk.d };
}
