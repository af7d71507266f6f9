// Conformance of the APNs simulator with Apple's documented answers, probed as a plain provider
// would (Node's http2 with the CA, an ES256 JWT signed with node:crypto from the .p8 key, the
// documented apns-* headers) and with @parse/node-apn. Beside each probe: what Apple's pages say
// ("Sending notification requests to APNs", "Handling notification responses from APNs",
// "Establishing a token-based connection to APNs", and the QoS section of the notification guide),
// paraphrased, with the status and reason the simulator must give.

import { generateKeyPairSync } from 'node:crypto';
import apn from '@parse/node-apn';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type StartedApnsSimulator, startApnsSimulator } from './apns-simulator.ts';
import {
  PlainApnsProvider,
  type ProviderCredentials,
  payloadOfSize,
  SimulatedDevice,
} from './test-support/apns-clients.ts';

const APP = 'com.example.lab.app';
const OTHER_TEAMS_APP = 'com.example.someone-else';
const MINUTE = 60;

let simulator: StartedApnsSimulator;
let clockAheadSeconds = 0;
/** One team per concern, so that one probe's tokens never count against another's. */
const teams = ['TEAM0MAIN1', 'TEAM0CONN1', 'TEAM0MANY1'] as const;
const credentials = {} as Record<(typeof teams)[number], ProviderCredentials>;
const providers: PlainApnsProvider[] = [];

beforeAll(async () => {
  const keys = teams.map((teamId, index) => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return {
      teamId,
      keyId: `KEY000000${index}`,
      publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      p8: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
  });
  simulator = await startApnsSimulator({
    providers: keys.map(({ teamId, keyId, publicKeyPem }) => ({
      teamId,
      keyId,
      publicKeyPem,
      topics: [APP],
    })),
    now: () => new Date(Date.now() + clockAheadSeconds * 1000),
  });
  for (const { teamId, keyId, p8 } of keys)
    credentials[teamId] = {
      address: simulator.providerAddress,
      ca: simulator.ca,
      p8,
      keyId,
      teamId,
      topic: APP,
    };
});
afterEach(() => {
  clockAheadSeconds = 0;
});
afterAll(async () => {
  for (const provider of providers) provider.close();
  await simulator.close();
});

function provider(team: (typeof teams)[number] = 'TEAM0MAIN1'): PlainApnsProvider {
  const opened = new PlainApnsProvider(credentials[team]);
  providers.push(opened);
  return opened;
}

/** The main team's provider: one connection, one token, as Apple asks. */
let main: PlainApnsProvider;
beforeAll(() => {
  main = provider();
});

const device = () => SimulatedDevice.register(simulator.deviceUrl, APP);
const alert = (text: string) => JSON.stringify({ aps: { alert: text } });

/** What a device receives once online, closed by a marker sent after it connected (so "nothing else" can be asserted). */
async function receivedOnReconnect(phone: SimulatedDevice): Promise<unknown[]> {
  await phone.goOnline();
  expect((await main.send(phone.token, { body: alert('marker') })).status).toBe(200);
  await expect.poll(() => phone.received.at(-1)).toEqual({ aps: { alert: 'marker' } });
  phone.goOffline();
  return phone.received.slice(0, -1);
}

describe('store-and-forward (Apple: Quality of Service)', () => {
  it('keeps only the latest notification for an offline device: the earlier one is discarded', async () => {
    // Apple: APNs stores only the most recent notification per device and per app; a new request
    // for an offline device discards the one stored before. Both requests are accepted (200).
    const phone = await device();
    expect((await main.send(phone.token, { body: alert('first') })).status).toBe(200);
    expect((await main.send(phone.token, { body: alert('second') })).status).toBe(200);
    expect(await receivedOnReconnect(phone)).toEqual([{ aps: { alert: 'second' } }]);
    const records = simulator.requests.filter((request) => request.token === phone.token).slice(0, 2);
    expect(records.map(({ delivered, afterwards }) => [delivered, afterwards])).toEqual([
      ['held', 'replaced'],
      ['held', 'delivered'],
    ]);
  });

  it('does not store a notification sent with apns-expiration 0, and delivers it to a connected device', async () => {
    // Apple: with apns-expiration 0, APNs treats the notification as expiring immediately: it does
    // not store it or try to deliver it again. Accepted (200) all the same.
    const offline = await device();
    const sent = await main.send(offline.token, {
      headers: { 'apns-expiration': '0' },
      body: alert('now or never'),
    });
    expect(sent.status).toBe(200);
    expect(await receivedOnReconnect(offline)).toEqual([]);

    const online = await device();
    await online.goOnline();
    expect(
      (await main.send(online.token, { headers: { 'apns-expiration': '0' }, body: alert('now') })).status,
    ).toBe(200);
    await expect.poll(() => online.received).toEqual([{ aps: { alert: 'now' } }]);
    online.goOffline();
  });

  it('drops a stored notification whose apns-expiration passed before the device came back', async () => {
    // Apple: apns-expiration is the date after which the notification is no longer valid and can
    // be discarded; APNs retries until then only.
    const phone = await device();
    const nowSeconds = Math.floor(Date.now() / 1000);
    const sent = await main.send(phone.token, {
      headers: { 'apns-expiration': String(nowSeconds + 10 * MINUTE) },
      body: alert('stale by then'),
    });
    expect(sent.status).toBe(200);
    clockAheadSeconds = 11 * MINUTE;
    expect(await receivedOnReconnect(phone)).toEqual([]);
    expect(simulator.requests.find((request) => request.token === phone.token)?.afterwards).toBe('expired');
  });
});

