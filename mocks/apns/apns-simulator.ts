// A simulator of Apple Push Notification service. Providers talk to it exactly as to Apple:
// the provider API over HTTP/2 + TLS (POST /3/device/<token>, ES256 provider tokens, apns-*
// headers, Apple's statuses and reasons), so an unchanged APNs client library works against it.
// Simulated phones talk to its device side over plain HTTP on loopback: they register for a
// token and hold a stream on which notifications are delivered. As Apple does, APNs holds only
// the latest notification for an offline phone's app (none sent with apns-expiration 0) and gives
// it when the phone reconnects, unless it expired meanwhile.

import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  createSecureServer,
  type Http2SecureServer,
  type IncomingHttpHeaders,
  type ServerHttp2Session,
  type ServerHttp2Stream,
} from 'node:http2';
import type { AddressInfo } from 'node:net';
import selfsigned from 'selfsigned';
import { faultOn } from '../../product/index.ts';
import { ApnsReject, type ProviderKey, ProviderTokens, type VerifiedProvider } from './provider-tokens.ts';

export type { ProviderKey } from './provider-tokens.ts';

export type ApnsFault = { status: number; reason: string } | 'no-answer';

export interface ApnsRequestRecord {
  at: string;
  token: string;
  /** Who signed the provider token (kid and iss), once it verified. */
  provider?: { keyId: string; teamId: string; issuedAt: number };
  headers: Record<string, string>;
  payload: unknown;
  status: number;
  reason?: string;
  /**
   * What APNs did with an accepted notification: delivered at once to a connected device, held for
   * an offline one, or dropped (offline, and apns-expiration 0 or already past: not stored). `no`
   * for a refused request.
   */
  delivered: 'now' | 'held' | 'dropped' | 'no';
  /** What became of a held notification: delivered when the device came back, replaced by a newer one, or expired first. */
  afterwards?: 'delivered' | 'replaced' | 'expired';
}

export interface ApnsSimulatorOptions {
  providers: ProviderKey[];
  /** Provider tokens older than this are expired (Apple: one hour). */
  tokenMaxAgeSeconds?: number;
  /** A connection may change its provider token once per this many seconds (Apple: 20 minutes). */
  tokenRefreshMinSeconds?: number;
  /** New provider tokens one team may bring in within that window over all its connections; default 3. */
  newTokensPerTeamPerWindow?: number;
  /** The clock the simulator judges token ages and expirations by (the lab clock). */
  now?: () => Date;
  /** Port of the provider API on 127.0.0.1; default 0, one the system chooses. */
  port?: number;
}

export interface StartedApnsSimulator extends AsyncDisposable {
  /** host:port of the provider API (HTTP/2 over TLS), as APNs clients take it. */
  providerAddress: string;
  /** PEM of the self-signed certificate the provider API presents (trust it as a CA). */
  ca: string;
  /** Base URL of the device side (plain HTTP). */
  deviceUrl: string;
  readonly requests: ApnsRequestRecord[];
  registerToken(token: string, topic: string): void;
  unregister(token: string): void;
  setFault(token: string, fault: ApnsFault | undefined): void;
  /** The tokens that setFault made fail, and how. */
  faults(): ReadonlyMap<string, ApnsFault>;
  close(): Promise<void>;
}

/** Apple: 5120 bytes for a VoIP notification's payload, 4096 for every other kind. */
const MAX_PAYLOAD_BYTES = { voip: 5120, other: 4096 };
const PUSH_TYPES = new Set([
  'alert',
  'background',
  'voip',
  'complication',
  'fileprovider',
  'mdm',
  'liveactivity',
  'pushtotalk',
  'location',
  'widgets',
]);
const TOKEN_PATTERN = /^(?:[0-9a-f]{2}){32,100}$/;
/** A bundle id, possibly with one of Apple's topic suffixes (.voip, .complication, .push-type.liveactivity…). */
const TOPIC_PATTERN = /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/;
/** The host names APNs clients use for the development environment; the certificate names them. */
const SANDBOX_HOSTS = ['api.sandbox.push.apple.com', 'api.development.push.apple.com'];

interface HeldNotification {
  payload: unknown;
  /** Seconds since the epoch; none: kept until the device comes back. */
  expiresAt?: number;
  record: ApnsRequestRecord;
}

