import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { connect } from 'node:http2';
import apn from '@parse/node-apn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IBKR_MOBILE } from '../../product/index.ts';
import { type StartedApnsSimulator, startApnsSimulator } from './apns-simulator.ts';

const TOPIC = IBKR_MOBILE.apnsTopic;
let simulator: StartedApnsSimulator;
let providerKey: KeyObject;
/** One token for the whole file, as a provider keeps one for up to an hour (a new one per request is refused). */
let currentToken: string;
let clockOffsetSeconds = 0;

beforeAll(async () => {
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  providerKey = pair.privateKey;
  simulator = await startApnsSimulator({
    providers: [
      {
        teamId: 'TEAM000001',
        keyId: 'KEY0000001',
        publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      },
    ],
    now: () => new Date(Date.now() + clockOffsetSeconds * 1000),
  });
  currentToken = providerToken();
});
afterAll(() => simulator.close());

function providerToken(
  overrides: { kid?: string; iss?: string; iat?: number; key?: KeyObject } = {},
): string {
  const header = Buffer.from(JSON.stringify({ alg: 'ES256', kid: overrides.kid ?? 'KEY0000001' })).toString(
    'base64url',
  );
  const claims = Buffer.from(
    JSON.stringify({
      iss: overrides.iss ?? 'TEAM000001',
      iat: overrides.iat ?? Math.floor(Date.now() / 1000),
    }),
  ).toString('base64url');
  const signature = sign('sha256', Buffer.from(`${header}.${claims}`), {
    key: overrides.key ?? providerKey,
    dsaEncoding: 'ieee-p1363',
  });
  return `${header}.${claims}.${signature.toString('base64url')}`;
}

/** A raw HTTP/2 provider request, so every header can be got wrong on purpose. */
async function send(
  token: string,
  options: { headers?: Record<string, string>; body?: string; jwt?: string } = {},
) {
  const session = connect(`https://${simulator.providerAddress}`, { ca: simulator.ca });
  try {
    return await new Promise<{ status: number; body: { reason?: string; timestamp?: number } }>(
      (resolve, reject) => {
        const stream = session.request({
          ':method': 'POST',
          ':path': `/3/device/${token}`,
          authorization: `bearer ${options.jwt ?? currentToken}`,
          'apns-topic': TOPIC,
          'apns-push-type': 'alert',
          'apns-priority': '10',
          ...options.headers,
        });
        let status = 0;
        const chunks: Buffer[] = [];
        stream.on('response', (headers) => {
          status = Number(headers[':status']);
        });
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () =>
          resolve({ status, body: chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : {} }),
        );
        stream.on('error', reject);
        stream.end(options.body ?? JSON.stringify({ aps: { alert: { title: 'T', body: 'B' } } }));
      },
    );
  } finally {
    session.close();
  }
}

async function registerDevice(): Promise<string> {
  const response = await fetch(`${simulator.deviceUrl}/devices`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ topic: TOPIC }),
  });
  return ((await response.json()) as { token: string }).token;
}

/** Opens a device's delivery stream and collects what arrives on it. */
async function openStream(token: string) {
  const controller = new AbortController();
  const received: unknown[] = [];
  const response = await fetch(`${simulator.deviceUrl}/devices/${token}/stream`, {
    signal: controller.signal,
  });
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const line = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (line.startsWith('data: ')) received.push(JSON.parse(line.slice(6)));
        }
      }
    } catch {
      // aborted
    }
  })();
  return { received, close: () => controller.abort() };
}

