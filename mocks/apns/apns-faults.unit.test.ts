// A phone that goes away halfway through a request to the simulator's device side (a killed
// Appium session) must not take down the process that hosts the simulator: it keeps answering.

import { generateKeyPairSync } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { IBKR_MOBILE } from '../../product/index.ts';
import { type StartedApnsSimulator, startApnsSimulator } from './apns-simulator.ts';

let simulator: StartedApnsSimulator;
beforeAll(async () => {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  simulator = await startApnsSimulator({
    providers: [
      {
        teamId: 'TEAM000001',
        keyId: 'KEY0000001',
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      },
    ],
  });
});
afterAll(() => simulator.close());

it('survives a phone that closes its connection halfway through registering, and registers the next one', async () => {
  const { port } = new URL(simulator.deviceUrl);
  const socket = connect(Number(port), '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  const closed = new Promise((resolve) => socket.once('close', resolve));
  socket.write(
    'POST /devices HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{"topic":',
  );
  await expect.poll(() => socket.bytesWritten).toBeGreaterThan(0);
  socket.destroy();
  await closed;

  const next = await fetch(`${simulator.deviceUrl}/devices`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ topic: IBKR_MOBILE.bundleId }),
  });
  expect(next.status).toBe(201);
});
