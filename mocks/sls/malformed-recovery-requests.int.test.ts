// Bad input to the endpoints of protocol D and E (restore, key-invalidated, recovery start and
// complete): each request gets a 4xx with a code and a sentence, and the database stays as it was.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StartedLab } from '../../lab/index.ts';
import {
  type CreatedUser,
  encodeBase64url,
  generateKeyPairJwk,
  MOBILE_API,
  PhoneClient,
  type PrivateJwk,
  type RecoveryCompleteRequest,
} from '../../protocol/index.ts';
import { activatedPhone, serverNow } from './test-support/phones.ts';
import { changed, expectRefused, type RefusalCase } from './test-support/refusals.ts';
import { startServerLab } from './test-support/server-lab.ts';

let lab: StartedLab;
let phone: PhoneClient;
let user: CreatedUser['user'];
let waitingTxid: string;
let validComplete: RecoveryCompleteRequest;
let otherKey: PrivateJwk;

beforeAll(async () => {
  lab = await startServerLab(inject('storeUrl'), 'malformed_recovery');
  const created = await lab.createUser({ device: { state: 'active', apnsToken: null } });
  user = created.user;
  phone = activatedPhone(lab, created.device!);
  await lab.portal().logIn(user.username, user.password);
  waitingTxid = (await lab.control.userState(user.username)).transactions[0]!.txid;
  validComplete = await (await PhoneClient.create()).completeRecoveryRequest(
    '9b1e4c7a-2f3d-4e5a-8b6c-1d2e3f4a5b6c',
    '042917',
    null,
  );
  otherKey = (await generateKeyPairJwk()).privateJwk;
});
afterAll(() => lab.stop());

const UNKNOWN_DEVICE_ID = '00000000-0000-4000-8000-000000000000';

const restore = (change: (body: Record<string, unknown>) => void) =>
  changed(
    () => ({ v: 1, deviceId: 'DEVICE', apnsToken: null, ts: serverNow(lab), sig: 'A'.repeat(86) }),
    change,
  );
const report = (change: (body: Record<string, unknown>) => void) =>
  changed(() => ({ v: 1, deviceId: 'DEVICE', txid: 'TXID', nonce: 'A'.repeat(43) }), change);
const start = (change: (body: Record<string, unknown>) => void) =>
  changed(() => ({ v: 1, purpose: 'move', username: user.username, password: user.password }), change);
const complete = (change: (body: Record<string, unknown>) => void) => changed(() => validComplete, change);

