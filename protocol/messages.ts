// Request and response bodies of the mobile API as JSON Schemas (TypeBox). The server validates
// with them and the simulated app builds its requests from the same types, so they cannot drift.

import { type Static, Type } from 'typebox';

/** Binary fields are base64url without padding, of an exact decoded length (format names below). */
export const BINARY_FORMATS = {
  'base64url-20': /^[A-Za-z0-9_-]{27}$/,
  'base64url-32': /^[A-Za-z0-9_-]{43}$/,
  'base64url-64': /^[A-Za-z0-9_-]{86}$/,
} as const;

const strict = { additionalProperties: false } as const;
const Version = Type.Literal(1, { description: 'Protocol version; always 1.' });
const Serial = Type.String({
  pattern: '^[0-9A-HJKMNP-TV-Z]{12}$',
  description: '12 Crockford base32 characters.',
});
const Credential = Type.String({ format: 'base64url-20', description: '20 random bytes from the QR.' });
const Signature = Type.String({ format: 'base64url-64', description: 'ECDSA P-256 SHA-256, raw r||s.' });
const Nonce = Type.String({ format: 'base64url-32' });
const TxId = Type.String({ pattern: '^[A-Za-z0-9_-]{22}$', description: '16 random bytes, base64url.' });
const Uuid = Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' });
const DeviceId = Uuid;
const RecoveryId = Uuid;
const ApnsToken = Type.String({
  pattern: '^(?:[0-9a-f]{2}){32,100}$',
  description: 'Lowercase hex, 32 to 100 bytes.',
});
const ShortText = (maxLength: number) =>
  Type.String({ minLength: 1, maxLength, pattern: '^[^|\\u0000-\\u001f]+$' });

export const PublicJwkSchema = Type.Object(
  {
    kty: Type.Literal('EC'),
    crv: Type.Literal('P-256'),
    x: Type.String({ format: 'base64url-32' }),
    y: Type.String({ format: 'base64url-32' }),
  },
  strict,
);

export const Biometry = Type.Union([
  Type.Literal('faceId'),
  Type.Literal('touchId'),
  Type.Literal('passcode'),
]);

const DeviceDescription = Type.Object(
  { model: ShortText(64), os: ShortText(32), appVersion: ShortText(32), biometry: Biometry },
  strict,
);

export const EnrollRequest = Type.Object(
  {
    v: Version,
    serial: Serial,
    credential: Credential,
    publicKey: PublicJwkSchema,
    apnsToken: Type.Union([ApnsToken, Type.Null()]),
    device: DeviceDescription,
    sig: Signature,
  },
  strict,
);

/** What the app keeps with its key after an enrollment, a restore or a completed recovery. */
export const EnrollResponse = Type.Object(
  {
    v: Version,
    deviceId: DeviceId,
    serverPublicKey: PublicJwkSchema,
    challengeResponse: Type.Object(
      {
        algorithm: Type.Literal('IBKEY-CR-HS256-8'),
        challengeDigits: Type.Literal(6),
        responseDigits: Type.Literal(8),
      },
      strict,
    ),
  },
  strict,
);

export const PendingRequest = Type.Object(
  {
    v: Version,
    deviceId: DeviceId,
    ts: Type.Integer({ minimum: 0, description: 'Unix seconds.' }),
    sig: Signature,
  },
  strict,
);

export const PendingTransaction = Type.Object(
  {
    txid: TxId,
    nonce: Nonce,
    challenge: Type.String({ pattern: '^\\d{6}$' }),
    expiresAt: Type.Integer({ description: 'Unix seconds.' }),
    sig: Signature,
  },
  strict,
);

export const PendingResponse = Type.Object({ transactions: Type.Array(PendingTransaction) }, strict);

export const Decision = Type.Union([Type.Literal('approve'), Type.Literal('deny')]);

export const AnswerRequest = Type.Object(
  { v: Version, deviceId: DeviceId, txid: TxId, nonce: Nonce, decision: Decision, sig: Signature },
  strict,
);

export const AnswerResponse = Type.Object(
  { txid: TxId, state: Type.Union([Type.Literal('approved'), Type.Literal('denied')]) },
  strict,
);

/** Part D, key still valid: the app proves it holds the device key and re-binds its APNs token. */
export const RestoreRequest = Type.Object(
  {
    v: Version,
    deviceId: DeviceId,
    apnsToken: Type.Union([ApnsToken, Type.Null()]),
    ts: Type.Integer({ minimum: 0, description: 'Unix seconds.' }),
    sig: Signature,
  },
  strict,
);

