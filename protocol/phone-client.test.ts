// The phone's side of the protocol against a small server that plays the portal: every request is
// checked as the real server checks it (the path, the fields, the signature over the canonical
// string), and the portal's refusals come back as ProtocolErrors with their code and details.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  answerString,
  computeChallengeResponse,
  deriveChallengeResponseKey,
  enrollString,
  jwkThumbprint,
  MOBILE_API,
  PhoneClient,
  type PrivateJwk,
  ProtocolError,
  pendingString,
  publicPart,
  pushString,
  recoverString,
  restoreString,
  signString,
  verifyString,
} from './index.ts';
import {
  type CannedAnswer,
  cannedAnswer,
  type RecordingServer,
  rejectionOf,
  startRecordingServer,
} from './test-support/recording-server.ts';
import vectors from './test-vectors.json' with { type: 'json' };

const serverKey = vectors.serverKey as PrivateJwk;
const DEVICE_ID = vectors.deviceId;
const SERIAL = 'K7Q2M9TX4B1C';
const CREDENTIAL = vectors.enroll.credential;
const APNS_TOKEN = 'ab'.repeat(32);
const TXID = 'oKGio6SlpqeoqaqrrK2urw';
const NONCE = 'n'.repeat(43);

interface Received {
  path: string;
  contentType: string | undefined;
  accept: string | undefined;
  body: Record<string, unknown>;
}

let server: RecordingServer;
let portal: string;
/** What the fake portal answers, by path; a path without an answer is a 404 NOT_FOUND. */
const answers = new Map<string, CannedAnswer>();

beforeAll(async () => {
  server = await startRecordingServer(
    ({ url }) => answers.get(url) ?? cannedAnswer(404, { error: 'NOT_FOUND', message: `Nothing at ${url}.` }),
  );
  portal = server.url;
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  answers.clear();
});

/** What the phone sent, oldest first, its body read as JSON. */
const received = (): Received[] =>
  server.requests.map((request) => ({
    path: request.url,
    contentType: request.headers['content-type'],
    accept: request.headers.accept,
    body: JSON.parse(request.body || '{}'),
  }));

function answer(path: string, status: number, body: unknown): void {
  answers.set(path, cannedAnswer(status, body));
}

function sentTo(path: string): Record<string, unknown> {
  const request = received().find((candidate) => candidate.path === path);
  if (!request)
    throw new Error(`The phone sent nothing to ${path}; it sent to ${received().map((r) => r.path)}.`);
  return request.body;
}

/** The link of the gate's QR, for the fake portal. */
const activationLink = () => `${portal}/ibkey/activate?v=1&s=${SERIAL}&c=${CREDENTIAL}`;

/** What a phone keeps once the fake portal enrolled it. */
const enrolledWithThePortal = () => ({
  deviceId: DEVICE_ID,
  serverPublicKey: publicPart(serverKey),
  portalBaseUrl: portal,
});

const enrolledAnswer = {
  v: 1,
  deviceId: DEVICE_ID,
  serverPublicKey: publicPart(serverKey),
  challengeResponse: { algorithm: 'IBKEY-CR-HS256-8', challengeDigits: 6, responseDigits: 8 },
};

const refusalOf = (call: Promise<unknown>) =>
  rejectionOf(call, ProtocolError, 'the call should have been refused');

async function enrolledPhone(): Promise<PhoneClient> {
  const phone = await PhoneClient.create();
  answer(MOBILE_API.enroll, 200, enrolledAnswer);
  await phone.enroll(activationLink(), APNS_TOKEN);
  return phone;
}

