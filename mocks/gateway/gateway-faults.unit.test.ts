// A client that goes away in the middle of its request (a sender's timeout, a killed phone) must
// not take down the process that hosts the gateway (a test worker, a lab run): the gateway keeps
// answering the next request.

import { connect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { thirdPartyHandlers } from '../handlers/index.ts';
import { type StartedGateway, startThirdPartyGateway } from './third-party-gateway.ts';

let gateway: StartedGateway;
beforeAll(async () => {
  gateway = await startThirdPartyGateway(thirdPartyHandlers);
});
afterAll(() => gateway.close());

const SMS_API_URL = 'https://api.twilio.com/2010-04-01/Accounts/AC123/Messages.json';

it('survives a client that closes its connection halfway through the body, and answers the next one', async () => {
  const { port } = new URL(gateway.url);
  const socket = connect(Number(port), '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  const closed = new Promise((resolve) => socket.once('close', resolve));
  socket.write(
    `POST ${new URL(SMS_API_URL).pathname} HTTP/1.1\r\nHost: 127.0.0.1\r\nx-lab-original-url: ${SMS_API_URL}\r\n` +
      'content-type: application/x-www-form-urlencoded\r\ncontent-length: 1000\r\n\r\nTo=%2B1555',
  );
  // The request has reached the handler, which waits for the rest of the body; then the client goes.
  await expect.poll(() => socket.bytesWritten).toBeGreaterThan(0);
  socket.destroy();
  await closed;

  const next = await fetch(`${gateway.url}${new URL(SMS_API_URL).pathname}`, {
    method: 'POST',
    headers: { 'x-lab-original-url': SMS_API_URL, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ To: '+15550000999', From: '+15005550006', Body: 'after the broken one' }),
  });
  expect(next.status).toBe(201);
});
