-- The server's signing key and nonce secret are kept sealed (AES-256-GCM) with a key that never
-- enters the database (LAB_SECRETS_KEY, LAB_SECRETS_KEY_FILE, or one made for the run), so that
-- the database alone can neither recompute a live QR's credential nor answer a pending challenge.
-- sealing_key_id names the key that sealed them (a hash, not the key), so a server given another
-- key says so at start. Every lab database is made and migrated before its server first starts;
-- a plain-text row from before this migration is dropped, and the server makes a sealed one.

DELETE FROM server_keys;
ALTER TABLE server_keys
  DROP COLUMN signing_jwk,
  DROP COLUMN nonce_secret,
  ADD COLUMN sealing_key_id text NOT NULL,
  -- iv (12 bytes) | GCM tag (16 bytes) | ciphertext of {"signingJwk", "nonceSecret"}
  ADD COLUMN sealed_secrets bytea NOT NULL;
