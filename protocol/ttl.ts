// Default lifetimes and limits. The server reads them from its config, so a lab can shorten them;
// these are the values a phone app may assume when it is not told otherwise.

export const PROTOCOL_VERSION = 1;

export const DEFAULT_TTL = {
  /** An activation (the QR and its code) is redeemable for this long after it is issued. */
  activationSeconds: 300,
  /** A push login transaction can be answered (or a C/R response entered) for this long. */
  loginTransactionSeconds: 120,
  /** Signed device requests carry a timestamp that must be within this many seconds of server time. */
  requestClockSkewSeconds: 60,
  /** The portal polls login and activation status at this interval; faster polls get slow_down. */
  pollIntervalSeconds: 1,
  /** The SMS code of a recovery or a move can be entered for this long after it is sent. */
  recoveryCodeSeconds: 300,
} as const;

/** How many SMS codes one recovery accepts; the last wrong one consumes it. */
export const SMS_CODE_ATTEMPTS = 5;
export const SMS_CODE_DIGITS = 6;

export const CHALLENGE_DIGITS = 6;
export const RESPONSE_DIGITS = 8;
export const ACTIVATION_CODE_LENGTH = 8;
export const CREDENTIAL_BYTES = 20;