const cases = (): RefusalCase[] => [
  [
    'a restore with an unknown field',
    MOBILE_API.restore,
    restore((b) => {
      b.admin = true;
    }),
    400,
    'INVALID_REQUEST',
    /unknown field "admin"/,
  ],
  [
    'a restore without ts',
    MOBILE_API.restore,
    restore((b) => {
      delete b.ts;
    }),
    400,
    'INVALID_REQUEST',
    /missing the field "ts"/,
  ],
  [
    'a restore with ts as a string',
    MOBILE_API.restore,
    restore((b) => {
      b.ts = String(b.ts);
    }),
    400,
    'INVALID_REQUEST',
    /body\.ts/,
  ],
  [
    'a restore with a negative ts',
    MOBILE_API.restore,
    restore((b) => {
      b.ts = -1;
    }),
    400,
    'INVALID_REQUEST',
    /body\.ts/,
  ],
  [
    'a restore without apnsToken (null must be said)',
    MOBILE_API.restore,
    restore((b) => {
      delete b.apnsToken;
    }),
    400,
    'INVALID_REQUEST',
    /missing the field "apnsToken"/,
  ],
  [
    'a restore with an uppercase APNs token',
    MOBILE_API.restore,
    restore((b) => {
      b.apnsToken = 'AB'.repeat(32);
    }),
    400,
    'INVALID_REQUEST',
    /body\.apnsToken/,
  ],
  [
    'a restore with a signature of the wrong length',
    MOBILE_API.restore,
    restore((b) => {
      b.sig = encodeBase64url(new Uint8Array(70));
    }),
    400,
    'BAD_ENCODING',
    /body\.sig must be 64 bytes/,
  ],
  [
    'a restore with a malformed deviceId',
    MOBILE_API.restore,
    restore((b) => {
      b.deviceId = 'not-a-uuid';
    }),
    400,
    'INVALID_REQUEST',
    /body\.deviceId/,
  ],
  [
    'a restore in protocol version 2',
    MOBILE_API.restore,
    restore((b) => {
      b.v = 2;
    }),
    400,
    'INVALID_REQUEST',
    /body\.v/,
  ],
  [
    'a restore from an unknown device',
    MOBILE_API.restore,
    restore((b) => {
      b.deviceId = UNKNOWN_DEVICE_ID;
    }),
    404,
    'UNKNOWN_DEVICE',
    /No IB Key device has deviceId/,
  ],
  [
    'a restore with a stale ts',
    MOBILE_API.restore,
    restore((b) => {
      b.ts = 1;
    }),
    401,
    'STALE_REQUEST',
    /more than 60 seconds away/,
  ],
  [
    'a restore with a forged signature',
    MOBILE_API.restore,
    restore(() => {}),
    401,
    'BAD_SIGNATURE',
    /restore\|deviceId\|apnsToken\|ts/,
  ],
  [
    'a key report with a signature (it is unsigned)',
    MOBILE_API.keyInvalidated,
    report((b) => {
      b.sig = 'A'.repeat(86);
    }),
    400,
    'INVALID_REQUEST',
    /unknown field "sig"/,
  ],
  [
    'a key report with a nonce of 31 bytes',
    MOBILE_API.keyInvalidated,
    report((b) => {
      b.nonce = encodeBase64url(new Uint8Array(31));
    }),
    400,
    'BAD_ENCODING',
    /body\.nonce must be 32 bytes/,
  ],
  [
    'a key report with a short txid',
    MOBILE_API.keyInvalidated,
    report((b) => {
      b.txid = 'abc';
    }),
    400,
    'INVALID_REQUEST',
    /body\.txid/,
  ],
  [
    'a key report without a nonce',
    MOBILE_API.keyInvalidated,
    report((b) => {
      delete b.nonce;
    }),
    400,
    'INVALID_REQUEST',
    /missing the field "nonce"/,
  ],
  [
    'a key report for an unknown device',
    MOBILE_API.keyInvalidated,
    report((b) => {
      b.deviceId = UNKNOWN_DEVICE_ID;
    }),
    404,
    'UNKNOWN_DEVICE',
    /No IB Key device/,
  ],
  [
    'a key report naming a login the device never got',
    MOBILE_API.keyInvalidated,
    report((b) => {
      b.txid = 'B'.repeat(22);
    }),
    404,
    'UNKNOWN_TRANSACTION',
    /No login request/,
  ],
  [
    'a key report with a nonce that is not the waiting login’s',
    MOBILE_API.keyInvalidated,
    report(() => {}),
    403,
    'BAD_NONCE',
    /does not belong to this login request/,
  ],
  [
    'a recovery start for the purpose "steal"',
    MOBILE_API.recoveryStart,
    start((b) => {
      b.purpose = 'steal';
    }),
    400,
    'INVALID_REQUEST',
    /body\.purpose/,
  ],
  [
    'a recovery start without a password',
    MOBILE_API.recoveryStart,
    start((b) => {
      delete b.password;
    }),
    400,
    'INVALID_REQUEST',
    /missing the field "password"/,
  ],
  [
    'a recovery start with an empty username',
    MOBILE_API.recoveryStart,
    start((b) => {
      b.username = '';
    }),
    400,
    'INVALID_REQUEST',
    /body\.username/,
  ],
  [
    'a recovery start with a password of 257 characters',
    MOBILE_API.recoveryStart,
    start((b) => {
      b.password = 'x'.repeat(257);
    }),
    400,
    'INVALID_REQUEST',
    /body\.password/,
  ],
  [
    'a recovery start with a numeric username',
    MOBILE_API.recoveryStart,
    start((b) => {
      b.username = 42;
    }),
    400,
    'INVALID_REQUEST',
    /body\.username must be string/,
  ],
  [
    'a recovery start naming a deviceId (the server needs none)',
    MOBILE_API.recoveryStart,
    start((b) => {
      b.deviceId = 'DEVICE';
    }),
    400,
    'INVALID_REQUEST',
    /unknown field "deviceId"/,
  ],
  [
    'a form-encoded recovery start',
    MOBILE_API.recoveryStart,
    'v=1&purpose=move',
    415,
    'UNSUPPORTED_MEDIA_TYPE',
    /application\/json/,
    'application/x-www-form-urlencoded',
  ],
  [
    'a recovery start as a JSON array',
    MOBILE_API.recoveryStart,
    '[]',
    400,
    'INVALID_REQUEST',
    /body must be object/,
  ],
  [
    'a recovery completion with a 5-digit code',
    MOBILE_API.recoveryComplete,
    complete((b) => {
      b.smsCode = '12345';
    }),
    400,
    'INVALID_REQUEST',
    /body\.smsCode/,
  ],
  [
    'a recovery completion with letters in the code',
    MOBILE_API.recoveryComplete,
    complete((b) => {
      b.smsCode = '12a456';
    }),
    400,
    'INVALID_REQUEST',
    /body\.smsCode/,
  ],
  [
    'a recovery completion with the code as a number',
    MOBILE_API.recoveryComplete,
    complete((b) => {
      b.smsCode = 42917;
    }),
    400,
    'INVALID_REQUEST',
    /body\.smsCode must be string/,
  ],
  [
    'a recovery completion with a recoveryId that is not a UUID',
    MOBILE_API.recoveryComplete,
    complete((b) => {
      b.recoveryId = 'recovery-1';
    }),
    400,
    'INVALID_REQUEST',
    /body\.recoveryId/,
  ],
  [
    'a recovery completion without the device',
    MOBILE_API.recoveryComplete,
    complete((b) => {
      delete b.device;
    }),
    400,
    'INVALID_REQUEST',
    /missing the field "device"/,
  ],
  [
    'a recovery completion sending the private key',
    MOBILE_API.recoveryComplete,
    complete((b) => {
      (b.publicKey as Record<string, unknown>).d = otherKey.d;
    }),
    400,
    'INVALID_REQUEST',
    /unknown field "d"/,
  ],
  [
    'a recovery completion with a key off the curve',
    MOBILE_API.recoveryComplete,
    complete((b) => {
      (b.publicKey as Record<string, unknown>).y = encodeBase64url(new Uint8Array(32).fill(9));
    }),
    400,
    'BAD_PUBLIC_KEY',
    /not on the P-256 curve/,
  ],
  [
    'a recovery completion whose code was changed after signing',
    MOBILE_API.recoveryComplete,
    complete((b) => {
      b.smsCode = '999999';
    }),
    401,
    'BAD_SIGNATURE',
    /recover\|recoveryId\|smsCode\|thumbprint\|apnsToken/,
  ],
  ['an empty recovery completion', MOBILE_API.recoveryComplete, '', 400, 'INVALID_REQUEST', /empty/],
  [
    'a 64 KiB recovery completion',
    MOBILE_API.recoveryComplete,
    complete((b) => {
      b.padding = 'x'.repeat(65_536);
    }),
    413,
    'PAYLOAD_TOO_LARGE',
    /larger than the server accepts/,
  ],
];

describe('malformed restore, key report and recovery requests', () => {
  it('covers every new endpoint', () => {
    const paths = new Set(cases().map((entry) => entry[1]));
    expect(paths).toEqual(
      new Set([
        MOBILE_API.restore,
        MOBILE_API.keyInvalidated,
        MOBILE_API.recoveryStart,
        MOBILE_API.recoveryComplete,
      ]),
    );
  });

  it.each(cases().map((entry) => [entry[0], entry] as const))(
    'refuses %s with a 4xx, a code and a sentence; the database is unchanged',
    (_label, entry) => expectRefused(lab, entry, { DEVICE: phone.enrolled!.deviceId, TXID: waitingTxid }),
  );

  it('still takes the untouched requests afterwards: nothing was consumed by the bad ones', async () => {
    expect(await phone.restore(null, serverNow(lab))).toMatchObject({ deviceId: phone.enrolled!.deviceId });
    const started = await phone.startRecovery(lab.server.url, {
      purpose: 'move',
      username: user.username,
      password: user.password,
    });
    expect(started.attemptsLeft).toBe(5);
  });
});
