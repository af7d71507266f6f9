// A login transaction locked by wrong challenge/response answers is locked for every path (push
// approval, the app's pending list, the portal's poll), also when the lock races an approval; and
// logins send a limited number of pushes.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StartedLab } from '../../lab/index.ts';
import { IBKR_MOBILE } from '../../product/index.ts';
import { MOBILE_API, type ProtocolError } from '../../protocol/index.ts';
import { activatedPhone, pushTo, serverNow } from './test-support/phones.ts';
import { postedOutcome, startServerLab } from './test-support/server-lab.ts';

const ROUNDS = 20;
const WRONG = '12345678';
let lab: StartedLab;
let tokens = 0;

beforeAll(async () => {
  lab = await startServerLab(inject('storeUrl'), 'second_factor_limits');
});
afterAll(() => lab.stop());

/** A user whose active phone gets pushes, logged in with a password: the push is on its way. */
async function loggedInWithPhone() {
  tokens += 1;
  const apnsToken = tokens.toString(16).padStart(64, 'e');
  lab.apns.registerToken(apnsToken, IBKR_MOBILE.apnsTopic);
  const created = await lab.createUser({ device: { state: 'active', apnsToken } });
  const portal = lab.portal();
  await portal.logIn(created.user.username, created.user.password);
  const push = await pushTo(lab, apnsToken);
  return { ...created, apnsToken, phone: activatedPhone(lab, created.device!), portal, push };
}

const postedTo = (path: string, body: unknown) => postedOutcome(`${lab.server.url}${path}`, body);

describe('a transaction locked by wrong challenge/response answers', () => {
  it('refuses the push approval, leaves the pending list and tells the portal it is over', async () => {
    const { user, phone, portal, push } = await loggedInWithPhone();
    const statuses = [];
    for (let attempt = 0; attempt < 5; attempt += 1)
      statuses.push((await portal.submitResponse(WRONG)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);

    const approval = await phone
      .answer(push.txid, push.nonce, 'approve')
      .catch((error: ProtocolError) => error);
    expect(approval).toMatchObject({ code: 'TRANSACTION_LOCKED', status: 409 });
    expect(await phone.pending(serverNow(lab))).toEqual([]);
    expect(await portal.json('/login/status')).toMatchObject({ status: 'access_denied', final: true });
    expect((await portal.get('/portal')).location).toBe('/login/check-phone');
    const state = await lab.control.userState(user.username);
    expect(state.transactions).toEqual([expect.objectContaining({ state: 'pending', cr_failures: 5 })]);
    expect(state.audit.map((event) => `${event.kind}:${event.outcome}`)).toEqual(
      expect.arrayContaining(['challenge_response:LOCKED', 'answer:TRANSACTION_LOCKED']),
    );
  });

  it(`gives the fifth wrong answer racing a push approval exactly one outcome, ${ROUNDS} times over`, async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const { user, phone, portal, push } = await loggedInWithPhone();
      for (let attempt = 0; attempt < 4; attempt += 1) await portal.submitResponse(WRONG);
      const page = await portal.get('/login/challenge');
      const approval = await phone.answerRequest(push.txid, push.nonce, 'approve');
      const [approved, answered] = await Promise.all([
        postedTo(MOBILE_API.answer, approval),
        portal.request('POST', '/login/challenge', { _csrf: portal.csrfOf(page), response: WRONG }),
      ]);
      const [transaction] = (await lab.control.userState(user.username)).transactions;
      // Either the phone approved first (the wrong answer is then not checked), or the wrong answer
      // locked the login first (the phone is then refused): never both, never neither.
      if (approved === 'OK') {
        // The portal saw the approval before the answer (the session is logged in: 303 to /portal),
        // or only when it checked the answer (409: already answered).
        expect([409, 303], `round ${round}`).toContain(answered.status);
        if (answered.status === 303) expect(answered.location).toBe('/portal');
        expect(transaction, `round ${round}`).toMatchObject({
          state: 'approved',
          answered_by: 'push',
          cr_failures: 4,
        });
        expect(await portal.json('/login/status')).toMatchObject({ status: 'approved' });
      } else {
        expect(approved, `round ${round}`).toBe('TRANSACTION_LOCKED');
        expect(answered.status, `round ${round}`).toBe(429);
        expect(transaction, `round ${round}`).toMatchObject({ state: 'pending', cr_failures: 5 });
        expect(await portal.json('/login/status')).toMatchObject({ status: 'access_denied' });
      }
    }
  });
});

describe('pushes per user', () => {
  it('sends at most 5 login pushes in 15 minutes; further logins go to challenge/response, which still works', async () => {
    const { user, apnsToken, phone } = await loggedInWithPhone();
    for (let login = 2; login <= 5; login += 1) await lab.portal().logIn(user.username, user.password);
    await expect
      .poll(() => lab.apns.requests.filter((request) => request.token === apnsToken).length)
      .toBe(5);
    const sixth = lab.portal();
    expect((await sixth.logIn(user.username, user.password)).location).toBe('/login/check-phone');
    expect((await sixth.get('/login/check-phone')).location).toBe('/login/challenge');
    const state = await lab.control.userState(user.username);
    expect(state.transactions.at(-1)).toMatchObject({ push_outcome: 'rate_limited' });
    expect(lab.apns.requests.filter((request) => request.token === apnsToken)).toHaveLength(5);
    const response = await phone.respondTo(await sixth.challenge());
    expect(await sixth.submitResponse(response)).toMatchObject({ status: 303, location: '/portal' });

    await lab.control.advanceClock(901);
    await lab.portal().logIn(user.username, user.password);
    await expect
      .poll(() => lab.apns.requests.filter((request) => request.token === apnsToken).length)
      .toBe(6);
  });
});
