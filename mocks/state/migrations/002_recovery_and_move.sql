-- Recovery on the same phone and moves to a new phone (protocol D and E): whether a device's key
-- still works, why and by what a device was revoked, and each recovery with its SMS code (as an
-- HMAC only), so a recovery and the revocation it causes are one row each, changed in one transaction.

ALTER TABLE devices
  ADD COLUMN key_state          text NOT NULL DEFAULT 'usable' CHECK (key_state IN ('usable', 'invalidated')),
  ADD COLUMN key_invalidated_at timestamptz,
  ADD COLUMN revoked_reason     text CHECK (revoked_reason IN ('moved', 'recovered')),
  ADD COLUMN replaced_by        uuid REFERENCES devices (id),
  ADD CONSTRAINT devices_revoked_has_reason CHECK ((state = 'revoked') = (revoked_reason IS NOT NULL AND revoked_at IS NOT NULL));

CREATE TABLE recoveries (
  id                 uuid PRIMARY KEY,
  user_id            uuid NOT NULL REFERENCES users (id),
  purpose            text NOT NULL CHECK (purpose IN ('recover', 'move')),
  -- sending -> issued (SMS accepted) or sms_failed; issued -> completed, failed, expired or superseded
  state              text NOT NULL CHECK (state IN ('sending', 'sms_failed', 'issued', 'completed', 'failed', 'expired', 'superseded')),
  outcome            text,
  code_hash          bytea NOT NULL,
  attempts_left      integer NOT NULL CHECK (attempts_left >= 0),
  phone_hint         text NOT NULL,
  sms_sid            text,
  replaces_device_id uuid NOT NULL REFERENCES devices (id),
  new_device_id      uuid REFERENCES devices (id),
  created_at         timestamptz NOT NULL,
  expires_at         timestamptz NOT NULL,
  completed_at       timestamptz
);
-- The last code texted is the only one that works: one usable recovery per user.
CREATE UNIQUE INDEX recoveries_one_usable_per_user ON recoveries (user_id) WHERE state = 'issued';
CREATE INDEX recoveries_by_user ON recoveries (user_id, created_at);

-- A device enrolled by a recovery names it (one enrolled from a QR names its activation instead).
ALTER TABLE devices ADD COLUMN recovery_id uuid REFERENCES recoveries (id);