describe('APNs simulator: provider API', () => {
  it('accepts an unchanged APNs client library (@parse/node-apn) and delivers to the phone', async () => {
    const token = await registerDevice();
    const stream = await openStream(token);
    const provider = new apn.Provider({
      token: {
        key: providerKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        keyId: 'KEY0000001',
        teamId: 'TEAM000001',
      },
      address: simulator.providerAddress.split(':')[0]!,
      port: Number(simulator.providerAddress.split(':')[1]),
      ca: [simulator.ca],
      production: false,
    });
    const note = new apn.Notification({ alert: { title: 'IBKR Mobile', body: 'Login request' } });
    note.topic = TOPIC;
    note.pushType = 'alert';
    const result = await provider.send(note, token);
    await provider.shutdown();
    expect(result.failed).toEqual([]);
    expect(result.sent).toHaveLength(1);
    await expect
      .poll(() => stream.received)
      .toEqual([
        expect.objectContaining({
          aps: expect.objectContaining({ alert: { title: 'IBKR Mobile', body: 'Login request' } }),
        }),
      ]);
    stream.close();
  });

  it.each([
    ['a token signed by another key', { jwt: 'KEY' }, 403, 'InvalidProviderToken'],
    ['an unknown key id', { jwt: 'KID' }, 403, 'InvalidProviderToken'],
    ['another team', { jwt: 'ISS' }, 403, 'InvalidProviderToken'],
    ['a token issued two hours ago', { jwt: 'OLD' }, 403, 'ExpiredProviderToken'],
    ['no authorization', { headers: { authorization: '' } }, 403, 'MissingProviderToken'],
    ['no topic', { headers: { 'apns-topic': '' } }, 400, 'MissingTopic'],
    [
      'another app’s topic',
      { headers: { 'apns-topic': 'com.example.other' } },
      400,
      'DeviceTokenNotForTopic',
    ],
    ['an unknown push type', { headers: { 'apns-push-type': 'shout' } }, 400, 'InvalidPushType'],
    ['priority 7', { headers: { 'apns-priority': '7' } }, 400, 'BadPriority'],
    ['a non-numeric expiration', { headers: { 'apns-expiration': 'tomorrow' } }, 400, 'BadExpirationDate'],
    [
      'a collapse id over 64 bytes',
      { headers: { 'apns-collapse-id': 'x'.repeat(65) } },
      400,
      'BadCollapseId',
    ],
    [
      'a payload over 4096 bytes',
      { body: JSON.stringify({ aps: { alert: 'x'.repeat(4100) } }) },
      413,
      'PayloadTooLarge',
    ],
    ['an empty payload', { body: '' }, 400, 'PayloadEmpty'],
  ])('answers %s with Apple’s status and reason', async (_label, request, status, reason) => {
    const token = await registerDevice();
    const jwt = {
      KEY: providerToken({ key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey }),
      KID: providerToken({ kid: 'NOPE000001' }),
      ISS: providerToken({ iss: 'OTHERTEAM1' }),
      OLD: providerToken({ iat: Math.floor(Date.now() / 1000) - 7200 }),
    }[(request as { jwt?: 'KEY' | 'KID' | 'ISS' | 'OLD' }).jwt ?? ('NONE' as never)];
    const response = await send(token, { ...request, ...(jwt ? { jwt } : {}) });
    expect(response).toEqual({ status, body: { reason } });
  });

  it('answers BadDeviceToken for a malformed or unknown token, and 410 Unregistered with a timestamp after the app is removed', async () => {
    expect(await send('not-hex')).toEqual({ status: 400, body: { reason: 'BadDeviceToken' } });
    expect(await send('ab'.repeat(32))).toEqual({ status: 400, body: { reason: 'BadDeviceToken' } });
    const token = await registerDevice();
    await fetch(`${simulator.deviceUrl}/devices/${token}`, { method: 'DELETE' });
    const gone = await send(token);
    expect(gone.status).toBe(410);
    expect(gone.body).toEqual({ reason: 'Unregistered', timestamp: expect.any(Number) });
  });

  it('answers a fault set for a token (e.g. 429 TooManyRequests) until it is cleared', async () => {
    const token = await registerDevice();
    simulator.setFault(token, { status: 429, reason: 'TooManyRequests' });
    expect(await send(token)).toEqual({ status: 429, body: { reason: 'TooManyRequests' } });
    simulator.setFault(token, undefined);
    expect((await send(token)).status).toBe(200);
  });

  it('expires provider tokens by the lab clock it is given', async () => {
    const token = await registerDevice();
    clockOffsetSeconds = 3700;
    try {
      expect(await send(token)).toEqual({ status: 403, body: { reason: 'ExpiredProviderToken' } });
    } finally {
      clockOffsetSeconds = 0;
    }
  });
});

describe('APNs simulator: delivery to phones', () => {
  it('holds a notification for an offline phone and delivers it when it reconnects; one already expired is not stored', async () => {
    const token = await registerDevice();
    const nowSeconds = Math.floor(Date.now() / 1000);
    expect((await send(token, { body: JSON.stringify({ aps: { alert: 'kept' } }) })).status).toBe(200);
    expect(
      (
        await send(token, {
          headers: { 'apns-expiration': String(nowSeconds - 10) },
          body: JSON.stringify({ aps: { alert: 'stale' } }),
        })
      ).status,
    ).toBe(200);
    expect(
      simulator.requests.filter((request) => request.token === token).map((request) => request.delivered),
    ).toEqual(['held', 'dropped']);
    const stream = await openStream(token);
    await expect.poll(() => stream.received).toEqual([{ aps: { alert: 'kept' } }]);
    stream.close();
  });
});
