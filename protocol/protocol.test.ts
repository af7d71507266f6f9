import { describe, expect, it } from 'vitest';
import {
  answerString,
  buildActivationLink,
  checkChallengeResponse,
  computeChallengeResponse,
  decodeBase64url,
  deriveChallengeResponseKey,
  encodeBase64url,
  enrollString,
  generateKeyPairJwk,
  jwkThumbprint,
  type PrivateJwk,
  ProtocolError,
  parseActivationLink,
  parsePublicJwk,
  publicPart,
  pushString,
  recoverString,
  restoreString,
  signString,
  verifyString,
} from './index.ts';
import vectors from './test-vectors.json' with { type: 'json' };

const deviceKey = vectors.deviceKey as PrivateJwk;
const serverKey = vectors.serverKey as PrivateJwk;

describe('test vectors', () => {
  it('reproduces the RFC 7638 thumbprint and the enroll signing string', async () => {
    const thumbprint = await jwkThumbprint(publicPart(deviceKey));
    expect(thumbprint).toBe(vectors.enroll.publicKeyThumbprint);
    expect(
      enrollString({
        serial: vectors.enroll.serial,
        credential: vectors.enroll.credential,
        publicKeyThumbprint: thumbprint,
        apnsToken: vectors.enroll.apnsToken,
      }),
    ).toBe(vectors.enroll.signingString);
  });

  it('verifies every vector signature with the right key and rejects it with the other key', async () => {
    const cases = [
      { key: deviceKey, other: serverKey, ...vectors.enroll },
      { key: serverKey, other: deviceKey, ...vectors.push },
      { key: deviceKey, other: serverKey, ...vectors.answer },
      { key: deviceKey, other: serverKey, ...vectors.restore },
      { key: deviceKey, other: serverKey, ...vectors.recover },
    ];
    for (const { key, other, signingString, sig } of cases) {
      expect(await verifyString(publicPart(key), signingString, sig)).toBe(true);
      expect(await verifyString(publicPart(other), signingString, sig)).toBe(false);
    }
    expect(pushString(vectors.push)).toBe(vectors.push.signingString);
    expect(answerString({ ...vectors.answer, decision: 'approve' })).toBe(vectors.answer.signingString);
  });

  it('reproduces the restore and recover signing strings, the latter over the new key’s thumbprint', async () => {
    expect(restoreString(vectors.restore)).toBe(vectors.restore.signingString);
    expect(
      recoverString({
        ...vectors.recover,
        publicKeyThumbprint: await jwkThumbprint(publicPart(deviceKey)),
      }),
    ).toBe(vectors.recover.signingString);
    expect(restoreString({ ...vectors.restore, apnsToken: null })).toBe(
      `restore|${vectors.deviceId}||${vectors.restore.ts}`,
    );
  });

  it('derives the same challenge/response key on both sides and reproduces the responses', async () => {
    const onDevice = await deriveChallengeResponseKey(deviceKey, publicPart(serverKey), vectors.deviceId);
    const onServer = await deriveChallengeResponseKey(serverKey, publicPart(deviceKey), vectors.deviceId);
    expect(encodeBase64url(onDevice)).toBe(vectors.challengeResponse.key);
    expect(encodeBase64url(onServer)).toBe(vectors.challengeResponse.key);
    for (const { challenge, response } of vectors.challengeResponse.cases) {
      expect(await computeChallengeResponse(onDevice, challenge)).toBe(response);
      expect(await checkChallengeResponse(onServer, challenge, response)).toBe(true);
    }
  });
});

describe('signatures', () => {
  it('rejects a tampered message, a tampered signature and a malformed signature', async () => {
    const { privateJwk, publicJwk } = await generateKeyPairJwk();
    const text = answerString({ txid: 'oKGio6SlpqeoqaqrrK2urw', nonce: 'n'.repeat(43), decision: 'approve' });
    const sig = await signString(privateJwk, text);
    expect(await verifyString(publicJwk, text, sig)).toBe(true);
    expect(await verifyString(publicJwk, text.replace('approve', 'deny'), sig)).toBe(false);
    const flipped = decodeBase64url(sig);
    flipped[10] = flipped[10]! ^ 0x01;
    expect(await verifyString(publicJwk, text, encodeBase64url(flipped))).toBe(false);
    expect(await verifyString(publicJwk, text, 'not+base64/url')).toBe(false);
    expect(await verifyString(publicJwk, text, sig.slice(0, 40))).toBe(false);
  });
});

describe('public keys from peers', () => {
  const good = publicPart(deviceKey);
  it.each([
    ['a private key', { ...deviceKey }, /private part/],
    ['the wrong curve', { ...good, crv: 'P-384' }, /crv must be "P-256"/],
    ['an RSA key', { kty: 'RSA', n: 'AQAB', e: 'AQAB' }, /other than kty/],
    ['a short x', { ...good, x: 'AAAA' }, /x must be 32 bytes/],
    [
      'a point off the curve',
      { ...good, y: encodeBase64url(new Uint8Array(32).fill(7)) },
      /not on the P-256 curve/,
    ],
    ['an array', [good], /JSON object/],
  ])('rejects %s with BAD_PUBLIC_KEY', async (_label, jwk, reason) => {
    const error = await parsePublicJwk(jwk).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).code).toBe('BAD_PUBLIC_KEY');
    expect((error as ProtocolError).message).toMatch(reason);
  });

  it('accepts a P-256 public key', async () => {
    await expect(parsePublicJwk(good)).resolves.toEqual(good);
  });
});

describe('activation links', () => {
  it('round-trips serial and credential through the universal link', () => {
    const link = buildActivationLink('http://127.0.0.1:4100', 'K7Q2M9TX4B1C', vectors.enroll.credential);
    expect(link).toBe(
      `http://127.0.0.1:4100/ibkey/activate?v=1&s=K7Q2M9TX4B1C&c=${vectors.enroll.credential}`,
    );
    expect(parseActivationLink(link)).toEqual({
      v: 1,
      serial: 'K7Q2M9TX4B1C',
      credential: vectors.enroll.credential,
    });
  });

  it.each([
    ['not a url', /is not a URL/],
    ['http://x/ibkey/other?v=1', /path is not/],
    ['http://x/ibkey/activate?v=2&s=K7Q2M9TX4B1C', /protocol version/],
    ['http://x/ibkey/activate?v=1&s=bad&c=x', /no valid serial/],
    ['http://x/ibkey/activate?v=1&s=K7Q2M9TX4B1C&c=short', /no valid credential/],
  ])('says why %s is not an activation link', (link, reason) => {
    expect(() => parseActivationLink(link)).toThrow(reason);
  });
});

describe('challenge/response', () => {
  it('rejects a response to another challenge and malformed input', async () => {
    const key = decodeBase64url(vectors.challengeResponse.key);
    const response = await computeChallengeResponse(key, '123456');
    expect(response).toMatch(/^\d{8}$/);
    expect(await checkChallengeResponse(key, '123457', response)).toBe(false);
    expect(await checkChallengeResponse(key, '123456', response.slice(1))).toBe(false);
    await expect(computeChallengeResponse(key, '12345')).rejects.toThrow(/6 digits/);
  });
});
