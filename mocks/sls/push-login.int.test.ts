import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StartedLab } from '../../lab/index.ts';
import { IBKR_MOBILE, type Locale } from '../../product/index.ts';
import { PhoneClient, type ProtocolError } from '../../protocol/index.ts';
import { defaultConfig } from './config.ts';
import { submitChallengeResponse } from './login-transactions.ts';
import { activatedPhone, pushTo } from './test-support/phones.ts';
import { startServerLab } from './test-support/server-lab.ts';

let lab: StartedLab;
let tokenCounter = 0;

beforeAll(async () => {
  lab = await startServerLab(inject('storeUrl'), 'push_login', {
    ttl: { ...defaultTtl(), pollIntervalSeconds: 0.01 },
  });
});
afterAll(() => lab.stop());

function defaultTtl() {
  return defaultConfig({ databaseUrl: '' }).ttl;
}

function newToken(): string {
  tokenCounter += 1;
  return tokenCounter.toString(16).padStart(64, 'c');
}

/** A user with an active device (made by the control API), logged in with a password: a push is on its way. */
async function loggedInWithDevice(options: { apnsToken?: string | null; locale?: Locale } = {}) {
  const apnsToken = options.apnsToken === undefined ? newToken() : options.apnsToken;
  const created = await lab.createUser({
    locale: options.locale ?? 'en-US',
    device: { state: 'active', apnsToken },
  });
  const phone = activatedPhone(lab, created.device!);
  const portal = lab.portal(options.locale);
  const landing = await portal.logIn(created.user.username, created.user.password);
  return { ...created, phone, portal, landing, apnsToken };
}

async function pushOutcomeOf(username: string): Promise<string> {
  let outcome = 'sending';
  await expect
    .poll(
      async () => {
        outcome = (await lab.control.userState(username)).transactions.at(-1)!.push_outcome;
        return outcome;
      },
      { timeout: 5000 },
    )
    .not.toBe('sending');
  return outcome;
}

describe('login approved by push (protocol part B)', () => {
  it('sends a real APNs provider-API request with an ES256 token, Apple headers and a signed payload', async () => {
    const { apnsToken, phone, user } = await loggedInWithDevice({ locale: 'fr-FR' });
    expect(await pushOutcomeOf(user.username)).toBe('sent');
    const push = lab.apns.requests.find((request) => request.token === apnsToken)!;
    expect(push).toMatchObject({
      status: 200,
      delivered: 'held',
      provider: { keyId: 'LABKEY0001', teamId: 'LAB0TEAM01' },
    });
    expect(push.headers).toMatchObject({
      'apns-topic': IBKR_MOBILE.apnsTopic,
      'apns-push-type': 'alert',
      'apns-priority': '10',
      'apns-collapse-id': expect.stringMatching(/^login-/),
      'apns-expiration': expect.stringMatching(/^\d+$/),
    });
    expect(JSON.stringify(push.payload).length).toBeLessThanOrEqual(4096);
    expect(push.payload).toMatchObject({
      aps: { alert: { body: "Demande de connexion : touchez pour l'approuver avec IB Key." } },
    });
    expect(
      await phone.verifyPush((push.payload as { ibkey: { txid: string; nonce: string; sig: string } }).ibkey),
    ).toBe(true);
  });

  it('logs in when the phone approves: the portal poll says approved and the home page opens', async () => {
    const { apnsToken, phone, portal, landing, user } = await loggedInWithDevice();
    expect(landing.location).toBe('/login/check-phone');
    expect(await portal.json('/login/status')).toMatchObject({ status: 'authorization_pending' });
    const ibkey = await pushTo(lab, apnsToken!);
    expect(await phone.answer(ibkey.txid, ibkey.nonce, 'approve')).toEqual({
      txid: ibkey.txid,
      state: 'approved',
    });
    expect(await portal.json('/login/status')).toMatchObject({ status: 'approved', next: '/portal' });
    expect((await portal.get('/portal')).body).toContain(`Welcome, ${user.displayName}`);
    // A transaction is answered once.
    const again = await phone.answer(ibkey.txid, ibkey.nonce, 'deny').catch((error: ProtocolError) => error);
    expect((again as ProtocolError).code).toBe('TRANSACTION_ANSWERED');
    expect((await lab.control.userState(user.username)).transactions.at(-1)).toMatchObject({
      state: 'approved',
      answered_by: 'push',
    });
  });

  it('refuses the login when the phone denies, and the portal says so', async () => {
    const { phone, portal, user } = await loggedInWithDevice();
    const [pending] = await phone.pending(Math.floor(lab.server.clock.now().getTime() / 1000));
    await phone.answer(pending!.txid, pending!.nonce, 'deny');
    expect(await portal.json('/login/status')).toMatchObject({ status: 'access_denied', final: true });
    expect((await portal.get('/portal')).location).toBe('/login/check-phone');
    expect((await lab.control.userState(user.username)).audit.map((event) => event.outcome)).toContain(
      'DENIED',
    );
  });

  it('expires an unanswered login with the lab clock: the poll says expired_token and a late answer is refused', async () => {
    const { phone, portal } = await loggedInWithDevice();
    const [pending] = await phone.pending(Math.floor(lab.server.clock.now().getTime() / 1000));
    await lab.control.advanceClock(121);
    expect(await portal.json('/login/status')).toMatchObject({ status: 'expired_token', final: true });
    const late = await phone
      .answer(pending!.txid, pending!.nonce, 'approve')
      .catch((error: ProtocolError) => error);
    expect((late as ProtocolError).code).toBe('TRANSACTION_EXPIRED');
  });

  it('lists pending logins only for a signed, timely request, each signed by the server', async () => {
    const { phone } = await loggedInWithDevice();
    const now = Math.floor(lab.server.clock.now().getTime() / 1000);
    expect(await phone.pending(now)).toHaveLength(1);
    const stale = await phone.pending(now - 61).catch((error: ProtocolError) => error);
    expect((stale as ProtocolError).code).toBe('STALE_REQUEST');
    const stranger = PhoneClient.restore((await PhoneClient.create()).key.privateJwk, phone.enrolled!);
    const forged = await stranger.pending(now).catch((error: ProtocolError) => error);
    expect((forged as ProtocolError).code).toBe('BAD_SIGNATURE');
  });

  it('refuses an answer with a nonce that is not the transaction’s (BAD_NONCE)', async () => {
    const { phone } = await loggedInWithDevice();
    const [pending] = await phone.pending(Math.floor(lab.server.clock.now().getTime() / 1000));
    const wrong = await phone
      .answer(pending!.txid, 'A'.repeat(43), 'approve')
      .catch((error: ProtocolError) => error);
    expect((wrong as ProtocolError).code).toBe('BAD_NONCE');
  });

  it('tells a too-fast poller to slow_down', async () => {
    const slowLab = await startServerLab(inject('storeUrl'), 'slow_down', {
      ttl: { ...defaultTtl(), pollIntervalSeconds: 30 },
    });
    try {
      const created = await slowLab.createUser({ device: { state: 'active', apnsToken: null } });
      const portal = slowLab.portal();
      await portal.logIn(created.user.username, created.user.password);
      const statuses = [
        await portal.json<{ status: string }>('/login/status'),
        await portal.json<{ status: string }>('/login/status'),
      ];
      expect(statuses.map((body) => body.status)).toEqual(['authorization_pending', 'slow_down']);
    } finally {
      await slowLab.stop();
    }
  });
});

