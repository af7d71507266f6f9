// What support reads in the audit trail: each refusal under its own name and each push with the
// answer APNs gave. A support engineer tells "someone guessed the QR" from "the limit held them
// back", and "the push reached Apple" from "Apple refused the token", by these rows alone.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StartedLab } from '../../lab/index.ts';
import { IBKR_MOBILE } from '../../product/index.ts';
import { MOBILE_API, PhoneClient } from '../../protocol/index.ts';
import { tally } from './test-support/login-forms.ts';
import { activatedPhone, pushTo } from './test-support/phones.ts';
import { forgedLink, postedOutcome, startServerLab, userAtTheGate } from './test-support/server-lab.ts';

let lab: StartedLab;
let tokens = 0;

beforeAll(async () => {
  lab = await startServerLab(inject('storeUrl'), 'audit_trail');
});
afterAll(() => lab.stop());

const eventsOf = async (username: string, kind: string) =>
  (await lab.control.userState(username)).audit.filter((event) => event.kind === kind);
const outcomesOf = async (username: string, kind: string) =>
  (await eventsOf(username, kind)).map((event) => event.outcome);

describe('the audit trail', () => {
  it('names wrong activation credentials BAD_CREDENTIAL until the limit, then RATE_LIMITED', async () => {
    await lab.control.advanceClock(61);
    const { user, link } = await userAtTheGate(lab);
    const forged = forgedLink(link);
    const outcomes = [];
    // One after another, so that the order is the limiter's: 10 wrong tries, then held back.
    for (let attempt = 0; attempt < 12; attempt += 1) {
      const body = await (await PhoneClient.create()).enrollRequest(forged, null);
      outcomes.push(await postedOutcome(`${lab.server.url}${MOBILE_API.enroll}`, body, 'ACTIVATED'));
    }
    expect(tally(outcomes)).toEqual({ BAD_CREDENTIAL: 10, RATE_LIMITED: 2 });
    expect(tally(await outcomesOf(user.username, 'enroll'))).toEqual({ BAD_CREDENTIAL: 10, RATE_LIMITED: 2 });
  });

  it('records each login push with the status APNs answered: 200 when delivered, 410 for a token the app gave up', async () => {
    const statusOfPush = async (unregistered: boolean) => {
      const apnsToken = (++tokens).toString(16).padStart(64, 'a');
      lab.apns.registerToken(apnsToken, IBKR_MOBILE.apnsTopic);
      const { user } = await lab.createUser({ device: { state: 'active', apnsToken } });
      if (unregistered) lab.apns.unregister(apnsToken);
      await lab.portal().logIn(user.username, user.password);
      let pushes: Awaited<ReturnType<typeof eventsOf>> = [];
      await expect
        .poll(async () => {
          pushes = await eventsOf(user.username, 'push');
          return pushes.length;
        })
        .toBe(1);
      const [push] = pushes;
      return { outcome: push?.outcome, status: (push?.detail as { status?: unknown } | undefined)?.status };
    };
    expect(await statusOfPush(false)).toEqual({ outcome: 'sent', status: 200 });
    const refused = await statusOfPush(true);
    expect(refused.status).toBe(410);
    expect(refused.outcome).not.toBe('sent');
  });

  it('names a challenge/response answer to a login the phone already denied ALREADY_ANSWERED', async () => {
    const apnsToken = (++tokens).toString(16).padStart(64, 'c');
    lab.apns.registerToken(apnsToken, IBKR_MOBILE.apnsTopic);
    const { user, device } = await lab.createUser({ device: { state: 'active', apnsToken } });
    const portal = lab.portal();
    await portal.logIn(user.username, user.password);
    const push = await pushTo(lab, apnsToken);
    await activatedPhone(lab, device!).answer(push.txid, push.nonce, 'deny');
    const page = await portal.get('/login/challenge');
    await portal.request('POST', '/login/challenge', { _csrf: portal.csrfOf(page), response: '12345678' });
    expect(await outcomesOf(user.username, 'challenge_response')).toEqual(['ALREADY_ANSWERED']);
  });
});