describe('provider tokens (Apple: establishing a token-based connection)', () => {
  it('answers 429 TooManyProviderTokenUpdates to a provider that signs a new JWT for every request', async () => {
    // Apple: refresh the token no more than once every 20 minutes; a token updated too often gets
    // 429 TooManyProviderTokenUpdates ("The provider's authentication token is being updated too often").
    const eager = provider('TEAM0CONN1');
    const phone = await device();
    expect((await eager.send(phone.token)).status).toBe(200);
    eager.refreshToken();
    expect(await eager.send(phone.token)).toMatchObject({
      status: 429,
      body: { reason: 'TooManyProviderTokenUpdates' },
    });
  });

  it('accepts a token refreshed 20 minutes later on the same connection, and expires one older than an hour', async () => {
    // Apple: refresh no more than once every 20 minutes and no less than once every 60; APNs
    // rejects a token whose timestamp is more than an hour old: 403 ExpiredProviderToken.
    const patient = provider('TEAM0CONN1');
    const phone = await device();
    clockAheadSeconds = 21 * MINUTE;
    patient.refreshToken(Math.floor(Date.now() / 1000) + clockAheadSeconds);
    expect((await patient.send(phone.token)).status).toBe(200);
    clockAheadSeconds = 21 * MINUTE + 61 * MINUTE;
    expect(await patient.send(phone.token)).toMatchObject({
      status: 403,
      body: { reason: 'ExpiredProviderToken' },
    });
  });

  it('answers 429 TooManyProviderTokenUpdates to a team bringing a fourth new token within 20 minutes over separate connections', async () => {
    // Apple counts a team's tokens whichever key or connection brings them, but gives no number;
    // developers report refusals after two or three. The simulator allows three per 20 minutes.
    const phone = await device();
    const answers = [];
    for (let connection = 0; connection < 4; connection += 1)
      answers.push((await provider('TEAM0MANY1').send(phone.token)).status);
    expect(answers).toEqual([200, 200, 200, 429]);
  });
});

/** Requests Apple refuses, with the documented status and reason (Apple's description beside each). */
const REFUSALS: readonly (readonly [string, Parameters<PlainApnsProvider['send']>[1], number, string])[] = [
  // 400 BadTopic: the apns-topic was invalid.
  ['a topic that is not a bundle id', { headers: { 'apns-topic': 'not a topic!' } }, 400, 'BadTopic'],
  // 400 TopicDisallowed: pushing to this topic is not allowed (an app of another team).
  ['another team’s app', { headers: { 'apns-topic': OTHER_TEAMS_APP } }, 400, 'TopicDisallowed'],
  // 400 DuplicateHeaders: one or more headers were repeated.
  ['apns-priority twice', { headers: { 'apns-priority': ['10', '5'] } }, 400, 'DuplicateHeaders'],
  // 400 MissingTopic: with a provider token, apns-topic is required.
  ['no apns-topic', { without: ['apns-topic'] }, 400, 'MissingTopic'],
  // 400 BadPriority: the apns-priority value is bad (1, 5 or 10).
  ['apns-priority 7', { headers: { 'apns-priority': '7' } }, 400, 'BadPriority'],
  // 400 BadPriority: a background notification must be sent at priority 5; 10 is an error for it.
  [
    'a background push at priority 10',
    {
      headers: { 'apns-push-type': 'background' },
      body: JSON.stringify({ aps: { 'content-available': 1 } }),
    },
    400,
    'BadPriority',
  ],
  // 400 BadExpirationDate: the apns-expiration value is bad.
  ['apns-expiration "tomorrow"', { headers: { 'apns-expiration': 'tomorrow' } }, 400, 'BadExpirationDate'],
  // 400 InvalidPushType: the apns-push-type value is invalid.
  ['apns-push-type "shout"', { headers: { 'apns-push-type': 'shout' } }, 400, 'InvalidPushType'],
  // 400 BadCollapseId: the collapse identifier exceeds the maximum allowed size (64 bytes).
  ['a 65-byte apns-collapse-id', { headers: { 'apns-collapse-id': 'x'.repeat(65) } }, 400, 'BadCollapseId'],
  // 400 BadMessageId: the apns-id value is bad (a UUID is expected).
  ['apns-id "42"', { headers: { 'apns-id': '42' } }, 400, 'BadMessageId'],
  // 400 PayloadEmpty: the message payload was empty.
  ['an empty payload', { body: '' }, 400, 'PayloadEmpty'],
  // 413 PayloadTooLarge: 4096 bytes at most for an alert.
  ['a 4097-byte alert', { body: payloadOfSize(4097) }, 413, 'PayloadTooLarge'],
  // 403 MissingProviderToken: no authorization header.
  ['no authorization', { without: ['authorization'] }, 403, 'MissingProviderToken'],
  // 403 InvalidProviderToken: the token is not valid or its signature could not be verified.
  ['a forged token', { headers: { authorization: 'bearer e30.e30.c2ln' } }, 403, 'InvalidProviderToken'],
  // 404 BadPath: the request contained a bad :path value.
  ['POST /3/other', { path: '/3/other' }, 404, 'BadPath'],
  // 405 MethodNotAllowed: the :method was not POST.
  ['a GET', { headers: { ':method': 'GET' }, body: '' }, 405, 'MethodNotAllowed'],
];

