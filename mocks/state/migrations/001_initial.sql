-- Users of the Client Portal, their IB Key devices, activations (QR codes), push login
-- transactions, portal sessions, the audit trail, and the server's own key material.
-- Every time is written by the server from its lab clock, never from now(), so TTLs follow the clock.

CREATE TABLE users (
  id            uuid PRIMARY KEY,
  username      text NOT NULL UNIQUE,
  display_name  text NOT NULL,
  password_hash text NOT NULL,
  phone         text,
  locale        text NOT NULL CHECK (locale IN ('fr-FR', 'en-US')),
  created_at    timestamptz NOT NULL
);

CREATE TABLE devices (
  id                uuid PRIMARY KEY,
  user_id           uuid NOT NULL REFERENCES users (id),
  state             text NOT NULL CHECK (state IN ('active', 'revoked')),
  public_key        jsonb NOT NULL,
  key_thumbprint    text NOT NULL,
  apns_token        text,
  model             text NOT NULL,
  os                text NOT NULL,
  app_version       text NOT NULL,
  biometry          text NOT NULL CHECK (biometry IN ('faceId', 'touchId', 'passcode')),
  activation_serial text,
  activated_at      timestamptz NOT NULL,
  revoked_at        timestamptz
);
-- The rule the whole product rests on: never two active devices for one user.
CREATE UNIQUE INDEX devices_one_active_per_user ON devices (user_id) WHERE state = 'active';

CREATE TABLE activations (
  serial          text PRIMARY KEY,
  user_id         uuid NOT NULL REFERENCES users (id),
  credential_hash bytea NOT NULL,
  code            text NOT NULL,
  state           text NOT NULL CHECK (state IN ('issued', 'activated', 'failed')),
  outcome         text,
  issued_at       timestamptz NOT NULL,
  expires_at      timestamptz NOT NULL,
  attempted_at    timestamptz,
  device_id       uuid REFERENCES devices (id)
);
CREATE INDEX activations_by_user ON activations (user_id, issued_at DESC);

CREATE TABLE login_transactions (
  txid          text PRIMARY KEY,
  user_id       uuid NOT NULL REFERENCES users (id),
  device_id     uuid NOT NULL REFERENCES devices (id),
  challenge     text NOT NULL,
  state         text NOT NULL CHECK (state IN ('pending', 'approved', 'denied')),
  answered_by   text CHECK (answered_by IN ('push', 'challenge_response')),
  push_outcome  text NOT NULL DEFAULT 'pending',
  push_detail   text,
  cr_failures   integer NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL,
  expires_at    timestamptz NOT NULL,
  answered_at   timestamptz
);
CREATE INDEX login_transactions_pending_by_device ON login_transactions (device_id) WHERE state = 'pending';

CREATE TABLE portal_sessions (
  id_hash           bytea PRIMARY KEY,
  user_id           uuid REFERENCES users (id),
  stage             text NOT NULL CHECK (stage IN ('anonymous', 'gate', 'second_factor', 'authenticated')),
  csrf_token        text NOT NULL,
  activation_serial text REFERENCES activations (serial),
  txid              text REFERENCES login_transactions (txid),
  created_at        timestamptz NOT NULL,
  expires_at        timestamptz NOT NULL
);

CREATE TABLE audit_events (
  id        bigserial PRIMARY KEY,
  at        timestamptz NOT NULL,
  user_id   uuid,
  kind      text NOT NULL,
  outcome   text NOT NULL,
  serial    text,
  txid      text,
  device_id uuid,
  detail    jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_by_user ON audit_events (user_id, id);

CREATE TABLE server_keys (
  id           integer PRIMARY KEY CHECK (id = 1),
  signing_jwk  jsonb NOT NULL,
  nonce_secret bytea NOT NULL,
  created_at   timestamptz NOT NULL
);
