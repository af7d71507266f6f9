// The portal's status polls held until the state changes (`Prefer: wait=N`, RFC 7240): the gate
// learns of an activation, and the check-phone page of a push answer, as they happen rather than at
// the next 1 s poll; a request without the header answers at once, as before.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StartedLab } from '../../lab/index.ts';
import { PhoneClient } from '../../protocol/index.ts';
import { SESSION_COOKIE } from './sessions.ts';
import { activatedPhone, pushTo } from './test-support/phones.ts';
import { startServerLab, userAtTheGate } from './test-support/server-lab.ts';

let lab: StartedLab;

beforeAll(async () => {
  lab = await startServerLab(inject('storeUrl'), 'long_poll');
});
afterAll(() => lab.stop());

interface HeldAnswer {
  status: number;
  applied: string | null;
  body: { status: string; final: boolean };
  tookMs: number;
}

/** A status request as the page's script sends it, with the portal's session cookie. */
async function held(
  portal: ReturnType<StartedLab['portal']>,
  path: string,
  prefer?: string,
): Promise<HeldAnswer> {
  const started = performance.now();
  const response = await fetch(new URL(path, lab.portalUrl), {
    headers: {
      accept: 'application/json',
      cookie: `${SESSION_COOKIE}=${portal.cookie(SESSION_COOKIE)}`,
      ...(prefer ? { prefer } : {}),
    },
  });
  return {
    status: response.status,
    applied: response.headers.get('preference-applied'),
    body: (await response.json()) as HeldAnswer['body'],
    tookMs: performance.now() - started,
  };
}

describe('long poll of the gate status', () => {
  it('holds a pending gate and answers "active" as soon as the phone activates', async () => {
    const { portal, link } = await userAtTheGate(lab);
    const answer = held(portal, '/ibkey/gate/status', 'wait=15');
    // The request is held: nothing answers before the phone acts.
    await expect.poll(() => lab.server.context.changes.waiting, { timeout: 5000 }).toBeGreaterThan(0);
    const enrolledAt = performance.now();
    const phone = await PhoneClient.create();
    await phone.enroll(link, 'ab'.repeat(32));
    const { body, applied, tookMs } = await answer;
    expect(body).toMatchObject({ status: 'active', final: true });
    expect(applied).toBe('wait=15');
    // Woken by the activation, long before the 15 s wait ends: about 100 ms alone, the phone's key
    // and enrolment included; the bound leaves room for a CI machine's busy moments.
    expect(performance.now() - enrolledAt).toBeLessThan(5000);
    expect(tookMs).toBeLessThan(15_000);
  });

  it('answers "pending" when nothing changes within the wait, and at once without the header', async () => {
    const { portal } = await userAtTheGate(lab);
    const waited = await held(portal, '/ibkey/gate/status', 'wait=3');
    expect(waited.body).toMatchObject({ status: 'pending', final: false });
    expect(waited.tookMs).toBeGreaterThanOrEqual(2950);
    const plain = await held(portal, '/ibkey/gate/status');
    expect(plain.body.status).toBe('pending');
    expect(plain.applied).toBeNull();
    // Well short of the 3 s above (milliseconds alone).
    expect(plain.tookMs).toBeLessThan(2000);
  });

  it('wakes on the lab clock moving past the QR expiry', async () => {
    const { portal } = await userAtTheGate(lab);
    const answer = held(portal, '/ibkey/gate/status', 'wait=15');
    await expect.poll(() => lab.server.context.changes.waiting, { timeout: 5000 }).toBeGreaterThan(0);
    await lab.control.advanceClock(301);
    const { body, tookMs } = await answer;
    expect(body).toMatchObject({ status: 'expired', final: true });
    expect(tookMs).toBeLessThan(5000);
  });

  it('caps the wait it applies at 20 s and ignores a malformed preference', async () => {
    const { portal } = await userAtTheGate(lab);
    const advanced = held(portal, '/ibkey/gate/status', 'wait=999999');
    await expect.poll(() => lab.server.context.changes.waiting, { timeout: 5000 }).toBeGreaterThan(0);
    await lab.control.advanceClock(301);
    expect((await advanced).applied).toBe('wait=20');
    const { portal: other } = await userAtTheGate(lab);
    const malformed = await held(other, '/ibkey/gate/status', 'wait=soon');
    expect(malformed.applied).toBeNull();
    expect(malformed.body.status).toBe('pending');
  });
});

describe('long poll of the login status', () => {
  it('holds a pending login and answers "approved", with where to go next, as soon as the phone approves', async () => {
    const created = await lab.createUser({ device: { state: 'active', apnsToken: 'cd'.repeat(32) } });
    const phone = activatedPhone(lab, created.device!);
    const portal = lab.portal();
    await portal.logIn(created.user.username, created.user.password);
    const ibkey = await pushTo(lab, 'cd'.repeat(32));
    const answer = held(portal, '/login/status', 'wait=15');
    await expect.poll(() => lab.server.context.changes.waiting, { timeout: 5000 }).toBeGreaterThan(0);
    const approvedAt = performance.now();
    await phone.answer(ibkey.txid, ibkey.nonce, 'approve');
    expect((await answer).body).toMatchObject({ status: 'approved', final: true, next: '/portal' });
    // Woken by the approval, long before the 15 s wait ends.
    expect(performance.now() - approvedAt).toBeLessThan(5000);
  });
});

describe('a stopping server', () => {
  it('answers its held polls instead of holding its close for them', async () => {
    const own = await startServerLab(inject('storeUrl'), 'long_poll_close');
    const { user } = await own.createUser();
    const portal = own.portal();
    await portal.logIn(user.username, user.password);
    const started = performance.now();
    const answer = fetch(new URL('/ibkey/gate/status', own.portalUrl), {
      headers: { prefer: 'wait=20', cookie: `${SESSION_COOKIE}=${portal.cookie(SESSION_COOKIE)}` },
    }).then((response) => response.json() as Promise<{ status: string }>);
    await expect.poll(() => own.server.context.changes.waiting, { timeout: 5000 }).toBeGreaterThan(0);
    await own.stop();
    expect((await answer).status).toBe('pending');
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