describe('reasons (Apple: handling notification responses from APNs)', () => {
  let phone: SimulatedDevice;
  beforeAll(async () => {
    phone = await device();
  });

  it.each(REFUSALS.map(([label, request, status, reason]) => [label, status, reason, request] as const))(
    'answers %s with %i %s',
    async (_label, status, reason, request) => {
      const answer = await main.send(phone.token, request);
      expect({ status: answer.status, body: answer.body }).toEqual({ status, body: { reason } });
    },
  );

  it('answers 400 MissingDeviceToken, BadDeviceToken, DeviceTokenNotForTopic, and 410 Unregistered with a timestamp', async () => {
    // 400 MissingDeviceToken: the :path has no device token. 400 BadDeviceToken: the token is bad.
    expect((await main.send('')).body).toEqual({ reason: 'MissingDeviceToken' });
    expect((await main.send('ab'.repeat(32))).body).toEqual({ reason: 'BadDeviceToken' });
    // 400 DeviceTokenNotForTopic: the token is not for the topic (a VoIP token is registered for <app>.voip).
    const voip = await SimulatedDevice.register(simulator.deviceUrl, `${APP}.voip`);
    expect((await main.send(voip.token)).body).toEqual({ reason: 'DeviceTokenNotForTopic' });
    // 410 Unregistered: the token is no longer active for the topic; timestamp: when it stopped being valid.
    const removed = await device();
    await removed.delete();
    const gone = await main.send(removed.token);
    expect(gone).toMatchObject({
      status: 410,
      body: { reason: 'Unregistered', timestamp: expect.any(Number) },
    });
  });
});

describe('push types', () => {
  it('accepts a VoIP payload up to 5120 bytes, and no more', async () => {
    // Apple: 5 KB (5120 bytes) for a VoIP notification, 4 KB (4096 bytes) for the others; the
    // topic of a VoIP push is the bundle id with .voip.
    const voip = await SimulatedDevice.register(simulator.deviceUrl, `${APP}.voip`);
    expect(Buffer.byteLength(payloadOfSize(5120))).toBe(5120);
    const headers = { 'apns-topic': `${APP}.voip`, 'apns-push-type': 'voip' };
    expect((await main.send(voip.token, { headers, body: payloadOfSize(5120) })).status).toBe(200);
    expect(await main.send(voip.token, { headers, body: payloadOfSize(5121) })).toMatchObject({
      status: 413,
      body: { reason: 'PayloadTooLarge' },
    });
  });

  it('accepts an alert of exactly 4096 bytes, and a background push at priority 5', async () => {
    // Apple: a background notification goes with apns-push-type background and apns-priority 5.
    const phone = await device();
    expect((await main.send(phone.token, { body: payloadOfSize(4096) })).status).toBe(200);
    const answer = await main.send(phone.token, {
      headers: { 'apns-push-type': 'background', 'apns-priority': '5' },
      body: JSON.stringify({ aps: { 'content-available': 1 } }),
    });
    expect(answer.status).toBe(200);
  });
});

describe('an unchanged client library (@parse/node-apn)', () => {
  it('sends several notifications on one token and connection: all accepted, the latest held for the offline device', async () => {
    const phone = await device();
    const { p8, keyId, teamId } = credentials.TEAM0MAIN1;
    const [host, port] = simulator.providerAddress.split(':');
    const library = new apn.Provider({
      token: { key: p8, keyId, teamId },
      address: host!,
      port: Number(port),
      ca: [simulator.ca],
      production: false,
    });
    try {
      for (const text of ['one', 'two', 'three']) {
        const note = new apn.Notification({ alert: text });
        note.topic = APP;
        note.pushType = 'alert';
        const result = await library.send(note, phone.token);
        expect(result.failed).toEqual([]);
      }
      const background = new apn.Notification({ contentAvailable: true });
      background.topic = APP;
      background.pushType = 'background'; // node-apn's default priority is 10
      const refused = await library.send(background, phone.token);
      expect(refused.failed[0]).toMatchObject({ status: 400, response: { reason: 'BadPriority' } });
    } finally {
      await library.shutdown();
    }
    expect(await receivedOnReconnect(phone)).toEqual([expect.objectContaining({ aps: { alert: 'three' } })]);
  });
});
