// The lab control API (/lab/..., a portal in lab mode, loopback callers only) as JSON Schemas:
// the portal validates requests and serialises answers with them, and the lab's client derives
// its types from the same schemas and checks every answer against them.
//
// Every request carries the run's token, `Authorization: Bearer <token>` (the portal makes it at
// start; `npm run serve` prints it), is addressed to the portal itself (Host 127.0.0.1, localhost
// or [::1] with its port, or its public host), comes from no other origin, and sends JSON. Refusals
// are {error, message}: 401 UNAUTHORIZED (no token, or another run's), 403 FORBIDDEN (not loopback,
// another Host, Origin or site), 415 UNSUPPORTED_MEDIA_TYPE (a body that is not JSON), 400
// INVALID_REQUEST (the schema), 404 UNKNOWN_USER and 409 USERNAME_TAKEN (the routes below).

import { type Static, Type } from 'typebox';
import { Biometry, PublicJwkSchema, RecoveryPurpose, RevokedReason } from './messages.ts';

const strict = { additionalProperties: false } as const;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
/** Times travel as ISO 8601 strings (the portal's clock, which the lab can move). */
const Time = Type.String({ format: 'date-time' });
const LocaleTag = Type.Union([Type.Literal('fr-FR'), Type.Literal('en-US')]);
const ApnsToken = Type.String({ pattern: '^(?:[0-9a-f]{2}){32,100}$' });
/** The number the SMS codes of a recovery go to, E.164 (the gateway's SMS stream takes the same). */
const PhoneNumber = Type.String({ pattern: '^\\+[1-9]\\d{6,14}$' });
const KeyState = Type.Union([Type.Literal('usable'), Type.Literal('invalidated')]);
/** The device's private key, handed to a test that plays an already activated phone. */
const PrivateJwkSchema = Type.Object(
  {
    kty: Type.Literal('EC'),
    crv: Type.Literal('P-256'),
    x: Type.String(),
    y: Type.String(),
    d: Type.String(),
  },
  strict,
);

export const LabEndpoints = Type.Object({ apnsDeviceUrl: Nullable(Type.String()) }, strict);

export const LabClockState = Type.Object({ now: Time, offsetSeconds: Type.Number() }, strict);

export const AdvanceClockRequest = Type.Object(
  { seconds: Type.Number({ minimum: 0, maximum: 315_360_000 }) },
  strict,
);

export const CreateUserRequest = Type.Object(
  {
    username: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$' })),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    locale: Type.Optional(LocaleTag),
    /** Default: a made-up number; null: a user with no number on file (recovery answers NO_PHONE_NUMBER). */
    phone: Type.Optional(Nullable(PhoneNumber)),
    device: Type.Optional(
      Type.Object(
        {
          state: Type.Union([Type.Literal('none'), Type.Literal('active')]),
          apnsToken: Type.Optional(Nullable(ApnsToken)),
          biometry: Type.Optional(Biometry),
          /** 'invalidated': as if the phone had reported its key unusable (biometrics changed). */
          keyState: Type.Optional(KeyState),
        },
        strict,
      ),
    ),
  },
  strict,
);

export const CreatedUser = Type.Object(
  {
    user: Type.Object(
      {
        id: Type.String(),
        username: Type.String(),
        password: Type.String(),
        displayName: Type.String(),
        locale: LocaleTag,
        phone: Nullable(PhoneNumber),
      },
      strict,
    ),
    /** With `device: {state: 'active'}`: the device as if the phone had activated, with its key. */
    device: Nullable(
      Type.Object(
        {
          deviceId: Type.String(),
          privateKey: PrivateJwkSchema,
          apnsToken: Nullable(ApnsToken),
          serverPublicKey: PublicJwkSchema,
        },
        strict,
      ),
    ),
  },
  strict,
);

export const UserStateParams = Type.Object({ username: Type.String({ maxLength: 64 }) }, strict);

