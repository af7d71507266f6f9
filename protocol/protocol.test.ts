import { describe, expect, it } from 'vitest';
import {
  answerString,
  buildActivationLink,
  checkChallengeResponse,
  computeChallengeResponse,
  constantTimeEqual,
  decodeBase64url,
  deriveChallengeResponseKey,
  encodeBase64url,
  enrollString,
  generateKeyPairJwk,
  isBase64url,
  jwkThumbprint,
  type PrivateJwk,
  ProtocolError,
  parseActivationLink,
  parsePublicJwk,
  pendingString,
  publicPart,
  pushString,
  randomBytes,
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

describe('secrets and keys', () => {
  it('compares secrets of different lengths as different, without throwing', () => {
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(true);
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2]))).toBe(false);
  });

  it('draws random bytes of the length asked for', () => {
    const first = randomBytes(16);
    expect(first.byteLength).toBe(16);
    expect(encodeBase64url(randomBytes(16))).not.toBe(encodeBase64url(first));
    expect(randomBytes(0).byteLength).toBe(0);
  });

  it('says a signature does not verify, rather than throwing, when the public key is off the curve', async () => {
    const offCurve = { ...publicPart(deviceKey), y: encodeBase64url(new Uint8Array(32).fill(7)) };
    const text = vectors.enroll.signingString;
    expect(await verifyString(offCurve, text, vectors.enroll.sig)).toBe(false);
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

  it.each([
    ['null', null, 'it must be a JSON object'],
    ['a string', 'EC', 'it must be a JSON object'],
    ['a private key', { ...deviceKey }, 'it contains a private part "d"; send only the public key'],
    [
      'extra members',
      { ...good, kid: '1', use: 'sig' },
      'it has members other than kty, crv, x, y: kid, use',
    ],
    ['an RSA kty', { ...good, kty: 'RSA' }, 'kty must be "EC", not "RSA"'],
    ['no crv', { kty: 'EC', x: good.x, y: good.y }, 'crv must be "P-256", not undefined'],
    ['a numeric x', { ...good, x: 7 }, 'x must be 32 bytes in base64url'],
    ['a short y', { ...good, y: good.y.slice(0, 42) }, 'y must be 32 bytes in base64url'],
  ])('says exactly what is wrong with %s', async (_label, jwk, reason) => {
    await expect(parsePublicJwk(jwk)).rejects.toThrow(`publicKey is not usable: ${reason}.`);
  });

  it('gives back only the four public members', async () => {
    const fromAnotherParser = JSON.parse(JSON.stringify(good)) as typeof good;
    const parsed = await parsePublicJwk(fromAnotherParser);
    expect(Object.keys(parsed).sort()).toEqual(['crv', 'kty', 'x', 'y']);
    expect(publicPart(deviceKey)).toEqual({ kty: 'EC', crv: 'P-256', x: deviceKey.x, y: deviceKey.y });
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
    [
      'http://x/ibkey/activate?v=2&s=K7Q2M9TX4B1C',
      /^http:\/\/x\/ibkey\/activate\?v=2&s=K7Q2M9TX4B1C has protocol version v=2$/,
    ],
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

describe('base64url', () => {
  it('decodes whole bytes without padding, and the empty string to no bytes', () => {
    expect([...decodeBase64url('AQID')]).toEqual([1, 2, 3]);
    expect([...decodeBase64url('AQI')]).toEqual([1, 2]);
    expect([...decodeBase64url('_-8')]).toEqual([255, 239]);
    expect(decodeBase64url('').byteLength).toBe(0);
    expect(encodeBase64url(new Uint8Array([255, 239]))).toBe('_-8');
  });

  it('encodes only the bytes of a view, not the whole buffer behind it', () => {
    const buffer = new Uint8Array([9, 1, 2, 3, 9]);
    expect(encodeBase64url(buffer.subarray(1, 4))).toBe('AQID');
  });

  it.each([
    ['padding', 'AQI='],
    ['+ of base64', 'a+b_'],
    ['/ of base64', 'a/b_'],
    ['a length whole bytes never give', 'AQIDB'],
    ['a space', 'AQ ID'],
    ['a leading character outside the alphabet', '.AQID'],
    ['a trailing character outside the alphabet', 'AQID.'],
  ])('refuses %s', (_what, text) => {
    expect(() => decodeBase64url(text)).toThrow(
      `"${text}" is not base64url (A-Z a-z 0-9 - _ without padding)`,
    );
    expect(isBase64url(text)).toBe(false);
  });

  it('names a long refused text by its first 24 characters', () => {
    const long = `${'A'.repeat(30)}=`;
    expect(() => decodeBase64url(long)).toThrow(`"${'A'.repeat(24)}…" is not base64url`);
    const exactly24 = `${'A'.repeat(23)}=`;
    expect(() => decodeBase64url(exactly24)).toThrow(`"${exactly24}" is not base64url`);
  });

  it('checks the decoded length only when one is asked for', () => {
    expect(isBase64url('AQID')).toBe(true);
    expect(isBase64url('AQID', 3)).toBe(true);
    expect(isBase64url('AQID', 2)).toBe(false);
    expect(isBase64url('AQID', 4)).toBe(false);
  });
});

describe('protocol errors', () => {
  it('carries its code, status, sentence and details into the body the server sends', () => {
    const error = new ProtocolError('RATE_LIMITED', 'Too many attempts; retry in 30 s.', { retryAfter: 30 });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ProtocolError');
    expect(error.status).toBe(429);
    expect(error.retryAfter).toBe(30);
    expect(error.toBody()).toEqual({
      error: 'RATE_LIMITED',
      message: 'Too many attempts; retry in 30 s.',
      retryAfter: 30,
    });
  });

  it('has no details unless given, and each code its own status', () => {
    const error = new ProtocolError('DEVICE_REVOKED', 'Moved.');
    expect(error.retryAfter).toBeUndefined();
    expect(error.toBody()).toEqual({ error: 'DEVICE_REVOKED', message: 'Moved.' });
    const statuses = Object.fromEntries(
      (['BAD_SIGNATURE', 'BAD_CREDENTIAL', 'CREDENTIAL_USED', 'EXPIRED', 'UNAVAILABLE'] as const).map(
        (code) => [code, new ProtocolError(code, '').status],
      ),
    );
    expect(statuses).toEqual({
      BAD_SIGNATURE: 401,
      BAD_CREDENTIAL: 403,
      CREDENTIAL_USED: 409,
      EXPIRED: 410,
      UNAVAILABLE: 503,
    });
  });
});

describe('challenge/response formats', () => {
  it.each(['12345', '1234567', '12345a', ' 123456', '123456 ', ''])(
    'refuses the challenge %j: it must be exactly 6 digits',
    async (challenge) => {
      const key = decodeBase64url(vectors.challengeResponse.key);
      await expect(computeChallengeResponse(key, challenge)).rejects.toThrow(
        `The challenge must be 6 digits, got "${challenge}"`,
      );
    },
  );

  it('accepts only a response of exactly 8 digits, the right one', async () => {
    const key = decodeBase64url(vectors.challengeResponse.key);
    const { challenge, response } = vectors.challengeResponse.cases[0]!;
    expect(await checkChallengeResponse(key, challenge, response)).toBe(true);
    expect(await checkChallengeResponse(key, challenge, `${response}0`)).toBe(false);
    expect(await checkChallengeResponse(key, challenge, `x${response.slice(1)}`)).toBe(false);
    const other = String((Number(response) + 1) % 10 ** 8).padStart(8, '0');
    expect(await checkChallengeResponse(key, challenge, other)).toBe(false);
  });
});

describe('signing strings with and without an APNs token', () => {
  it('ends with the token when the phone has one', () => {
    const token = 'ab'.repeat(32);
    expect(
      recoverString({ recoveryId: 'R', smsCode: '123456', publicKeyThumbprint: 'T', apnsToken: token }),
    ).toBe(`recover|R|123456|T|${token}`);
    expect(enrollString({ serial: 'S', credential: 'C', publicKeyThumbprint: 'T', apnsToken: token })).toBe(
      `enroll|S|C|T|${token}`,
    );
    expect(restoreString({ deviceId: 'D', apnsToken: token, ts: 5 })).toBe(`restore|D|${token}|5`);
  });

  it('leaves the token field empty rather than dropping it', () => {
    expect(enrollString({ serial: 'S', credential: 'C', publicKeyThumbprint: 'T', apnsToken: null })).toBe(
      'enroll|S|C|T|',
    );
    expect(
      recoverString({ recoveryId: 'R', smsCode: '123456', publicKeyThumbprint: 'T', apnsToken: null }),
    ).toBe('recover|R|123456|T|');
    expect(pendingString({ deviceId: 'D', ts: 1700000000 })).toBe('pending|D|1700000000');
  });
});
