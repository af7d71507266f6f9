// SMS on the simulated iPhone against a tiny SSE server standing in for the gateway's stream:
// what was sent before comes first, each SMS is a Messages notification, Airplane Mode holds them,
// Focus silences them, a gateway without the stream is written down once, and a bad number is refused.

import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CapabilityError, deviceOptionsFrom, type SimIPhoneCaps } from '../capabilities.ts';
import { SimulatedIPhone } from './device.ts';
import { renderTree, walk } from './element-tree.ts';
import { findProfile } from './profiles.ts';
import type { TextMessage } from './sms-connection.ts';

const NUMBER = '+33612345678';

interface SmsGateway {
  url: string;
  /** Sends an SMS: kept for later subscribers, written at once to the open streams of its number. */
  send(message: Omit<TextMessage, 'sid' | 'at' | 'to'> & { to?: string }): void;
  subscriptions: string[];
  openStreams(): number;
  close(): Promise<void>;
}

async function startSmsGateway(withStream = true): Promise<SmsGateway> {
  const sent: TextMessage[] = [];
  const streams = new Map<ServerResponse, string>();
  const subscriptions: string[] = [];
  const event = (message: TextMessage) => `data: ${JSON.stringify(message)}\n\n`;
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://gateway');
    if (!withStream || url.pathname !== '/lab/sms/stream') {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    const to = url.searchParams.get('to') ?? '';
    subscriptions.push(to);
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    response.flushHeaders();
    for (const message of sent.filter((candidate) => candidate.to === to)) response.write(event(message));
    streams.set(response, to);
    request.on('close', () => streams.delete(response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    send(partial) {
      const message: TextMessage = {
        sid: `SM${String(sent.length + 1).padStart(32, '0')}`,
        to: NUMBER,
        at: new Date().toISOString(),
        ...partial,
      };
      sent.push(message);
      for (const [stream, to] of streams) if (to === message.to) stream.write(event(message));
    },
    subscriptions,
    openStreams: () => streams.size,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function phoneOn(
  gateway: SmsGateway,
  { phoneNumber }: { phoneNumber?: string } = { phoneNumber: NUMBER },
): Promise<SimulatedIPhone> {
  const device = new SimulatedIPhone({
    profile: findProfile('iPhone SE (Touch ID)')!,
    locale: 'fr-FR',
    platformVersion: '17.5',
    installedApps: [],
    settings: {},
    passcode: '123456',
    thirdPartyGatewayUrl: gateway.url,
    phoneNumber,
  });
  cleanups.push(() => device.shutdown());
  await device.start();
  return device;
}

async function gateway(withStream = true): Promise<SmsGateway> {
  const started = await startSmsGateway(withStream);
  cleanups.push(() => started.close());
  return started;
}

const texts = (device: SimulatedIPhone) => device.transcript.entries.map((entry) => entry.text);

describe('SMS on the simulated iPhone', () => {
  it('gets what was sent before it subscribed first, then each new SMS, as Messages notifications', async () => {
    const sms = await gateway();
    sms.send({ from: '+15005550006', body: 'Code IBKR : 482913' });
    sms.send({ from: '+15005550006', body: 'Not for this phone', to: '+447700900123' });
    const device = await phoneOn(sms);
    expect(sms.subscriptions).toEqual([NUMBER]);
    await vi.waitFor(() => expect(device.textMessages).toHaveLength(1));
    sms.send({ from: '+15005550006', body: 'Code IBKR : 771204' });
    await vi.waitFor(() => expect(device.textMessages).toHaveLength(2));
    expect(device.textMessages.map((message) => message.body)).toEqual([
      'Code IBKR : 482913',
      'Code IBKR : 771204',
    ]);
    expect(device.notifications.at(-1)).toMatchObject({
      bundleId: 'com.apple.MobileSMS',
      title: '+15005550006',
      body: 'Code IBKR : 771204',
      presented: true,
    });
    expect(device.banner).toMatchObject({ kind: 'notification' });
    expect(texts(device).join('\n')).not.toContain('771204');
    expect(texts(device)).toContain(`subscribed to the SMS of ${NUMBER}`);
  });

  it('opens Messages from the banner, where every SMS is a cell', async () => {
    const sms = await gateway();
    sms.send({ from: 'IBKR', body: 'Code : 123456' });
    const device = await phoneOn(sms);
    await vi.waitFor(() => expect(device.banner).toBeDefined());
    await device.tapBanner();
    expect(device.screen).toBe('messages');
    expect(device.foregroundApp).toBe('com.apple.MobileSMS');
    const cells = [...walk(renderTree(device))].filter(([node]) => node.name === 'MessageCell');
    expect(cells.map(([node]) => node.label)).toEqual(['IBKR, Code : 123456']);
  });

  it('holds SMS in Airplane Mode and gets them, once each, when back online', async () => {
    const sms = await gateway();
    sms.send({ from: 'IBKR', body: 'first' });
    const device = await phoneOn(sms);
    await vi.waitFor(() => expect(device.textMessages).toHaveLength(1));
    await device.setSetting('airplaneMode', true);
    expect(device.sms.subscribed).toBe(false);
    await vi.waitFor(() => expect(sms.openStreams()).toBe(0));
    sms.send({ from: 'IBKR', body: 'while offline' });
    expect(device.textMessages).toHaveLength(1);
    await device.setSetting('airplaneMode', false);
    await vi.waitFor(() => expect(device.textMessages).toHaveLength(2));
    expect(device.textMessages.map((message) => message.body)).toEqual(['first', 'while offline']);
    expect(device.notifications).toHaveLength(2);
  });

  it('puts SMS in Notification Center without a banner under Focus', async () => {
    const sms = await gateway();
    const device = await phoneOn(sms);
    await device.setSetting('focus', true);
    sms.send({ from: 'IBKR', body: 'quiet' });
    await vi.waitFor(() => expect(device.notifications).toHaveLength(1));
    expect(device.notifications[0]!.presented).toBe(false);
    expect(device.banner).toBeUndefined();
  });

  it('writes down once that the gateway has no SMS stream, and carries on', async () => {
    const sms = await gateway(false);
    const device = await phoneOn(sms);
    await device.setSetting('airplaneMode', true);
    await device.setSetting('airplaneMode', false);
    expect(texts(device).filter((text) => text.startsWith('no SMS reach'))).toEqual([
      `no SMS reach ${NUMBER}: the third-party gateway has no SMS stream (404)`,
    ]);
    expect(device.sms.subscribed).toBe(false);
  });

  it('does not subscribe without a phone number', async () => {
    const sms = await gateway();
    const device = await phoneOn(sms, {});
    expect(device.sms.configured).toBe(false);
    expect(sms.subscriptions).toEqual([]);
  });
});

describe('the appium:phoneNumber capability', () => {
  const caps = (phoneNumber: string): SimIPhoneCaps =>
    ({
      platformName: 'iOS',
      automationName: 'SimIPhone',
      deviceName: 'iPhone SE (Touch ID)',
      phoneNumber,
    }) as SimIPhoneCaps;

  it('takes an E.164 number', () => {
    expect(deviceOptionsFrom(caps('+14155550123')).phoneNumber).toBe('+14155550123');
  });

  it.each(['06 12 34 56 78', '0612345678', '+0612345678', '+33 6 12 34 56 78', '+1234567890123456'])(
    'refuses %s with a sentence',
    (number) => {
      expect(() => deviceOptionsFrom(caps(number))).toThrow(
        `appium:phoneNumber must be an E.164 number: a + and 7 to 15 digits with no spaces, e.g. "+33612345678", not "${number}".`,
      );
      expect(() => deviceOptionsFrom(caps(number))).toThrow(CapabilityError);
    },
  );
});