/** A user's rows as support sees them: secrets (password hash, credentials) left out. */
export const UserState = Type.Object(
  {
    user: Type.Object(
      {
        id: Type.String(),
        username: Type.String(),
        displayName: Type.String(),
        locale: LocaleTag,
        phone: Nullable(PhoneNumber),
      },
      strict,
    ),
    devices: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          state: Type.Union([Type.Literal('active'), Type.Literal('revoked')]),
          key_thumbprint: Type.String(),
          apns_token: Nullable(Type.String()),
          model: Type.String(),
          os: Type.String(),
          app_version: Type.String(),
          biometry: Biometry,
          activation_serial: Nullable(Type.String()),
          /** The recovery (or move) that enrolled this device, when not a QR activation. */
          recovery_id: Nullable(Type.String()),
          activated_at: Time,
          revoked_at: Nullable(Time),
          revoked_reason: Nullable(RevokedReason),
          /** The device that took over when this one was revoked. */
          replaced_by: Nullable(Type.String()),
          key_state: KeyState,
          key_invalidated_at: Nullable(Time),
        },
        strict,
      ),
    ),
    activations: Type.Array(
      Type.Object(
        {
          serial: Type.String(),
          code: Type.String(),
          state: Type.Union([Type.Literal('issued'), Type.Literal('activated'), Type.Literal('failed')]),
          outcome: Nullable(Type.String()),
          issued_at: Time,
          expires_at: Time,
          attempted_at: Nullable(Time),
          device_id: Nullable(Type.String()),
        },
        strict,
      ),
    ),
    transactions: Type.Array(
      Type.Object(
        {
          txid: Type.String(),
          device_id: Type.String(),
          state: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('denied')]),
          answered_by: Nullable(Type.Union([Type.Literal('push'), Type.Literal('challenge_response')])),
          push_outcome: Type.String(),
          push_detail: Nullable(Type.String()),
          cr_failures: Type.Integer(),
          created_at: Time,
          expires_at: Time,
          answered_at: Nullable(Time),
        },
        strict,
      ),
    ),
    /** Recoveries and moves (protocol D and E), without their SMS codes. */
    recoveries: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          purpose: RecoveryPurpose,
          state: Type.Union([
            Type.Literal('sending'),
            Type.Literal('sms_failed'),
            Type.Literal('issued'),
            Type.Literal('completed'),
            Type.Literal('failed'),
            Type.Literal('expired'),
            Type.Literal('superseded'),
          ]),
          outcome: Nullable(Type.String()),
          attempts_left: Type.Integer(),
          phone_hint: Type.String(),
          sms_sid: Nullable(Type.String()),
          replaces_device_id: Type.String(),
          new_device_id: Nullable(Type.String()),
          created_at: Time,
          expires_at: Time,
          completed_at: Nullable(Time),
        },
        strict,
      ),
    ),
    audit: Type.Array(
      Type.Object(
        {
          at: Time,
          kind: Type.String(),
          outcome: Type.String(),
          serial: Nullable(Type.String()),
          txid: Nullable(Type.String()),
          device_id: Nullable(Type.String()),
          detail: Type.Record(Type.String(), Type.Unknown()),
        },
        strict,
      ),
    ),
  },
  strict,
);

export const LabControlErrorBody = Type.Object({ error: Type.String(), message: Type.String() });

/** Every route: what it takes and what it answers. The portal registers these, the client calls them. */
export const LAB_CONTROL_ROUTES = {
  endpoints: { method: 'GET', url: '/lab/endpoints', status: 200, answer: LabEndpoints },
  clock: { method: 'GET', url: '/lab/clock', status: 200, answer: LabClockState },
  advanceClock: {
    method: 'POST',
    url: '/lab/clock/advance',
    body: AdvanceClockRequest,
    status: 200,
    answer: LabClockState,
  },
  /** 409 USERNAME_TAKEN when the username is in use, also when several creates of one name race. */
  createUser: {
    method: 'POST',
    url: '/lab/users',
    body: CreateUserRequest,
    status: 201,
    answer: CreatedUser,
  },
  userState: {
    method: 'GET',
    url: '/lab/users/:username/state',
    params: UserStateParams,
    status: 200,
    answer: UserState,
  },
} as const;

export type LabEndpoints = Static<typeof LabEndpoints>;
export type LabClockState = Static<typeof LabClockState>;
export type CreateUserRequest = Static<typeof CreateUserRequest>;
export type CreatedUser = Static<typeof CreatedUser>;
export type UserState = Static<typeof UserState>;
