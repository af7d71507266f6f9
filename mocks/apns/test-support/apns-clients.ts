// The two kinds of client of the APNs simulator, written as someone who knows only Apple's
// documentation would write them: a provider (Node's http2 over TLS with the CA, an ES256 JWT
// signed with node:crypto from the .p8 key, the apns-* headers) and a device (the simulator's
// device side: register for a token, hold the delivery stream, collect what arrives).

import { sign } from 'node:crypto';
import { type ClientHttp2Session, connect, type OutgoingHttpHeaders } from 'node:http2';

export interface ProviderCredentials {
  /** host:port of the provider API. */
  address: string;
  /** PEM of the certificate to trust. */
  ca: string;
  /** PEM (PKCS#8) of the .p8 key. */
  p8: string;
  keyId: string;
  teamId: string;
  /** The app's bundle id, sent as apns-topic unless a request names another. */
  topic: string;
}

export interface ApnsAnswer {
  status: number;
  /** The JSON body of a refusal ({ reason, timestamp? }); {} for a success. */
  body: { reason?: string; timestamp?: number };
  apnsId: string | undefined;
}

/** A payload of exactly `bytes` bytes (an empty aps dictionary and padding), for the size limits. */
export function payloadOfSize(bytes: number): string {
  const padding = bytes - JSON.stringify({ aps: {}, pad: '' }).length;
  return JSON.stringify({ aps: {}, pad: 'x'.repeat(padding) });
}

/** An ES256 provider token: header {alg, kid}, claims {iss, iat}, signed with the .p8 key. */
export function providerJwt(
  credentials: Pick<ProviderCredentials, 'p8' | 'keyId' | 'teamId'>,
  issuedAt = Math.floor(Date.now() / 1000),
): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'ES256', kid: credentials.keyId })}.${encode({ iss: credentials.teamId, iat: issuedAt })}`;
  const signature = sign('sha256', Buffer.from(unsigned), { key: credentials.p8, dsaEncoding: 'ieee-p1363' });
  return `${unsigned}.${signature.toString('base64url')}`;
}

/** A provider on one HTTP/2 connection, as Apple asks: keep it open, reuse one token. */
export class PlainApnsProvider {
  readonly session: ClientHttp2Session;
  /** The token sent unless a request names another; sign a new one with refreshToken(). */
  token: string;

  constructor(private readonly credentials: ProviderCredentials) {
    this.session = connect(`https://${credentials.address}`, { ca: credentials.ca });
    this.session.on('error', () => {});
    this.token = providerJwt(credentials);
  }

  refreshToken(issuedAt?: number): string {
    this.token = providerJwt(this.credentials, issuedAt);
    return this.token;
  }

  /** POST /3/device/<token> with the usual alert headers, any of which a request may replace or drop. */
  send(
    deviceToken: string,
    request: {
      headers?: OutgoingHttpHeaders;
      /** Headers of the defaults to leave out. */
      without?: string[];
      body?: string;
      path?: string;
    } = {},
  ): Promise<ApnsAnswer> {
    const headers: OutgoingHttpHeaders = {
      ':method': 'POST',
      ':path': request.path ?? `/3/device/${deviceToken}`,
      authorization: `bearer ${this.token}`,
      'apns-topic': this.credentials.topic,
      'apns-push-type': 'alert',
      'apns-priority': '10',
      ...request.headers,
    };
    for (const name of request.without ?? []) delete headers[name];
    return new Promise((resolve, reject) => {
      const stream = this.session.request(headers);
      let status = 0;
      let apnsId: string | undefined;
      const chunks: Buffer[] = [];
      stream.on('response', (response) => {
        status = Number(response[':status']);
        apnsId = response['apns-id'] as string | undefined;
      });
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () =>
        resolve({
          status,
          body: chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {},
          apnsId,
        }),
      );
      stream.on('error', reject);
      // Node ends a GET's stream itself; a POST sends its payload.
      if (stream.writable)
        stream.end(
          request.body ?? JSON.stringify({ aps: { alert: { title: 'Lab', body: 'A notification' } } }),
        );
    });
  }

  close(): void {
    this.session.close();
  }
}

/** A device on the simulator's device side: its token, and the notifications its stream received. */
export class SimulatedDevice {
  readonly received: unknown[] = [];
  #stream: AbortController | undefined;

  private constructor(
    private readonly deviceUrl: string,
    readonly token: string,
  ) {}

  static async register(deviceUrl: string, topic: string): Promise<SimulatedDevice> {
    const response = await fetch(`${deviceUrl}/devices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ topic }),
    });
    if (response.status !== 201)
      throw new Error(`The APNs simulator refused to register a device for ${topic}: ${response.status}.`);
    return new SimulatedDevice(deviceUrl, ((await response.json()) as { token: string }).token);
  }

  /**
   * Opens the delivery stream: the device is online once this resolves (the simulator answers the
   * stream's headers after it took the stream, and writes what it held right behind them).
   */
  async goOnline(): Promise<void> {
    const controller = new AbortController();
    this.#stream = controller;
    const response = await fetch(`${this.deviceUrl}/devices/${this.token}/stream`, {
      signal: controller.signal,
    });
    if (!response.ok || !response.body)
      throw new Error(`The APNs simulator refused the delivery stream: ${response.status}.`);
    const body = response.body as unknown as AsyncIterable<Uint8Array>;
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of body) {
          buffer += decoder.decode(chunk, { stream: true });
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const event = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (event.startsWith('data: ')) this.received.push(JSON.parse(event.slice(6)));
          }
        }
      } catch {
        // the device went offline
      }
    })();
  }

  goOffline(): void {
    this.#stream?.abort();
    this.#stream = undefined;
  }

  async delete(): Promise<void> {
    await fetch(`${this.deviceUrl}/devices/${this.token}`, { method: 'DELETE' });
  }
}