describe('push failures are recorded and never block challenge/response (part C)', () => {
  it.each([
    [{ status: 400, reason: 'BadDeviceToken' }, 'BadDeviceToken'],
    [{ status: 410, reason: 'Unregistered' }, 'Unregistered'],
    ['no-answer' as const, 'timeout'],
  ])(
    'records APNs answering %j as %s, and the challenge/response still logs in',
    async (behaviour, outcome) => {
      const apnsToken = newToken();
      lab.apns.setFault(apnsToken, behaviour);
      const { phone, portal, user } = await loggedInWithDevice({ apnsToken });
      expect(await pushOutcomeOf(user.username)).toBe(outcome);
      const response = await phone.respondTo(await portal.challenge());
      const accepted = await portal.submitResponse(response);
      expect(accepted).toMatchObject({ status: 303, location: '/portal' });
      expect((await lab.control.userState(user.username)).transactions.at(-1)).toMatchObject({
        state: 'approved',
        answered_by: 'challenge_response',
        push_outcome: outcome,
      });
    },
  );

  it('sends a device without an APNs token straight to challenge/response', async () => {
    const { portal, user } = await loggedInWithDevice({ apnsToken: null });
    expect((await portal.get('/login/check-phone')).location).toBe('/login/challenge');
    expect((await lab.control.userState(user.username)).transactions.at(-1)!.push_outcome).toBe('no_token');
  });

  it('accepts a response once, and refuses it when reused or out of its window', async () => {
    const first = await loggedInWithDevice({ apnsToken: null });
    const response = await first.phone.respondTo(await first.portal.challenge());
    expect((await first.portal.submitResponse('00000000')).status).toBe(401);
    expect(await first.portal.submitResponse(response)).toMatchObject({ status: 303, location: '/portal' });
    // Reuse: the same response again for the same transaction, once it has logged a session in.
    const txid = (await lab.control.userState(first.user.username)).transactions.at(-1)!.txid;
    expect(await submitChallengeResponse(lab.server.context, txid, response)).toBe('answered');

    const late = await loggedInWithDevice({ apnsToken: null });
    const lateResponse = await late.phone.respondTo(await late.portal.challenge());
    await lab.control.advanceClock(121);
    const refused = await late.portal.submitResponse(lateResponse);
    expect(refused.status).toBe(410);
    expect(refused.body).toContain('The login request has expired. Log in again.');
  });

  it('locks the challenge after five wrong responses', async () => {
    const { phone, portal } = await loggedInWithDevice({ apnsToken: null });
    const statuses = [];
    for (let attempt = 0; attempt < 5; attempt += 1)
      statuses.push((await portal.submitResponse('12345678')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const locked = await portal.submitResponse(await phone.respondTo(await portal.challenge()));
    expect(locked.status).toBe(429);
    expect(locked.body).toContain('Too many wrong responses');
  });
});