describe('PhoneClient enrollment', () => {
  it('posts a body signed over the enroll string to the portal of the link, and keeps the device', async () => {
    const phone = await PhoneClient.create();
    answer(MOBILE_API.enroll, 200, enrolledAnswer);
    const link = activationLink();
    expect(await phone.enroll(link, APNS_TOKEN)).toEqual(enrolledAnswer);
    const body = sentTo(MOBILE_API.enroll);
    expect(body).toMatchObject({
      v: 1,
      serial: SERIAL,
      credential: CREDENTIAL,
      publicKey: phone.key.publicJwk,
      apnsToken: APNS_TOKEN,
      device: { model: 'iPhone 15', os: 'iOS 18.1', appVersion: '8.6.1', biometry: 'faceId' },
    });
    const signed = enrollString({
      serial: SERIAL,
      credential: CREDENTIAL,
      publicKeyThumbprint: await jwkThumbprint(phone.key.publicJwk),
      apnsToken: APNS_TOKEN,
    });
    expect(await verifyString(phone.key.publicJwk, signed, body.sig as string)).toBe(true);
    expect(phone.enrolled).toEqual(enrolledWithThePortal());
    // The server takes JSON only (415 otherwise).
    expect(received()[0]).toMatchObject({ contentType: 'application/json', accept: 'application/json' });
  });

  it('describes the phone it was given', async () => {
    const device = { model: 'iPhone SE', os: 'iOS 17.5', appVersion: '8.5.0', biometry: 'touchId' as const };
    const phone = await PhoneClient.create(device);
    expect((await phone.enrollRequest(activationLink(), null)).device).toEqual(device);
  });

  it("turns the portal's refusal into a ProtocolError with its code, sentence and details, and stays unenrolled", async () => {
    const phone = await PhoneClient.create();
    answer(MOBILE_API.enroll, 429, { error: 'RATE_LIMITED', message: 'Too many attempts.', retryAfter: 7 });
    const error = await refusalOf(phone.enroll(activationLink(), null));
    expect(error).toMatchObject({
      code: 'RATE_LIMITED',
      message: 'Too many attempts.',
      details: { retryAfter: 7 },
    });
    expect(phone.enrolled).toBeUndefined();
  });

  it('names the HTTP status when the portal answers an error without a body it can read', async () => {
    const phone = await PhoneClient.create();
    answer(MOBILE_API.enroll, 502, 'Bad Gateway');
    const error = await refusalOf(phone.enroll(activationLink(), null));
    expect(error).toMatchObject({ code: 'INVALID_REQUEST', message: 'HTTP 502', details: {} });
  });

  it('refuses to do anything that needs an enrollment before it has one, with a sentence', async () => {
    const phone = await PhoneClient.create();
    const notYet = 'This phone has not enrolled yet: call enroll() with an activation link first.';
    await expect(phone.pending()).rejects.toThrow(notYet);
    await expect(phone.answer(TXID, NONCE, 'approve')).rejects.toThrow(notYet);
    await expect(phone.restore(null)).rejects.toThrow(notYet);
    await expect(phone.respondTo('123456')).rejects.toThrow(notYet);
    expect(received()).toEqual([]);
  });
});

