// The APNs simulator's own workings, beyond Apple's documented answers (those are probed in
// apns-conformance.unit.test.ts): delivery to a connected phone through an unchanged client
// library, which provider tokens verify, the faults a test sets for a token, and the lab clock.

import { generateKeyPairSync } from 'node:crypto';
import apn from '@parse/node-apn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IBKR_MOBILE } from '../../product/index.ts';
import { type StartedApnsSimulator, startApnsSimulator } from './apns-simulator.ts';
import {
  PlainApnsProvider,
  type ProviderCredentials,
  providerJwt,
  SimulatedDevice,
} from './test-support/apns-clients.ts';

const TOPIC = IBKR_MOBILE.apnsTopic;
let simulator: StartedApnsSimulator;
let credentials: ProviderCredentials;
let provider: PlainApnsProvider;
let clockOffsetSeconds = 0;

const p8Of = () =>
  generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();

beforeAll(async () => {
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
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
  credentials = {
    address: simulator.providerAddress,
    ca: simulator.ca,
    p8: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    keyId: 'KEY0000001',
    teamId: 'TEAM000001',
    topic: TOPIC,
  };
  provider = new PlainApnsProvider(credentials);
});
afterAll(async () => {
  provider.close();
  await simulator.close();
});

const device = () => SimulatedDevice.register(simulator.deviceUrl, TOPIC);

describe('APNs simulator: provider API', () => {
  it('accepts an unchanged APNs client library (@parse/node-apn) and delivers to the phone', async () => {
    const phone = await device();
    await phone.goOnline();
    const library = new apn.Provider({
      token: { key: credentials.p8, keyId: credentials.keyId, teamId: credentials.teamId },
      address: simulator.providerAddress.split(':')[0]!,
      port: Number(simulator.providerAddress.split(':')[1]),
      ca: [simulator.ca],
      production: false,
    });
    const note = new apn.Notification({ alert: { title: 'IBKR Mobile', body: 'Login request' } });
    note.topic = TOPIC;
    note.pushType = 'alert';
    const result = await library.send(note, phone.token);
    await library.shutdown();
    expect(result.failed).toEqual([]);
    expect(result.sent).toHaveLength(1);
    await expect
      .poll(() => phone.received)
      .toEqual([
        expect.objectContaining({
          aps: expect.objectContaining({ alert: { title: 'IBKR Mobile', body: 'Login request' } }),
        }),
      ]);
    phone.goOffline();
  });

  it.each([
    [
      'a token signed by another key',
      () => providerJwt({ ...credentials, p8: p8Of() }),
      'InvalidProviderToken',
    ],
    ['an unknown key id', () => providerJwt({ ...credentials, keyId: 'NOPE000001' }), 'InvalidProviderToken'],
    ['another team', () => providerJwt({ ...credentials, teamId: 'OTHERTEAM1' }), 'InvalidProviderToken'],
    [
      'a token issued in ten minutes',
      () => providerJwt(credentials, Math.floor(Date.now() / 1000) + 600),
      'InvalidProviderToken',
    ],
    [
      'a token issued two hours ago',
      () => providerJwt(credentials, Math.floor(Date.now() / 1000) - 7200),
      'ExpiredProviderToken',
    ],
  ])('answers %s with 403 %s', async (_label, token, reason) => {
    const phone = await device();
    const answer = await provider.send(phone.token, { headers: { authorization: `bearer ${token()}` } });
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 403, body: { reason } });
  });

  it('answers a fault set for a token (e.g. 429 TooManyRequests) until it is cleared', async () => {
    const phone = await device();
    simulator.setFault(phone.token, { status: 429, reason: 'TooManyRequests' });
    expect((await provider.send(phone.token)).body).toEqual({ reason: 'TooManyRequests' });
    simulator.setFault(phone.token, undefined);
    expect((await provider.send(phone.token)).status).toBe(200);
  });

  it('expires provider tokens by the lab clock it is given', async () => {
    const phone = await device();
    clockOffsetSeconds = 3700;
    try {
      expect(await provider.send(phone.token)).toMatchObject({
        status: 403,
        body: { reason: 'ExpiredProviderToken' },
      });
    } finally {
      clockOffsetSeconds = 0;
    }
  });

  it('records each request: who signed it, its apns-* headers, its payload, and what became of it', async () => {
    const phone = await device();
    const body = JSON.stringify({ aps: { alert: 'recorded' } });
    const answer = await provider.send(phone.token, { headers: { 'apns-collapse-id': 'login-1' }, body });
    expect(answer.status).toBe(200);
    expect(simulator.requests.filter((request) => request.token === phone.token)).toEqual([
      expect.objectContaining({
        provider: { keyId: 'KEY0000001', teamId: 'TEAM000001', issuedAt: expect.any(Number) },
        headers: expect.objectContaining({ 'apns-topic': TOPIC, 'apns-collapse-id': 'login-1' }),
        payload: { aps: { alert: 'recorded' } },
        status: 200,
        delivered: 'held',
      }),
    ]);
  });
});

describe('APNs simulator: device side', () => {
  it('refuses to register a device without a bundle id as its topic', async () => {
    const response = await fetch(`${simulator.deviceUrl}/devices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ topic: 'not a bundle id' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'topic must be the app bundle id.' });
  });
});
