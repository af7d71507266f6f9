// The 8-digit response of the IB Key challenge/response module (OCRA-style, RFC 6287 / RFC 4226
// dynamic truncation over HMAC-SHA256). Both sides hold the key from deriveChallengeResponseKey.

import type { Bytes } from './base64url.ts';
import { constantTimeEqual, hmacSha256 } from './crypto.ts';
import { CHALLENGE_DIGITS, RESPONSE_DIGITS } from './ttl.ts';

const CHALLENGE_PATTERN = new RegExp(`^\\d{${CHALLENGE_DIGITS}}$`);
const RESPONSE_PATTERN = new RegExp(`^\\d{${RESPONSE_DIGITS}}$`);

export function isChallenge(text: string): boolean {
  return CHALLENGE_PATTERN.test(text);
}

export function isResponse(text: string): boolean {
  return RESPONSE_PATTERN.test(text);
}

/** The data input is "IBKEY-CR-1|<challenge>"; the response is the truncated HMAC mod 10^8. */
export async function computeChallengeResponse(key: Bytes, challenge: string): Promise<string> {
  if (!isChallenge(challenge)) {
    throw new TypeError(`The challenge must be ${CHALLENGE_DIGITS} digits, got "${challenge}"`);
  }
  const mac = await hmacSha256(key, `IBKEY-CR-1|${challenge}`);
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary =
    ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(binary % 10 ** RESPONSE_DIGITS).padStart(RESPONSE_DIGITS, '0');
}

export async function checkChallengeResponse(
  key: Bytes,
  challenge: string,
  response: string,
): Promise<boolean> {
  if (!isResponse(response)) return false;
  const expected = await computeChallengeResponse(key, challenge);
  const utf8 = new TextEncoder();
  return constantTimeEqual(utf8.encode(expected), utf8.encode(response));
}