describe('PhoneClient after enrollment', () => {
  it('asks for pending logins signed over the pending string, and checks each is signed by the server', async () => {
    const phone = await enrolledPhone();
    const signedByServer = {
      txid: TXID,
      nonce: NONCE,
      challenge: '123456',
      expiresAt: 1_700_000_120,
      sig: await signString(serverKey, pushString({ txid: TXID, nonce: NONCE })),
    };
    answer(MOBILE_API.pending, 200, { transactions: [signedByServer] });
    expect(await phone.pending(1_700_000_000)).toEqual([signedByServer]);
    const body = sentTo(MOBILE_API.pending);
    expect(body).toMatchObject({ v: 1, deviceId: DEVICE_ID, ts: 1_700_000_000 });
    expect(
      await verifyString(
        phone.key.publicJwk,
        pendingString({ deviceId: DEVICE_ID, ts: 1_700_000_000 }),
        body.sig as string,
      ),
    ).toBe(true);
  });

  it('refuses a pending login not signed by the server it enrolled with', async () => {
    const phone = await enrolledPhone();
    const forged = {
      txid: TXID,
      nonce: NONCE,
      challenge: '123456',
      expiresAt: 1_700_000_120,
      sig: await signString(phone.key.privateJwk, pushString({ txid: TXID, nonce: NONCE })),
    };
    answer(MOBILE_API.pending, 200, { transactions: [forged] });
    const justBefore = Math.floor(Date.now() / 1000);
    await expect(phone.pending()).rejects.toThrow(`Pending login ${TXID} is not signed by the server`);
    const justAfter = Math.floor(Date.now() / 1000);
    // Without a time given, the request carries the phone's clock in Unix seconds.
    const { ts } = sentTo(MOBILE_API.pending);
    expect(ts).toBeGreaterThanOrEqual(justBefore);
    expect(ts).toBeLessThanOrEqual(justAfter);
    expect(await phone.verifyPush(forged)).toBe(false);
  });

  it('answers a login with a signature over the answer string', async () => {
    const phone = await enrolledPhone();
    answer(MOBILE_API.answer, 200, { txid: TXID, state: 'denied' });
    expect(await phone.answer(TXID, NONCE, 'deny')).toEqual({ txid: TXID, state: 'denied' });
    const body = sentTo(MOBILE_API.answer);
    expect(body).toMatchObject({ v: 1, deviceId: DEVICE_ID, txid: TXID, nonce: NONCE, decision: 'deny' });
    const signed = answerString({ txid: TXID, nonce: NONCE, decision: 'deny' });
    expect(await verifyString(phone.key.publicJwk, signed, body.sig as string)).toBe(true);
  });

  it('restores with a signature over the restore string and keeps the answer', async () => {
    const phone = await enrolledPhone();
    const newServerKey = { ...enrolledAnswer, deviceId: '5f0c3c9e-1111-4222-8333-944445555666' };
    answer(MOBILE_API.restore, 200, newServerKey);
    await phone.restore(null, 1_700_000_000);
    const body = sentTo(MOBILE_API.restore);
    expect(body).toMatchObject({ v: 1, deviceId: DEVICE_ID, apnsToken: null, ts: 1_700_000_000 });
    const signed = restoreString({ deviceId: DEVICE_ID, apnsToken: null, ts: 1_700_000_000 });
    expect(await verifyString(phone.key.publicJwk, signed, body.sig as string)).toBe(true);
    expect(phone.enrolled?.deviceId).toBe(newServerKey.deviceId);
  });

  it('reports its key invalidated with the push it received, unsigned', async () => {
    const phone = await enrolledPhone();
    const reported = { deviceId: DEVICE_ID, keyState: 'invalidated', keyInvalidatedAt: 1_700_000_000 };
    answer(MOBILE_API.keyInvalidated, 200, reported);
    expect(await phone.reportKeyInvalidated(TXID, NONCE)).toEqual(reported);
    expect(sentTo(MOBILE_API.keyInvalidated)).toEqual({
      v: 1,
      deviceId: DEVICE_ID,
      txid: TXID,
      nonce: NONCE,
    });
  });

  it('computes the response from the key it shares with the server', async () => {
    const phone = await enrolledPhone();
    const onServer = await deriveChallengeResponseKey(serverKey, phone.key.publicJwk, DEVICE_ID);
    expect(await phone.respondTo('042917')).toBe(await computeChallengeResponse(onServer, '042917'));
  });
});

describe('PhoneClient recovery', () => {
  it('starts a recovery with the password and completes it with a signature over the recover string', async () => {
    const phone = await PhoneClient.create();
    const started = { recoveryId: DEVICE_ID, expiresAt: 1, phoneHint: '42', codeDigits: 6, attemptsLeft: 5 };
    answer(MOBILE_API.recoveryStart, 200, started);
    expect(await phone.startRecovery(portal, { purpose: 'move', username: 'ann', password: 'pw' })).toEqual(
      started,
    );
    expect(sentTo(MOBILE_API.recoveryStart)).toEqual({
      v: 1,
      purpose: 'move',
      username: 'ann',
      password: 'pw',
    });

    answer(MOBILE_API.recoveryComplete, 200, enrolledAnswer);
    await phone.completeRecovery(portal, DEVICE_ID, '314159', APNS_TOKEN);
    const body = sentTo(MOBILE_API.recoveryComplete);
    expect(body).toMatchObject({ v: 1, recoveryId: DEVICE_ID, smsCode: '314159', apnsToken: APNS_TOKEN });
    const signed = recoverString({
      recoveryId: DEVICE_ID,
      smsCode: '314159',
      publicKeyThumbprint: await jwkThumbprint(phone.key.publicJwk),
      apnsToken: APNS_TOKEN,
    });
    expect(await verifyString(phone.key.publicJwk, signed, body.sig as string)).toBe(true);
    expect(phone.enrolled).toEqual(enrolledWithThePortal());
    // The server takes JSON only (415 otherwise).
    expect(received()[0]).toMatchObject({ contentType: 'application/json', accept: 'application/json' });
  });

  it('plays a phone enrolled elsewhere from its private key', async () => {
    const deviceKey = vectors.deviceKey as PrivateJwk;
    const enrolled = enrolledWithThePortal();
    const phone = PhoneClient.restore(deviceKey, enrolled);
    expect(phone.key.publicJwk).toEqual(publicPart(deviceKey));
    expect(phone.enrolled).toEqual(enrolled);
    expect(await phone.respondTo(vectors.challengeResponse.cases[0]!.challenge)).toBe(
      vectors.challengeResponse.cases[0]!.response,
    );
  });
});
