// Bad input to the mobile API: every request gets a 4xx with an error code and a sentence,
// never a 5xx, and the database is exactly as it was (but for the audit of a forged signature).

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StartedLab } from '../../lab/index.ts';
import {
  type EnrollRequest,
  encodeBase64url,
  generateKeyPairJwk,
  PhoneClient,
  type PrivateJwk,
  publicPart,
} from '../../protocol/index.ts';
import { changed, expectRefused, type RefusalCase } from './test-support/refusals.ts';
import { startServerLab } from './test-support/server-lab.ts';

let lab: StartedLab;
let valid: EnrollRequest;
let deviceId: string;
let otherKey: PrivateJwk;

beforeAll(async () => {
  lab = await startServerLab(inject('storeUrl'), 'malformed');
  const { user } = await lab.createUser();
  const portal = lab.portal();
  await portal.logIn(user.username, user.password);
  valid = await (await PhoneClient.create()).enrollRequest(await portal.gateLink(), 'ab'.repeat(32));
  const withDevice = await lab.createUser({ device: { state: 'active', apnsToken: null } });
  deviceId = withDevice.device!.deviceId;
  otherKey = (await generateKeyPairJwk()).privateJwk;
});
afterAll(() => lab.stop());

const ENROLL = '/sls/ibkey/v1/enroll';
const ANSWER = '/sls/ibkey/v1/transactions/answer';
const PENDING = '/sls/ibkey/v1/transactions/pending';

const enroll = (change: (body: Record<string, unknown>) => void) => changed(() => valid, change);

