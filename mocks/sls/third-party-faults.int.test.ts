// The server's third parties failing: the APNs simulator down (its port closed) or slow (no
// answer, also while the server stops), the SMS gateway down or hanging. Each time the outcome is
// recorded (push_outcome and an audit event, or SMS_FAILED), nothing crashes, and the server keeps
// answering. Each describe has a lab of its own, since a part of it is switched off for good.

import { delay, http } from 'msw';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StartedLab } from '../../lab/index.ts';
import { MOBILE_API } from '../../protocol/index.ts';
import { SMS_API } from '../handlers/sms-gateway.ts';
import { startServerLab } from './test-support/server-lab.ts';

const storeUrl = inject('storeUrl');
let tokenCounter = 0;

function newToken(): string {
  tokenCounter += 1;
  return tokenCounter.toString(16).padStart(64, 'd');
}

async function loggedInWithDevice(lab: StartedLab) {
  const apnsToken = newToken();
  const created = await lab.createUser({ device: { state: 'active', apnsToken } });
  const portal = lab.portal();
  expect((await portal.logIn(created.user.username, created.user.password)).location).toBe(
    '/login/check-phone',
  );
  return { ...created, apnsToken, portal };
}

async function lastPush(lab: StartedLab, username: string) {
  let push = { push_outcome: 'sending', push_detail: null as string | null };
  await expect
    .poll(
      async () => {
        push = (await lab.control.userState(username)).transactions.at(-1)!;
        return push.push_outcome;
      },
      { timeout: 10_000 },
    )
    .not.toBe('sending');
  return push;
}

const healthOf = async (lab: StartedLab) => (await fetch(`${lab.portalUrl}/health`)).status;

describe('APNs down', () => {
  let lab: StartedLab;
  beforeAll(async () => {
    lab = await startServerLab(storeUrl, 'apns_down');
    await lab.apns.close();
  });
  afterAll(() => lab?.stop());

  it('records the refused push as an error with its cause, audits it, and the login can still use challenge/response', async () => {
    const { user, portal } = await loggedInWithDevice(lab);
    const push = await lastPush(lab, user.username);
    expect(push).toMatchObject({ push_outcome: 'error', push_detail: expect.stringMatching(/ECONNREFUSED/) });
    const state = await lab.control.userState(user.username);
    expect(state.audit).toContainEqual(expect.objectContaining({ kind: 'push', outcome: 'error' }));
    expect(await portal.challenge()).toMatch(/^\d{6}$/);
    expect(await healthOf(lab)).toBe(200);
  });
});

describe('APNs slow', () => {
  let lab: StartedLab;
  beforeAll(async () => {
    lab = await startServerLab(storeUrl, 'apns_slow');
  });
  afterAll(() => lab?.stop());

  it('records a push APNs never answers as a timeout, and the server keeps answering meanwhile', async () => {
    const apnsToken = newToken();
    const created = await lab.createUser({ device: { state: 'active', apnsToken } });
    lab.apns.setFault(apnsToken, 'no-answer');
    await lab.portal().logIn(created.user.username, created.user.password);
    expect(await healthOf(lab)).toBe(200);
    expect(await lastPush(lab, created.user.username)).toMatchObject({ push_outcome: 'timeout' });
  });

  it('records the outcome of a push still waiting for APNs when the server stops, before its pool closes', async () => {
    const apnsToken = newToken();
    const created = await lab.createUser({ device: { state: 'active', apnsToken } });
    lab.apns.setFault(apnsToken, 'no-answer');
    await lab.portal().logIn(created.user.username, created.user.password);
    await lab.server.close();
    const database = new pg.Client({ connectionString: lab.database.url });
    await database.connect();
    try {
      const { rows } = await database.query<{ push_outcome: string }>(
        `SELECT push_outcome FROM login_transactions t JOIN users u ON u.id = t.user_id WHERE u.username = $1`,
        [created.user.username],
      );
      expect(rows).toEqual([{ push_outcome: 'timeout' }]);
    } finally {
      await database.end();
    }
  });
});

describe('the SMS gateway down or hanging', () => {
  let lab: StartedLab;
  beforeAll(async () => {
    lab = await startServerLab(storeUrl, 'sms_faults');
  });
  afterAll(() => lab?.stop());

  async function startRecovery() {
    const { user } = await lab.createUser({ phone: '+15555550123', device: { state: 'active' } });
    const began = performance.now();
    const answer = await fetch(`${lab.portalUrl}${MOBILE_API.recoveryStart}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ v: 1, purpose: 'move', username: user.username, password: user.password }),
    });
    return { user, answer, ms: performance.now() - began };
  }

  it('answers SMS_FAILED when the gateway does not answer within its timeout, and records it', async () => {
    lab.gateway.use(
      http.post(SMS_API, async () => {
        await delay('infinite');
      }),
    );
    try {
      const { user, answer, ms } = await startRecovery();
      expect(answer.status).toBe(502);
      expect((await answer.json()).error).toBe('SMS_FAILED');
      expect(ms).toBeLessThan(8000);
      const state = await lab.control.userState(user.username);
      expect(state.recoveries).toEqual([
        expect.objectContaining({ state: 'sms_failed', outcome: 'SMS_FAILED' }),
      ]);
      expect(state.audit).toContainEqual(
        expect.objectContaining({
          outcome: 'SMS_FAILED',
          detail: expect.objectContaining({ smsDetail: expect.stringMatching(/did not answer/) }),
        }),
      );
    } finally {
      lab.gateway.resetHandlers();
    }
  });

  it('answers SMS_FAILED when the gateway is down (its port closed), and the server keeps answering', async () => {
    await lab.gateway.close();
    const { user, answer } = await startRecovery();
    expect(answer.status).toBe(502);
    expect((await answer.json()).error).toBe('SMS_FAILED');
    expect((await lab.control.userState(user.username)).recoveries).toEqual([
      expect.objectContaining({ state: 'sms_failed' }),
    ]);
    expect(await healthOf(lab)).toBe(200);
  });
});
