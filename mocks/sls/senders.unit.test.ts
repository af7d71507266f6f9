// The server's senders of texts and pushes, against the lab's third-party gateway and APNs
// simulator: what a text carries, what a failure says, and what a sender leaves behind.
//
// Each test makes its sender (and its config) itself: a mutation run credits the code that builds
// a sender only to the tests that ran it.

import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LAB_APP_TOPIC, startLabApns } from '../apns/lab-provider.ts';
import { type StartedGateway, startThirdPartyGateway } from '../gateway/third-party-gateway.ts';
import { SMS_API, smsGatewayDown, thirdPartyHandlers } from '../handlers/index.ts';
import { labSmsConfig } from './config.ts';
import { createPushSender } from './push-sender.ts';
import { createSmsSender } from './sms-sender.ts';

let gateway: StartedGateway;
beforeAll(async () => {
  gateway = await startThirdPartyGateway(thirdPartyHandlers);
});
afterEach(() => gateway.resetHandlers());
afterAll(() => gateway.close());

let numberCounter = 0;
function newNumber(): string {
  numberCounter += 1;
  return `+1555${String(numberCounter).padStart(7, '0')}`;
}

describe('the SMS sender', () => {
  it("texts through the lab's gateway from Twilio's test sender number, and gives the message's sid", async () => {
    const to = newNumber();
    const sender = createSmsSender(labSmsConfig(gateway.url));
    const result = await sender.send({ to, body: 'IBKR: your IB Key code is 123456' });
    const [received] = gateway.smsSentTo(to);
    expect(received).toMatchObject({
      from: '+15005550006',
      to,
      body: 'IBKR: your IB Key code is 123456',
    });
    expect(result).toEqual({ outcome: 'sent', sid: received!.sid });
  });

  it('answers a failure that says so when the server has no SMS provider, instead of throwing', async () => {
    const sender = createSmsSender(undefined);
    expect(await sender.send({ to: newNumber(), body: 'IBKR: your IB Key code is 123456' })).toEqual({
      outcome: 'failed',
      detail: 'no SMS provider is configured on this server',
    });
  });

  it("passes on the provider's status and its message when it refuses the text", async () => {
    gateway.use(smsGatewayDown(503));
    const sender = createSmsSender(labSmsConfig(gateway.url));
    expect(await sender.send({ to: newNumber(), body: 'IBKR: your IB Key code is 123456' })).toEqual({
      outcome: 'failed',
      detail: 'the SMS provider answered 503: Service unavailable',
    });
  });

  it('gives only the status when the refusal carries no message to quote', async () => {
    const sender = createSmsSender(labSmsConfig(gateway.url));
    const text = { to: newNumber(), body: 'IBKR: your IB Key code is 123456' };
    gateway.use(http.post(SMS_API, () => new HttpResponse('Bad gateway', { status: 502 })));
    expect(await sender.send(text)).toEqual({ outcome: 'failed', detail: 'the SMS provider answered 502' });
    gateway.resetHandlers();
    gateway.use(http.post(SMS_API, () => HttpResponse.json({ code: 20500, message: 42 }, { status: 500 })));
    expect(await sender.send(text)).toEqual({ outcome: 'failed', detail: 'the SMS provider answered 500' });
  });
});

describe('the push sender', () => {
  it('lets go of its give-up timers once APNs has answered and when it closes, so a stopping server is not held open', async () => {
    const apns = await startLabApns({ requestTimeoutMs: 500 });
    try {
      // Only the timers made from here on are counted: the sender's own (node-apn's are intervals).
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const sender = createPushSender(apns.config);
      const deviceToken = 'ab'.repeat(32);
      apns.simulator.registerToken(deviceToken, LAB_APP_TOPIC);
      const result = await sender.send({
        deviceToken,
        payload: { aps: { alert: { title: 'IBKR Mobile', body: 'Login request' } } },
        expiresAt: new Date(Date.now() + 60_000),
        collapseId: 'login-test',
      });
      expect(result).toEqual({ outcome: 'sent', status: 200 });
      expect(vi.getTimerCount()).toBe(0);
      await sender.close();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
      await apns.simulator.close();
    }
  });
});
