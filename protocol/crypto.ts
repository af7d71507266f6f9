// Crypto helpers shared by the server and the simulated app: ECDSA P-256 / SHA-256 over
// canonical strings, JWK exchange, RFC 7638 thumbprints, ECDH + HKDF, HMAC. Hashing, signing and
// verifying go through node:crypto's one-shot calls (same OpenSSL as WebCrypto, without its
// per-call promise and key import: 5x faster on the server's hot path); the rest is WebCrypto.

import {
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  sign,
  timingSafeEqual,
  verify,
} from 'node:crypto';
import { type Bytes, decodeBase64url, encodeBase64url, isBase64url } from './base64url.ts';
import { ProtocolError } from './errors.ts';

const subtle = globalThis.crypto.subtle;
const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' } as const;
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
  return new Uint8Array(createHash('sha256').update(data).digest());
}

export async function hmacSha256(key: Bytes, data: Bytes | string): Promise<Bytes> {
  return new Uint8Array(createHmac('sha256', key).update(data).digest());
}

// Imported public keys by their coordinates: a phone's key verifies every answer it sends.
const publicKeys = new Map<string, KeyObject>();

/** Imports a public JWK; throws when its point is not on the curve. */
function publicKeyObject(jwk: PublicJwk): KeyObject {
  const id = `${jwk.x}.${jwk.y}`;
  let key = publicKeys.get(id);
  if (!key) {
    key = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, format: 'jwk' });
    if (publicKeys.size >= 10_000) publicKeys.delete(publicKeys.keys().next().value!);
    publicKeys.set(id, key);
  }
  return key;
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
    publicKeyObject(jwk);
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
  const key = createPrivateKey({ key: { ...privateJwk }, format: 'jwk' });
  return encodeBase64url(
    new Uint8Array(sign('sha256', utf8.encode(text), { key, dsaEncoding: 'ieee-p1363' })),
  );
}

/** Verifies a signature made by signString. A malformed signature is simply not valid. */
export async function verifyString(publicJwk: PublicJwk, text: string, signature: string): Promise<boolean> {
  if (!isBase64url(signature, 64)) return false;
  let key: KeyObject;
  try {
    key = publicKeyObject(publicJwk);
  } catch {
    return false;
  }
  return verify('sha256', utf8.encode(text), { key, dsaEncoding: 'ieee-p1363' }, decodeBase64url(signature));
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
