// A simulator of Apple Push Notification service. Providers talk to it exactly as to Apple:
// the provider API over HTTP/2 + TLS (POST /3/device/<token>, ES256 provider tokens, apns-*
// headers, Apple's statuses and reasons), so an unchanged APNs client library works against it.
// Simulated phones talk to its device side over plain HTTP on loopback: they register for a
// token and hold a stream on which notifications are delivered; offline phones get what was
// held for them when they reconnect.

import { createPublicKey, type KeyObject, randomBytes, randomUUID, verify } from 'node:crypto';
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

export interface ProviderKey {
  teamId: string;
  keyId: string;
  /** PEM of the public half of the provider's .p8 signing key. */
  publicKeyPem: string;
}

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
  delivered: 'now' | 'held' | 'no';
}

export interface ApnsSimulatorOptions {
  providers: ProviderKey[];
  /** Provider tokens older than this are expired (Apple: one hour). */
  tokenMaxAgeSeconds?: number;
  /** The clock the simulator judges token ages and expirations by (the lab clock). */
  now?: () => Date;
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
  close(): Promise<void>;
}

const MAX_PAYLOAD_BYTES = 4096;
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

interface DeviceRegistration {
  topic: string;
  unregisteredAt?: number;
  stream?: ServerResponse;
  held: { payload: unknown; expiresAt?: number }[];
}

class ApnsReject extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export async function startApnsSimulator(options: ApnsSimulatorOptions): Promise<StartedApnsSimulator> {
  const now = options.now ?? (() => new Date());
  const maxAge = options.tokenMaxAgeSeconds ?? 3600;
  const providers = new Map<string, { teamId: string; key: KeyObject }>(
    options.providers.map((provider) => [
      provider.keyId,
      { teamId: provider.teamId, key: createPublicKey(provider.publicKeyPem) },
    ]),
  );
  const devices = new Map<string, DeviceRegistration>();
  const faults = new Map<string, ApnsFault>();
  const requests: ApnsRequestRecord[] = [];

  const pems = await selfsigned.generate([{ name: 'commonName', value: 'api.sandbox.push.apple.com' }], {
    keyType: 'ec',
    curve: 'P-256',
    notAfterDate: new Date(Date.now() + 7 * 86_400_000),
    extensions: [
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });

  function checkProviderToken(authorization: string | undefined): {
    keyId: string;
    teamId: string;
    issuedAt: number;
  } {
    if (!authorization?.toLowerCase().startsWith('bearer '))
      throw new ApnsReject(403, 'MissingProviderToken');
    const [headerPart, claimsPart, signaturePart, extra] = authorization.slice(7).trim().split('.');
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
    const provider = header.kid ? providers.get(header.kid) : undefined;
    if (header.alg !== 'ES256' || !provider) throw new ApnsReject(403, 'InvalidProviderToken');
    if (claims.iss !== provider.teamId) throw new ApnsReject(403, 'InvalidProviderToken');
    const signed = Buffer.from(`${headerPart}.${claimsPart}`);
    const signature = Buffer.from(signaturePart, 'base64url');
    if (!verify('sha256', signed, { key: provider.key, dsaEncoding: 'ieee-p1363' }, signature))
      throw new ApnsReject(403, 'InvalidProviderToken');
    const age = now().getTime() / 1000 - Number(claims.iat);
    if (!Number.isFinite(age) || age < -60) throw new ApnsReject(403, 'InvalidProviderToken');
    if (age > maxAge) throw new ApnsReject(403, 'ExpiredProviderToken');
    return { keyId: header.kid!, teamId: provider.teamId, issuedAt: Number(claims.iat) };
  }

  function checkHeaders(headers: IncomingHttpHeaders, token: string): { expiresAt?: number } {
    const topic = headers['apns-topic'];
    if (typeof topic !== 'string' || !topic) throw new ApnsReject(400, 'MissingTopic');
    const pushType = headers['apns-push-type'];
    if (pushType !== undefined && !PUSH_TYPES.has(String(pushType)))
      throw new ApnsReject(400, 'InvalidPushType');
    const priority = headers['apns-priority'];
    if (priority !== undefined && !['1', '5', '10'].includes(String(priority)))
      throw new ApnsReject(400, 'BadPriority');
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
    if (device.unregisteredAt !== undefined) throw new ApnsReject(410, 'Unregistered');
    if (device.topic !== topic) throw new ApnsReject(400, 'DeviceTokenNotForTopic');
    const expiresAt = expiration !== undefined && String(expiration) !== '0' ? Number(expiration) : undefined;
    return { expiresAt };
  }

  function deliver(token: string, payload: unknown, expiresAt?: number): 'now' | 'held' {
    const device = devices.get(token)!;
    if (device.stream && !device.stream.writableEnded) {
      device.stream.write(`data: ${JSON.stringify(payload)}\n\n`);
      return 'now';
    }
    device.held.push({ payload, expiresAt });
    return 'held';
  }

  function handleProviderRequest(
    stream: ServerHttp2Stream,
    headers: IncomingHttpHeaders,
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
      record.provider = checkProviderToken(headers.authorization);
      const fault = faults.get(token);
      if (fault === 'no-answer') return;
      if (fault) throw new ApnsReject(fault.status, fault.reason);
      const { expiresAt } = checkHeaders(headers, token);
      if (size > MAX_PAYLOAD_BYTES) throw new ApnsReject(413, 'PayloadTooLarge');
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
      record.delivered = deliver(token, payload, expiresAt);
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
  providerServer.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_PAYLOAD_BYTES) chunks.push(chunk);
    });
    stream.on('end', () => handleProviderRequest(stream, headers, Buffer.concat(chunks), size));
    stream.on('error', () => {});
  });

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
      devices.set(token, { topic, held: [] });
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
      // What arrived while the phone was offline, unless it expired meanwhile.
      const nowSeconds = now().getTime() / 1000;
      for (const held of device.held.splice(0)) {
        if (held.expiresAt === undefined || held.expiresAt > nowSeconds)
          response.write(`data: ${JSON.stringify(held.payload)}\n\n`);
      }
      return;
    }
    return json(405, { error: 'Use POST /devices, GET /devices/<token>/stream or DELETE /devices/<token>.' });
  }

  await new Promise<void>((resolve) => providerServer.listen(0, '127.0.0.1', resolve));
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
      devices.set(token, { topic, held: [] });
    },
    unregister: (token) => {
      const device = devices.get(token);
      if (device) device.unregisteredAt = now().getTime();
    },
    setFault: (token, fault) => {
      if (fault) faults.set(token, fault);
      else faults.delete(token);
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