const cases = (): RefusalCase[] => [
  [
    'an unknown top-level field',
    ENROLL,
    enroll((b) => {
      b.admin = true;
    }),
    400,
    'INVALID_REQUEST',
    /unknown field "admin"/,
  ],
  [
    'an unknown device field',
    ENROLL,
    enroll((b) => {
      (b.device as Record<string, unknown>).jailbroken = false;
    }),
    400,
    'INVALID_REQUEST',
    /body\.device has an unknown field "jailbroken"/,
  ],
  [
    'a missing serial',
    ENROLL,
    enroll((b) => {
      delete b.serial;
    }),
    400,
    'INVALID_REQUEST',
    /missing the field "serial"/,
  ],
  [
    'a missing signature',
    ENROLL,
    enroll((b) => {
      delete b.sig;
    }),
    400,
    'INVALID_REQUEST',
    /missing the field "sig"/,
  ],
  [
    'v as a string',
    ENROLL,
    enroll((b) => {
      b.v = '1';
    }),
    400,
    'INVALID_REQUEST',
    /body\.v/,
  ],
  [
    'protocol version 2',
    ENROLL,
    enroll((b) => {
      b.v = 2;
    }),
    400,
    'INVALID_REQUEST',
    /body\.v/,
  ],
  [
    'a numeric serial',
    ENROLL,
    enroll((b) => {
      b.serial = 123456789012;
    }),
    400,
    'INVALID_REQUEST',
    /body\.serial must be string/,
  ],
  [
    'a serial with lowercase letters',
    ENROLL,
    enroll((b) => {
      b.serial = 'abcdefghjkmn';
    }),
    400,
    'INVALID_REQUEST',
    /body\.serial must match pattern/,
  ],
  [
    'a serial with a pipe',
    ENROLL,
    enroll((b) => {
      b.serial = 'ABCDEF|GHJKM';
    }),
    400,
    'INVALID_REQUEST',
    /body\.serial/,
  ],
  [
    'a credential in standard base64',
    ENROLL,
    enroll((b) => {
      b.credential = `${String(b.credential).slice(0, 25)}+/`;
    }),
    400,
    'BAD_ENCODING',
    /body\.credential must be 20 bytes in base64url/,
  ],
  [
    'a padded credential',
    ENROLL,
    enroll((b) => {
      b.credential = `${String(b.credential)}=`;
    }),
    400,
    'BAD_ENCODING',
    /body\.credential/,
  ],
  [
    'a short credential',
    ENROLL,
    enroll((b) => {
      b.credential = 'AAAA';
    }),
    400,
    'BAD_ENCODING',
    /body\.credential/,
  ],
  [
    'a signature of the wrong length',
    ENROLL,
    enroll((b) => {
      b.sig = encodeBase64url(new Uint8Array(70));
    }),
    400,
    'BAD_ENCODING',
    /body\.sig must be 64 bytes/,
  ],
  [
    'a signature with spaces',
    ENROLL,
    enroll((b) => {
      b.sig = `${' '.repeat(86)}`;
    }),
    400,
    'BAD_ENCODING',
    /body\.sig/,
  ],
  [
    'a JWK on the P-384 curve',
    ENROLL,
    enroll((b) => {
      (b.publicKey as Record<string, unknown>).crv = 'P-384';
    }),
    400,
    'INVALID_REQUEST',
    /body\.publicKey\.crv/,
  ],
  [
    'an RSA JWK',
    ENROLL,
    enroll((b) => {
      b.publicKey = { kty: 'RSA', n: 'AQAB', e: 'AQAB' };
    }),
    400,
    'INVALID_REQUEST',
    /body\.publicKey/,
  ],
  [
    'a JWK with its private part',
    ENROLL,
    enroll((b) => {
      (b.publicKey as Record<string, unknown>).d = otherKey.d;
    }),
    400,
    'INVALID_REQUEST',
    /unknown field "d"/,
  ],
  [
    'a JWK x that is not base64url',
    ENROLL,
    enroll((b) => {
      (b.publicKey as Record<string, unknown>).x = '*'.repeat(43);
    }),
    400,
    'BAD_ENCODING',
    /body\.publicKey\.x must be 32 bytes/,
  ],
  [
    'a JWK point off the curve',
    ENROLL,
    enroll((b) => {
      (b.publicKey as Record<string, unknown>).y = encodeBase64url(new Uint8Array(32).fill(9));
    }),
    400,
    'BAD_PUBLIC_KEY',
    /not on the P-256 curve/,
  ],
  [
    'an uppercase APNs token',
    ENROLL,
    enroll((b) => {
      b.apnsToken = 'AB'.repeat(32);
    }),
    400,
    'INVALID_REQUEST',
    /body\.apnsToken/,
  ],
  [
    'an APNs token of odd length',
    ENROLL,
    enroll((b) => {
      b.apnsToken = 'a'.repeat(65);
    }),
    400,
    'INVALID_REQUEST',
    /body\.apnsToken/,
  ],
  [
    'an unknown biometry',
    ENROLL,
    enroll((b) => {
      (b.device as Record<string, unknown>).biometry = 'iris';
    }),
    400,
    'INVALID_REQUEST',
    /body\.device\.biometry/,
  ],
  [
    'a device model of 200 characters',
    ENROLL,
    enroll((b) => {
      (b.device as Record<string, unknown>).model = 'x'.repeat(200);
    }),
    400,
    'INVALID_REQUEST',
    /body\.device\.model/,
  ],
  [
    'a device model with a control character',
    ENROLL,
    enroll((b) => {
      (b.device as Record<string, unknown>).model = 'iPhone\u0000';
    }),
    400,
    'INVALID_REQUEST',
    /body\.device\.model/,
  ],
  [
    'a signature by another key',
    ENROLL,
    enroll((b) => {
      b.publicKey = publicPart(otherKey);
    }),
    401,
    'BAD_SIGNATURE',
    /does not verify/,
  ],
  [
    'a signature over another APNs token',
    ENROLL,
    enroll((b) => {
      b.apnsToken = 'cd'.repeat(32);
    }),
    401,
    'BAD_SIGNATURE',
    /does not verify/,
  ],
  ['a JSON array body', ENROLL, '[1,2,3]', 400, 'INVALID_REQUEST', /body must be object/],
  ['a JSON null body', ENROLL, 'null', 400, 'INVALID_REQUEST', /body/],
  ['truncated JSON', ENROLL, '{"v":1,"serial":', 400, 'INVALID_REQUEST', /not valid JSON/],
  ['an empty body', ENROLL, '', 400, 'INVALID_REQUEST', /empty/],
  [
    'a form-encoded body',
    ENROLL,
    'v=1&serial=X',
    415,
    'UNSUPPORTED_MEDIA_TYPE',
    /application\/json/,
    'application/x-www-form-urlencoded',
  ],
  [
    'a 64 KiB body',
    ENROLL,
    enroll((b) => {
      b.padding = 'x'.repeat(65_536);
    }),
    413,
    'PAYLOAD_TOO_LARGE',
    /larger than the server accepts/,
  ],
  ['a __proto__ key', ENROLL, '{"__proto__":{"admin":true},"v":1}', 400, 'INVALID_REQUEST', /./],
  [
    'an answer with decision "maybe"',
    ANSWER,
    {
      v: 1,
      deviceId: '00000000-0000-0000-0000-000000000000',
      txid: 'A'.repeat(22),
      nonce: 'A'.repeat(43),
      decision: 'maybe',
      sig: 'A'.repeat(86),
    },
    400,
    'INVALID_REQUEST',
    /body\.decision/,
  ],
  [
    'an answer from an unknown device',
    ANSWER,
    {
      v: 1,
      deviceId: '00000000-0000-0000-0000-000000000000',
      txid: 'A'.repeat(22),
      nonce: 'A'.repeat(43),
      decision: 'approve',
      sig: 'A'.repeat(86),
    },
    404,
    'UNKNOWN_DEVICE',
    /No IB Key device/,
  ],
  [
    'an answer with a forged signature',
    ANSWER,
    {
      v: 1,
      deviceId: 'DEVICE',
      txid: 'A'.repeat(22),
      nonce: 'A'.repeat(43),
      decision: 'approve',
      sig: 'A'.repeat(86),
    },
    401,
    'BAD_SIGNATURE',
    /does not verify/,
  ],
  [
    'a pending request with a negative ts',
    PENDING,
    { v: 1, deviceId: 'DEVICE', ts: -5, sig: 'A'.repeat(86) },
    400,
    'INVALID_REQUEST',
    /body\.ts/,
  ],
  [
    'a pending request with a fractional ts',
    PENDING,
    { v: 1, deviceId: 'DEVICE', ts: 1.5, sig: 'A'.repeat(86) },
    400,
    'INVALID_REQUEST',
    /body\.ts/,
  ],
  [
    'a pending request with a malformed deviceId',
    PENDING,
    { v: 1, deviceId: 'not-a-uuid', ts: 1, sig: 'A'.repeat(86) },
    400,
    'INVALID_REQUEST',
    /body\.deviceId/,
  ],
];

describe('malformed mobile API requests', () => {
  it('has at least 30 cases', () => {
    expect(cases().length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases().map((entry) => [entry[0], entry] as const))(
    'refuses %s with a 4xx, a code and a sentence; the database is unchanged',
    (_label, entry) => expectRefused(lab, entry, { DEVICE: deviceId }),
  );

  it('still redeems the untouched request afterwards: nothing was consumed by the bad ones', async () => {
    const response = await fetch(`${lab.server.url}${ENROLL}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(valid),
    });
    expect(response.status).toBe(200);
  });
});
