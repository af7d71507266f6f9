// An APNs provider of one's own against the simulator `npm run serve` starts, knowing only what
// serve printed: the provider API's address (on the port chosen with LAB_APNS_PORT), the CA file,
// the .p8 key file with its key id, team id and topic, and the device side to get a token from.
// Pushes from a plain http2 client and from @parse/node-apn reach the device; a stop removes the files.

import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import apn from '@parse/node-apn';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ServeProcess, startServeProcess } from '../../lab/test-support/serve-process.ts';
import { PlainApnsProvider, type ProviderCredentials, SimulatedDevice } from './test-support/apns-clients.ts';

let serve: ServeProcess;
let chosenPort: number;
let printed: { deviceUrl: string; caFile: string; keyFile: string; credentials: ProviderCredentials };

/** A port free a moment ago, for LAB_APNS_PORT (serve fails with a sentence if it was taken since). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The value of a printed `label: value (comment)` line. */
async function printedValue(label: string): Promise<string> {
  const line = await serve.lineMatching(new RegExp(`^${label}:\\s`));
  return line
    .slice(label.length + 1)
    .trim()
    .split(/\s/)[0]!;
}

beforeAll(async () => {
  chosenPort = await freePort();
  serve = startServeProcess('lab/serve-portal.ts', {
    LAB_DB: 'embedded',
    LAB_LOCALE: 'en-US',
    LAB_APNS_PORT: String(chosenPort),
  });
  await serve.lineMatching(/^Log in to see/, 120_000);
  const caFile = await printedValue('apns ca');
  const keyFile = await printedValue('apns key');
  printed = {
    deviceUrl: await printedValue('apns'),
    caFile,
    keyFile,
    credentials: {
      address: await printedValue('apns api'),
      ca: await readFile(caFile, 'utf8'),
      p8: await readFile(keyFile, 'utf8'),
      keyId: await printedValue('key id'),
      teamId: await printedValue('team id'),
      topic: await printedValue('topic'),
    },
  };
}, 150_000);
afterAll(async () => {
  if (serve.child.exitCode === null && serve.child.signalCode === null)
    await serve.stop('SIGTERM', 'process');
});

it('prints the provider API on the chosen port, a CA for Apple’s sandbox host names, and an ES256 .p8 key with its ids', () => {
  expect(printed.credentials.address).toBe(`127.0.0.1:${chosenPort}`);
  const certificate = new X509Certificate(printed.credentials.ca);
  expect(certificate.checkHost('api.sandbox.push.apple.com')).toBe('api.sandbox.push.apple.com');
  expect(certificate.checkIP('127.0.0.1')).toBe('127.0.0.1');
  expect(createPrivateKey(printed.credentials.p8).asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
  expect(printed.keyFile).toMatch(new RegExp(`AuthKey_${printed.credentials.keyId}\\.p8$`));
  expect(printed.credentials.keyId).toMatch(/^[A-Z0-9]{10}$/);
  expect(printed.credentials.teamId).toMatch(/^[A-Z0-9]{10}$/);
});

it('delivers a plain http2 provider’s push to a device registered on its device side, and refuses a second JWT on that connection', async () => {
  const phone = await SimulatedDevice.register(printed.deviceUrl, printed.credentials.topic);
  await phone.goOnline();
  const provider = new PlainApnsProvider(printed.credentials);
  try {
    const body = JSON.stringify({ aps: { alert: 'From my own provider' } });
    expect((await provider.send(phone.token, { body })).status).toBe(200);
    await expect.poll(() => phone.received).toEqual([{ aps: { alert: 'From my own provider' } }]);
    // Apple: a token refreshed more often than once every 20 minutes is 429 TooManyProviderTokenUpdates.
    provider.refreshToken();
    expect(await provider.send(phone.token, { body })).toMatchObject({
      status: 429,
      body: { reason: 'TooManyProviderTokenUpdates' },
    });
  } finally {
    provider.close();
    phone.goOffline();
  }
});

it('delivers pushes from @parse/node-apn given the printed files and ids', async () => {
  const phone = await SimulatedDevice.register(printed.deviceUrl, printed.credentials.topic);
  await phone.goOnline();
  const [host, port] = printed.credentials.address.split(':');
  const library = new apn.Provider({
    token: { key: printed.keyFile, keyId: printed.credentials.keyId, teamId: printed.credentials.teamId },
    address: host!,
    port: Number(port),
    ca: [printed.credentials.ca],
    production: false,
  });
  try {
    for (const text of ['one', 'two']) {
      const note = new apn.Notification({ alert: text });
      note.topic = printed.credentials.topic;
      note.pushType = 'alert';
      expect((await library.send(note, phone.token)).failed).toEqual([]);
    }
    await expect
      .poll(() => phone.received)
      .toEqual([
        expect.objectContaining({ aps: { alert: 'one' } }),
        expect.objectContaining({ aps: { alert: 'two' } }),
      ]);
  } finally {
    await library.shutdown();
    phone.goOffline();
  }
});

it('removes the CA and key files when it stops', async () => {
  const folder = dirname(printed.keyFile);
  expect(existsSync(folder)).toBe(true);
  expect(await serve.stop('SIGTERM', 'process')).toMatchObject({ code: 0 });
  expect(existsSync(folder)).toBe(false);
});
