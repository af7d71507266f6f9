// The gateway's SMS stream, the contract the phone's Messages app is built on: every earlier text
// to the number first, then each new one, one event each; only texts the SMS API accepted.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { smsGatewayDown, thirdPartyHandlers } from '../handlers/index.ts';
import { type StartedGateway, startThirdPartyGateway } from './third-party-gateway.ts';

let gateway: StartedGateway;
beforeAll(async () => {
  gateway = await startThirdPartyGateway(thirdPartyHandlers);
});
afterEach(() => gateway.resetHandlers());
afterAll(() => gateway.close());

const SMS_API_URL = 'https://api.twilio.com/2010-04-01/Accounts/AC123/Messages.json';
let numberCounter = 0;
function newNumber(): string {
  numberCounter += 1;
  return `+1555${String(numberCounter).padStart(7, '0')}`;
}

function text(to: string, body: string): Promise<Response> {
  return fetch(`${gateway.url}${new URL(SMS_API_URL).pathname}`, {
    method: 'POST',
    headers: { 'x-lab-original-url': SMS_API_URL, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ To: to, From: '+15005550006', Body: body }),
  });
}

interface SmsEvent {
  id: string;
  data: Record<string, unknown>;
}

/** Subscribes and hands out the stream's events one at a time, as a phone reads them. */
async function subscribe(query: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(`${gateway.url}/lab/sms/stream?${query}`, {
    signal: controller.signal,
    headers,
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  return {
    response,
    async next(): Promise<SmsEvent> {
      for (;;) {
        const end = buffered.indexOf('\n\n');
        if (end >= 0) {
          const lines = buffered.slice(0, end).split('\n');
          buffered = buffered.slice(end + 2);
          if (lines.every((line) => line.startsWith(':'))) continue;
          const field = (name: string) =>
            lines.find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2);
          return { id: field('id')!, data: JSON.parse(field('data')!) };
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('The SMS stream ended.');
        buffered += decoder.decode(value, { stream: true });
      }
    },
    close: () => controller.abort(),
  };
}

describe('the gateway’s SMS stream', () => {
  it('sends every earlier text to the number first, then each new one, and nothing for other numbers', async () => {
    const mine = newNumber();
    await text(mine, 'IBKR: your IB Key code is 111111');
    await text(newNumber(), 'IBKR: your IB Key code is 999999');
    await text(mine, 'IBKR: your IB Key code is 222222');
    const stream = await subscribe(`to=${encodeURIComponent(mine)}`);
    expect(stream.response.headers.get('content-type')).toBe('text/event-stream');
    const first = await stream.next();
    expect(first.data).toEqual({
      sid: expect.stringMatching(/^SM[0-9a-f]{32}$/),
      to: mine,
      from: '+15005550006',
      body: 'IBKR: your IB Key code is 111111',
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(first.id).toBe(first.data.sid);
    expect((await stream.next()).data.body).toBe('IBKR: your IB Key code is 222222');
    await text(mine, 'IBKR: your IB Key code is 333333');
    expect((await stream.next()).data.body).toBe('IBKR: your IB Key code is 333333');
    expect(gateway.smsSentTo(mine).map((message) => message.body.slice(-6))).toEqual([
      '111111',
      '222222',
      '333333',
    ]);
    stream.close();
  });

  it('resumes after the Last-Event-ID a reconnecting phone sends, and takes an unencoded +', async () => {
    const mine = newNumber();
    await text(mine, 'first');
    await text(mine, 'second');
    const [first] = gateway.smsSentTo(mine);
    const stream = await subscribe(`to=${mine}`, { 'last-event-id': first!.sid });
    expect((await stream.next()).data.body).toBe('second');
    stream.close();
  });

  it('never delivers a text the SMS API refused', async () => {
    const mine = newNumber();
    gateway.use(smsGatewayDown(503));
    expect((await text(mine, 'lost')).status).toBe(503);
    gateway.resetHandlers();
    await text(mine, 'delivered');
    const stream = await subscribe(`to=${encodeURIComponent(mine)}`);
    expect((await stream.next()).data.body).toBe('delivered');
    expect(gateway.smsSentTo(mine)).toHaveLength(1);
    stream.close();
  });

  it('refuses a number that is not E.164 with a sentence', async () => {
    const refused = await fetch(`${gateway.url}/lab/sms/stream?to=0612345678`);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      error: 'BAD_SMS_STREAM',
      message: 'to="0612345678" is not an E.164 number; ask for GET /lab/sms/stream?to=%2B15551234567.',
    });
  });

  it('ends the open streams when the gateway stops', async () => {
    const own = await startThirdPartyGateway(thirdPartyHandlers);
    const response = await fetch(`${own.url}/lab/sms/stream?to=%2B15550000001`);
    const reader = response.body!.getReader();
    await reader.read();
    await own.close();
    expect((await reader.read()).done).toBe(true);
  });
});
