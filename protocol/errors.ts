// Error codes of the mobile API. Every error body is {error: CODE, message: sentence} (plus the
// one detail a few codes carry). The app branches on the code and never shows it to the customer.

import type { RevokedReasonValue } from './messages.ts';

export const ERROR_CODES = {
  INVALID_REQUEST: {
    status: 400,
    meaning: 'The body is not valid JSON, has an unknown field, or a field of the wrong type or size.',
  },
  BAD_ENCODING: { status: 400, meaning: 'A binary field is not base64url, or decodes to the wrong length.' },
  BAD_PUBLIC_KEY: {
    status: 400,
    meaning: 'publicKey is not an EC P-256 public JWK (kty EC, crv P-256, x and y of 32 bytes, no d).',
  },
  UNSUPPORTED_VERSION: { status: 400, meaning: 'v is not a protocol version this server speaks.' },
  BAD_SIGNATURE: {
    status: 401,
    meaning: 'sig does not verify over the canonical string with the device key.',
  },
  NOT_FOUND: { status: 404, meaning: 'Nothing is served at this method and path.' },
  METHOD_NOT_ALLOWED: {
    status: 405,
    meaning: 'The path exists but not with this method (see the Allow header).',
  },
  REQUEST_TIMEOUT: { status: 408, meaning: 'The request did not arrive in full in time.' },
  URL_TOO_LONG: { status: 414, meaning: 'A part of the URL path is longer than the server accepts.' },
  PAYLOAD_TOO_LARGE: { status: 413, meaning: 'The body is larger than the server accepts.' },
  HEADERS_TOO_LARGE: { status: 431, meaning: 'The request headers are larger than the server accepts.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, meaning: 'The body is not sent as application/json.' },
  UNKNOWN_ACTIVATION: { status: 404, meaning: 'No activation has this serial.' },
  CREDENTIAL_USED: {
    status: 409,
    meaning: 'This activation was already used for an activation attempt (successful or not).',
  },
  BAD_CREDENTIAL: {
    status: 403,
    meaning: 'The credential does not match the serial. Nothing changes: the activation can still be used.',
  },
  EXPIRED: {
    status: 410,
    meaning: 'The activation expired before it was redeemed. The activation is now consumed.',
  },
  ALREADY_ACTIVE: {
    status: 409,
    meaning: 'The user already has an active IB Key device. The activation is now consumed.',
  },
  UNKNOWN_DEVICE: { status: 404, meaning: 'No device has this deviceId (it never enrolled).' },
  DEVICE_REVOKED: {
    status: 410,
    meaning:
      "This device no longer holds the user's IB Key: it moved to another phone or was replaced by a recovery (see reason).",
  },
  KEY_INVALIDATED: {
    status: 403,
    meaning: "This device's key was reported invalidated (biometric enrolment changed); recover IB Key.",
  },
  UNKNOWN_TRANSACTION: {
    status: 404,
    meaning: 'No login transaction with this txid belongs to this device.',
  },
  BAD_NONCE: { status: 403, meaning: 'The nonce does not belong to this transaction.' },
  TRANSACTION_ANSWERED: { status: 409, meaning: 'The transaction was already approved or denied.' },
  TRANSACTION_EXPIRED: { status: 410, meaning: 'The transaction expired before it was answered.' },
  TRANSACTION_LOCKED: {
    status: 409,
    meaning: 'Too many wrong challenge/response answers locked the transaction; the customer logs in again.',
  },
  STALE_REQUEST: { status: 401, meaning: 'ts is more than the allowed skew away from server time.' },
  RATE_LIMITED: {
    status: 429,
    meaning: 'Too many attempts; retry after the number of seconds in retryAfter.',
  },
  BAD_LOGIN: { status: 401, meaning: 'The username or password is not correct.' },
  NO_ACTIVE_DEVICE: {
    status: 409,
    meaning: 'The user has no active IB Key to recover or move; activate it from the portal instead.',
  },
  NO_PHONE_NUMBER: {
    status: 409,
    meaning: 'No phone number is on file for the user, so no SMS code can be sent.',
  },
  UNAVAILABLE: {
    status: 503,
    meaning:
      'The server cannot reach its database just now (dropped, restarting or hung); nothing was done. Retry after Retry-After seconds.',
  },
  SMS_FAILED: {
    status: 502,
    meaning: 'The SMS gateway did not accept the code; nothing was started, so start again later.',
  },
  UNKNOWN_RECOVERY: { status: 404, meaning: 'No recovery has this recoveryId.' },
  RECOVERY_USED: {
    status: 409,
    meaning: 'This recovery was completed, failed, expired or replaced by a newer one; start again.',
  },
  SMS_CODE_EXPIRED: {
    status: 410,
    meaning: 'The SMS code expired before it was entered. The recovery is now consumed.',
  },
  BAD_SMS_CODE: {
    status: 403,
    meaning: 'The SMS code is not correct; attemptsLeft says how many tries remain.',
  },
  TOO_MANY_ATTEMPTS: {
    status: 429,
    meaning: 'The last attempt at the SMS code was wrong too. The recovery is now consumed; start again.',
  },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The outcome codes of an enrollment, in the order the server checks them inside its transaction. */
export const ENROLL_OUTCOMES = [
  'UNKNOWN_ACTIVATION',
  'BAD_CREDENTIAL',
  'CREDENTIAL_USED',
  'EXPIRED',
  'ALREADY_ACTIVE',
] as const satisfies readonly ErrorCode[];

/** The optional members of an error body, each sent with one code only. */
export interface ErrorDetails {
  /** RATE_LIMITED: seconds to wait (also in the Retry-After header). */
  retryAfter?: number;
  /** DEVICE_REVOKED: what happened to this device's IB Key. */
  reason?: RevokedReasonValue;
  /** BAD_SMS_CODE: how many more codes this recovery accepts. */
  attemptsLeft?: number;
}

export interface ErrorBody extends ErrorDetails {
  error: ErrorCode;
  message: string;
}

/** An error a protocol peer reports, carrying the code (and its details) so callers can branch on it. */
export class ProtocolError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'ProtocolError';
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  get retryAfter(): number | undefined {
    return this.details.retryAfter;
  }

  toBody(): ErrorBody {
    return { error: this.code, message: this.message, ...this.details };
  }
}