interface DeviceRegistration {
  topic: string;
  unregisteredAt?: number;
  stream?: ServerResponse;
  /** Apple keeps only the latest notification per device and app while the device is offline. */
  held?: HeldNotification;
}

export async function startApnsSimulator(options: ApnsSimulatorOptions): Promise<StartedApnsSimulator> {
  const now = options.now ?? (() => new Date());
  const providerTokens = new ProviderTokens(options.providers, {
    maxAgeSeconds: options.tokenMaxAgeSeconds ?? 3600,
    refreshMinSeconds: options.tokenRefreshMinSeconds ?? 1200,
    newTokensPerTeamPerWindow: options.newTokensPerTeamPerWindow ?? 3,
    now,
  });
  const devices = new Map<string, DeviceRegistration>();
  const faults = new Map<string, ApnsFault>();
  const requests: ApnsRequestRecord[] = [];

  const pems = await selfsigned.generate([{ name: 'commonName', value: SANDBOX_HOSTS[0]! }], {
    keyType: 'ec',
    curve: 'P-256',
    notAfterDate: new Date(Date.now() + 7 * 86_400_000),
    extensions: [
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
          ...SANDBOX_HOSTS.map((value) => ({ type: 2 as const, value })),
        ],
      },
    ],
  });

  /** The same header twice (HTTP/2 lets a client repeat one) is DuplicateHeaders. */
  function checkNoDuplicates(rawHeaders: readonly string[]): void {
    const seen = new Set<string>();
    for (let index = 0; index < rawHeaders.length; index += 2) {
      const name = rawHeaders[index]!.toLowerCase();
      if (name === 'cookie') continue; // HTTP/2 splits cookies into several fields on purpose
      if (seen.has(name)) throw new ApnsReject(400, 'DuplicateHeaders');
      seen.add(name);
    }
  }

  function checkHeaders(
    headers: IncomingHttpHeaders,
    token: string,
    provider: VerifiedProvider,
  ): { expiresAt?: number; pushType?: string } {
    const topic = headers['apns-topic'];
    if (typeof topic !== 'string' || !topic) throw new ApnsReject(400, 'MissingTopic');
    if (!TOPIC_PATTERN.test(topic)) throw new ApnsReject(400, 'BadTopic');
    if (provider.topics && !provider.topics.some((app) => topic === app || topic.startsWith(`${app}.`)))
      throw new ApnsReject(400, 'TopicDisallowed');
    const pushType = headers['apns-push-type'];
    if (pushType !== undefined && !PUSH_TYPES.has(String(pushType)))
      throw new ApnsReject(400, 'InvalidPushType');
    const priority = headers['apns-priority'];
    if (priority !== undefined && !['1', '5', '10'].includes(String(priority)))
      throw new ApnsReject(400, 'BadPriority');
    // Apple: a background notification must go at priority 5; 10 is an error for it.
    if (pushType === 'background' && String(priority) === '10') throw new ApnsReject(400, 'BadPriority');
    const expiration = headers['apns-expiration'];
    if (expiration !== undefined && !/^\d+$/.test(String(expiration)))
      throw new ApnsReject(400, 'BadExpirationDate');
    const collapseId = headers['apns-collapse-id'];
    if (collapseId !== undefined && Buffer.byteLength(String(collapseId)) > 64)
      throw new ApnsReject(400, 'BadCollapseId');
    const apnsId = headers['apns-id'];
    if (
      apnsId !== undefined &&
      !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(String(apnsId))
    ) {
      throw new ApnsReject(400, 'BadMessageId');
    }
    if (!token) throw new ApnsReject(400, 'MissingDeviceToken');
    if (!TOKEN_PATTERN.test(token)) throw new ApnsReject(400, 'BadDeviceToken');
    const device = devices.get(token);
    if (!device) throw new ApnsReject(400, 'BadDeviceToken');
    if (device.unregisteredAt !== undefined && !faultOn('apns-ignores-unregistered'))
      throw new ApnsReject(410, 'Unregistered');
    if (device.topic !== topic) throw new ApnsReject(400, 'DeviceTokenNotForTopic');
    return {
      ...(expiration !== undefined ? { expiresAt: Number(expiration) } : {}),
      ...(pushType !== undefined ? { pushType: String(pushType) } : {}),
    };
  }

  /**
   * Apple's store-and-forward: a connected device gets the notification at once; for an offline one
   * APNs keeps only the latest (a new one discards the one held before), and nothing sent with
   * apns-expiration 0 or a date already past.
   */
  function deliver(
    token: string,
    record: ApnsRequestRecord,
    expiresAt?: number,
  ): ApnsRequestRecord['delivered'] {
    const device = devices.get(token)!;
    if (device.stream && !device.stream.writableEnded) {
      device.stream.write(`data: ${JSON.stringify(deliveredPayload(record.payload))}\n\n`);
      return 'now';
    }
    if (expiresAt !== undefined && expiresAt <= now().getTime() / 1000) return 'dropped';
    if (faultOn('apns-drops-while-offline')) return 'dropped';
    if (device.held) device.held.record.afterwards = 'replaced';
    device.held = { payload: record.payload, record, ...(expiresAt !== undefined ? { expiresAt } : {}) };
    return 'held';
  }

  function handleProviderRequest(
    stream: ServerHttp2Stream,
    headers: IncomingHttpHeaders,
    rawHeaders: readonly string[],
    body: Buffer,
    size: number,
  ): void {
    const path = String(headers[':path'] ?? '');
    const token = path.startsWith('/3/device/') ? decodeURIComponent(path.slice('/3/device/'.length)) : '';
    const record: ApnsRequestRecord = {
      at: now().toISOString(),
      token,
      headers: Object.fromEntries(
        Object.entries(headers)
          .filter(([name]) => name.startsWith('apns-'))
          .map(([name, value]) => [name, String(value)]),
      ),
      payload: null,
      status: 200,
      delivered: 'no',
    };
    requests.push(record);
    const apnsId = typeof headers['apns-id'] === 'string' ? headers['apns-id'] : randomUUID();
    const answer = (status: number, reason?: string) => {
      record.status = status;
      if (reason) record.reason = reason;
      const responseHeaders = {
        ':status': status,
        'apns-id': apnsId,
        'apns-unique-id': randomUUID(),
        'content-type': 'application/json',
      };
      if (stream.destroyed) return;
      stream.respond(responseHeaders);
      const timestamp = status === 410 ? { timestamp: devices.get(token)?.unregisteredAt ?? Date.now() } : {};
      stream.end(reason ? JSON.stringify({ reason, ...timestamp }) : undefined);
    };
    try {
      if (headers[':method'] !== 'POST') throw new ApnsReject(405, 'MethodNotAllowed');
      if (!path.startsWith('/3/device/')) throw new ApnsReject(404, 'BadPath');
      checkNoDuplicates(rawHeaders);
      const provider = providerTokens.check(headers.authorization, stream.session ?? stream);
      record.provider = { keyId: provider.keyId, teamId: provider.teamId, issuedAt: provider.issuedAt };
      const fault = faults.get(token);
      if (fault === 'no-answer') return;
      if (fault && !(fault.status === 410 && faultOn('apns-ignores-unregistered')))
        throw new ApnsReject(fault.status, fault.reason);
      const { expiresAt, pushType } = checkHeaders(headers, token, provider);
      if (size > MAX_PAYLOAD_BYTES[pushType === 'voip' ? 'voip' : 'other'])
        throw new ApnsReject(413, 'PayloadTooLarge');
      if (size === 0) throw new ApnsReject(400, 'PayloadEmpty');
      let payload: unknown;
      try {
        payload = JSON.parse(body.toString('utf8'));
      } catch {
        throw new ApnsReject(400, 'PayloadEmpty');
      }
      if (
        typeof payload !== 'object' ||
        payload === null ||
        typeof (payload as { aps?: unknown }).aps !== 'object'
      ) {
        throw new ApnsReject(400, 'PayloadEmpty');
      }
      record.payload = payload;
      record.delivered = deliver(token, record, expiresAt);
      answer(200);
    } catch (error) {
      if (error instanceof ApnsReject) answer(error.status, error.reason);
      else answer(500, 'InternalServerError');
    }
  }

  const providerServer: Http2SecureServer = createSecureServer({
    key: pems.private,
    cert: pems.cert,
    allowHTTP1: false,
  });
  const sessions = new Set<ServerHttp2Session>();
  providerServer.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  // Node passes the raw header list (with repeats) as a fourth argument its types do not declare.
  providerServer.on(
    'stream',
    (stream: ServerHttp2Stream, headers: IncomingHttpHeaders, _flags: number, rawHeaders?: string[]) => {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_PAYLOAD_BYTES.voip) chunks.push(chunk);
      });
      stream.on('end', () =>
        handleProviderRequest(stream, headers, rawHeaders ?? [], Buffer.concat(chunks), size),
      );
      stream.on('error', () => {});
    },
  );

  const deviceServer: Server = createServer((request, response) =>
    // A phone that goes away mid-request (a killed Appium session) must not take the lab's process down.
    handleDeviceRequest(request, response).catch(() => response.destroy()),
  );
  async function handleDeviceRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://device');
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.method === 'POST' && url.pathname === '/devices') {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      let topic: unknown;
      try {
        topic = (JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { topic?: unknown }).topic;
      } catch {
        return json(400, { error: 'The body must be JSON: {"topic": "<bundle id>"}.' });
      }
      if (typeof topic !== 'string' || !/^[A-Za-z0-9.-]+$/.test(topic))
        return json(400, { error: 'topic must be the app bundle id.' });
      const token = randomBytes(32).toString('hex');
      devices.set(token, { topic });
      return json(201, { token });
    }
    const match = /^\/devices\/([0-9a-f]+)(\/stream)?$/.exec(url.pathname);
    const device = match ? devices.get(match[1]!) : undefined;
    if (!match || !device) return json(404, { error: 'No device has this token.' });
    if (request.method === 'DELETE' && !match[2]) {
      device.unregisteredAt = now().getTime();
      device.stream?.end();
      return json(200, { unregistered: true });
    }
    if (request.method === 'GET' && match[2]) {
      device.stream?.end();
      response.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      response.write(': connected\n\n');
      device.stream = response;
      request.on('close', () => {
        if (device.stream === response) device.stream = undefined;
      });
      // The one notification held while the phone was offline, unless it expired meanwhile.
      const held = device.held;
      device.held = undefined;
      if (held && (held.expiresAt === undefined || held.expiresAt > now().getTime() / 1000)) {
        response.write(`data: ${JSON.stringify(deliveredPayload(held.payload))}\n\n`);
        held.record.afterwards = 'delivered';
      } else if (held) held.record.afterwards = 'expired';
      return;
    }
    return json(405, { error: 'Use POST /devices, GET /devices/<token>/stream or DELETE /devices/<token>.' });
  }

  await new Promise<void>((resolve, reject) => {
    providerServer.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          `The APNs simulator cannot listen on 127.0.0.1:${options.port}: ${error.code === 'EADDRINUSE' ? 'the port is in use' : error.code === 'EACCES' ? 'ports under 1024 need privileges' : error.message}; choose another port.`,
        ),
      ),
    );
    providerServer.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  await new Promise<void>((resolve) => deviceServer.listen(0, '127.0.0.1', resolve));
  const close = async () => {
    for (const device of devices.values()) device.stream?.end();
    for (const session of sessions) session.destroy();
    deviceServer.closeAllConnections();
    await Promise.all([
      new Promise<void>((resolve) => providerServer.close(() => resolve())),
      new Promise<void>((resolve) => deviceServer.close(() => resolve())),
    ]);
  };
  return {
    providerAddress: `127.0.0.1:${(providerServer.address() as AddressInfo).port}`,
    ca: pems.cert,
    deviceUrl: `http://127.0.0.1:${(deviceServer.address() as AddressInfo).port}`,
    requests,
    registerToken: (token, topic) => {
      devices.set(token, { topic });
    },
    unregister: (token) => {
      const device = devices.get(token);
      if (device) device.unregisteredAt = now().getTime();
    },
    setFault: (token, fault) => {
      if (fault) faults.set(token, fault);
      else faults.delete(token);
    },
    faults: () => new Map(faults),
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** What reaches the phone: the payload as sent, unless a fault loses its custom (ibkey) part. */
function deliveredPayload(payload: unknown): unknown {
  if (!faultOn('apns-strips-custom-payload') || typeof payload !== 'object' || payload === null)
    return payload;
  return { aps: (payload as { aps?: unknown }).aps };
}