/** The app cannot sign with an invalidated key; it proves possession of a push it received instead. */
export const KeyInvalidatedRequest = Type.Object(
  { v: Version, deviceId: DeviceId, txid: TxId, nonce: Nonce },
  strict,
);

export const KeyInvalidatedResponse = Type.Object(
  {
    deviceId: DeviceId,
    keyState: Type.Literal('invalidated'),
    keyInvalidatedAt: Type.Integer({ description: 'Unix seconds.' }),
  },
  strict,
);

/** Why a device was revoked: its IB Key moved to another phone (E), or a recovery replaced it (D). */
export const RevokedReason = Type.Union([Type.Literal('moved'), Type.Literal('recovered')]);

export const RecoveryPurpose = Type.Union([Type.Literal('recover'), Type.Literal('move')]);

/** Parts D and E, key missing or invalidated, or a new phone: the password, then an SMS code. */
export const RecoveryStartRequest = Type.Object(
  {
    v: Version,
    purpose: RecoveryPurpose,
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  strict,
);

export const RecoveryStartResponse = Type.Object(
  {
    recoveryId: RecoveryId,
    expiresAt: Type.Integer({ description: 'Unix seconds.' }),
    phoneHint: Type.String({ pattern: '^\\d{2}$', description: 'The last two digits of the number texted.' }),
    codeDigits: Type.Literal(6),
    attemptsLeft: Type.Integer({ minimum: 1 }),
  },
  strict,
);

export const RecoveryCompleteRequest = Type.Object(
  {
    v: Version,
    recoveryId: RecoveryId,
    smsCode: Type.String({ pattern: '^\\d{6}$', description: 'The 6 digits of the SMS.' }),
    publicKey: PublicJwkSchema,
    apnsToken: Type.Union([ApnsToken, Type.Null()]),
    device: DeviceDescription,
    sig: Signature,
  },
  strict,
);

export const ErrorResponse = Type.Object({
  error: Type.String(),
  message: Type.String(),
  retryAfter: Type.Optional(Type.Integer()),
  reason: Type.Optional(RevokedReason),
  attemptsLeft: Type.Optional(Type.Integer()),
});

/** The custom part of an APNs payload; the alert text is in the user's language. */
export const PushPayload = Type.Object({
  aps: Type.Object({
    alert: Type.Object({ title: Type.String(), body: Type.String() }),
    sound: Type.String(),
    category: Type.Literal('IBKEY_APPROVAL'),
  }),
  ibkey: Type.Object({ v: Version, txid: TxId, nonce: Nonce, sig: Signature }, strict),
});

export type EnrollRequest = Static<typeof EnrollRequest>;
export type EnrollResponse = Static<typeof EnrollResponse>;
export type PendingRequest = Static<typeof PendingRequest>;
export type PendingTransaction = Static<typeof PendingTransaction>;
export type PendingResponse = Static<typeof PendingResponse>;
export type AnswerRequest = Static<typeof AnswerRequest>;
export type AnswerResponse = Static<typeof AnswerResponse>;
export type PushPayload = Static<typeof PushPayload>;
export type RestoreRequest = Static<typeof RestoreRequest>;
export type KeyInvalidatedRequest = Static<typeof KeyInvalidatedRequest>;
export type KeyInvalidatedResponse = Static<typeof KeyInvalidatedResponse>;
export type RevokedReasonValue = Static<typeof RevokedReason>;
export type RecoveryPurposeValue = Static<typeof RecoveryPurpose>;
export type RecoveryStartRequest = Static<typeof RecoveryStartRequest>;
export type RecoveryStartResponse = Static<typeof RecoveryStartResponse>;
export type RecoveryCompleteRequest = Static<typeof RecoveryCompleteRequest>;
export type BiometryKind = Static<typeof Biometry>;
export type DecisionValue = Static<typeof Decision>;

/** Login transaction states as the portal's status endpoint reports them (RFC 8628 names). */
export type LoginPollStatus =
  | 'authorization_pending'
  | 'slow_down'
  | 'approved'
  | 'access_denied'
  | 'expired_token';

export const MOBILE_API = {
  enroll: '/sls/ibkey/v1/enroll',
  pending: '/sls/ibkey/v1/transactions/pending',
  answer: '/sls/ibkey/v1/transactions/answer',
  restore: '/sls/ibkey/v1/restore',
  keyInvalidated: '/sls/ibkey/v1/key-invalidated',
  recoveryStart: '/sls/ibkey/v1/recovery/start',
  recoveryComplete: '/sls/ibkey/v1/recovery/complete',
} as const;
