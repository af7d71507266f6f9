// The provider tokens (ES256 JWTs) APNs accepts, and how often a provider may change them.
// Apple: sign the token with the team's .p8 key (header alg ES256 and kid, claims iss = team id and
// iat), refresh it no more than once every 20 minutes and no less than once an hour; a token older
// than an hour is ExpiredProviderToken, and a token renewed too often gets 429
// TooManyProviderTokenUpdates. Apple's engineers add that changing the token on an open connection
// is what surely triggers it, and that APNs counts the tokens of a team, whichever of its keys
// signed them; developers report refusals after two or three new tokens within 20 minutes over
// separate connections (Apple gives no number), which `newTokensPerTeamPerWindow` models.

import { createPublicKey, type KeyObject, verify } from 'node:crypto';

/** A request APNs refuses: its HTTP status and Apple's reason string. */
export class ApnsReject extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export interface ProviderKey {
  teamId: string;
  keyId: string;
  /** PEM of the public half of the provider's .p8 signing key. */
  publicKeyPem: string;
  /**
   * Bundle ids of the team's apps: it may push to these topics and to them with Apple's suffixes
   * (`.voip`, `.complication`…); any other topic is TopicDisallowed. Default: every topic.
   */
  topics?: string[];
}

export interface ProviderTokenRules {
  /** Tokens older than this are ExpiredProviderToken (Apple: one hour). */
  maxAgeSeconds: number;
  /** A connection may change its token once per this many seconds (Apple: 20 minutes). */
  refreshMinSeconds: number;
  /** New tokens one team may bring in within refreshMinSeconds, over all its connections. */
  newTokensPerTeamPerWindow: number;
  now: () => Date;
}

export interface VerifiedProvider {
  keyId: string;
  teamId: string;
  issuedAt: number;
  topics?: string[];
}

/** Checks the bearer tokens of requests, remembering which token each connection carries. */
export class ProviderTokens {
  readonly #providers: Map<string, { teamId: string; key: KeyObject; topics?: string[] }>;
  readonly #rules: ProviderTokenRules;
  /** Per team: each token it brought in, and when (seconds). */
  readonly #adopted = new Map<string, Map<string, number>>();
  /** Per connection: the token it carries, since when (seconds). */
  readonly #onConnection = new WeakMap<object, { token: string; since: number }>();

  constructor(providers: ProviderKey[], rules: ProviderTokenRules) {
    this.#rules = rules;
    this.#providers = new Map(
      providers.map((provider) => [
        provider.keyId,
        {
          teamId: provider.teamId,
          key: createPublicKey(provider.publicKeyPem),
          ...(provider.topics ? { topics: provider.topics } : {}),
        },
      ]),
    );
  }

  /** The provider that signed the request's token, or the refusal Apple would answer. */
  check(authorization: string | undefined, connection: object): VerifiedProvider {
    if (!authorization?.toLowerCase().startsWith('bearer '))
      throw new ApnsReject(403, 'MissingProviderToken');
    const token = authorization.slice(7).trim();
    const [headerPart, claimsPart, signaturePart, extra] = token.split('.');
    if (!headerPart || !claimsPart || !signaturePart || extra !== undefined)
      throw new ApnsReject(403, 'InvalidProviderToken');
    let header: { alg?: string; kid?: string };
    let claims: { iss?: string; iat?: number };
    try {
      header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8'));
      claims = JSON.parse(Buffer.from(claimsPart, 'base64url').toString('utf8'));
    } catch {
      throw new ApnsReject(403, 'InvalidProviderToken');
    }
    const provider = header.kid ? this.#providers.get(header.kid) : undefined;
    if (header.alg !== 'ES256' || !provider) throw new ApnsReject(403, 'InvalidProviderToken');
    if (claims.iss !== provider.teamId) throw new ApnsReject(403, 'InvalidProviderToken');
    const signed = Buffer.from(`${headerPart}.${claimsPart}`);
    const signature = Buffer.from(signaturePart, 'base64url');
    if (!verify('sha256', signed, { key: provider.key, dsaEncoding: 'ieee-p1363' }, signature))
      throw new ApnsReject(403, 'InvalidProviderToken');
    const nowSeconds = this.#rules.now().getTime() / 1000;
    const age = nowSeconds - Number(claims.iat);
    if (!Number.isFinite(age) || age < -60) throw new ApnsReject(403, 'InvalidProviderToken');
    if (age > this.#rules.maxAgeSeconds) throw new ApnsReject(403, 'ExpiredProviderToken');
    this.#admit(token, provider.teamId, connection, nowSeconds);
    return {
      keyId: header.kid!,
      teamId: provider.teamId,
      issuedAt: Number(claims.iat),
      ...(provider.topics ? { topics: provider.topics } : {}),
    };
  }

  /** A token that verified may still be one update too many, on its connection or for its team. */
  #admit(token: string, teamId: string, connection: object, nowSeconds: number): void {
    const window = this.#rules.refreshMinSeconds;
    const current = this.#onConnection.get(connection);
    if (current && current.token !== token && nowSeconds - current.since < window)
      throw new ApnsReject(429, 'TooManyProviderTokenUpdates');
    const adopted = this.#adopted.get(teamId) ?? new Map<string, number>();
    this.#adopted.set(teamId, adopted);
    if (!adopted.has(token)) {
      for (const [known, at] of adopted)
        if (nowSeconds - at > this.#rules.maxAgeSeconds + window) adopted.delete(known);
      const recent = [...adopted.values()].filter((at) => nowSeconds - at < window).length;
      if (recent >= this.#rules.newTokensPerTeamPerWindow)
        throw new ApnsReject(429, 'TooManyProviderTokenUpdates');
      adopted.set(token, nowSeconds);
    }
    if (current?.token !== token) this.#onConnection.set(connection, { token, since: nowSeconds });
  }
}
