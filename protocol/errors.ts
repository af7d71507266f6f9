// Error codes of the mobile API. Every error body is {error: CODE, message: sentence}.
// The phone never shows the code: it shows one generic alert and keeps the code in its transcript.

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
  PAYLOAD_TOO_LARGE: { status: 413, meaning: 'The body is larger than the server accepts.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, meaning: 'The body is not sent as application/json.' },
  UNKNOWN_ACTIVATION: { status: 404, meaning: 'No activation has this serial.' },
  CREDENTIAL_USED: {
    status: 409,
    meaning: 'This activation was already used for an activation attempt (successful or not).',
  },
  BAD_CREDENTIAL: {
    status: 403,
    meaning: 'The credential does not match the serial. The activation is now consumed.',
  },
  EXPIRED: {
    status: 410,
    meaning: 'The activation expired before it was redeemed. The activation is now consumed.',
  },
  ALREADY_ACTIVE: {
    status: 409,
    meaning: 'The user already has an active IB Key device. The activation is now consumed.',
  },
  UNKNOWN_DEVICE: {
    status: 404,
    meaning: 'No active device has this deviceId (never enrolled, or revoked).',
  },
  UNKNOWN_TRANSACTION: {
    status: 404,
    meaning: 'No login transaction with this txid belongs to this device.',
  },
  BAD_NONCE: { status: 403, meaning: 'The nonce does not belong to this transaction.' },
  TRANSACTION_ANSWERED: { status: 409, meaning: 'The transaction was already approved or denied.' },
  TRANSACTION_EXPIRED: { status: 410, meaning: 'The transaction expired before it was answered.' },
  STALE_REQUEST: { status: 401, meaning: 'ts is more than the allowed skew away from server time.' },
  RATE_LIMITED: {
    status: 429,
    meaning: 'Too many attempts; retry after the number of seconds in retryAfter.',
  },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The outcome codes of an enrollment, in the order the server checks them inside its transaction. */
export const ENROLL_OUTCOMES = [
  'UNKNOWN_ACTIVATION',
  'CREDENTIAL_USED',
  'BAD_CREDENTIAL',
  'EXPIRED',
  'ALREADY_ACTIVE',
] as const satisfies readonly ErrorCode[];

export interface ErrorBody {
  error: ErrorCode;
  message: string;
  retryAfter?: number;
}

/** An error a protocol peer reports, carrying the code so callers can branch on it. */
export class ProtocolError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'ProtocolError';
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  toBody(): ErrorBody {
    return this.retryAfter === undefined
      ? { error: this.code, message: this.message }
      : { error: this.code, message: this.message, retryAfter: this.retryAfter };
  }
}
