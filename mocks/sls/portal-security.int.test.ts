import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StartedLab } from '../../lab/index.ts';
import { IBKR_MOBILE } from '../../product/index.ts';
import { PhoneClient } from '../../protocol/index.ts';
import { startServerLab } from './test-support/server-lab.ts';
import {
  derivesCredential,
  everyStoredValue,
  privateKeysStored,
  unexplainedColumns,
  whereSecretsAppear,
} from './test-support/stored-secrets.ts';

let lab: StartedLab;

beforeAll(async () => {
  lab = await startServerLab(inject('storeUrl'), 'security');
});
afterAll(() => lab.stop());

describe('portal security', () => {
  it('sets the session cookie HttpOnly and SameSite=Lax, and sends a strict CSP', async () => {
    const response = await fetch(`${lab.server.url}/login`);
    const cookie = response.headers.getSetCookie().find((value) => value.startsWith('ibkl_sid='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it('refuses a login form without the CSRF token of its session', async () => {
    const { user } = await lab.createUser();
    const portal = lab.portal();
    await portal.get('/login');
    const forged = await portal.request('POST', '/login', {
      _csrf: 'A'.repeat(32),
      username: user.username,
      password: user.password,
    });
    expect(forged.status).toBe(403);
    expect(forged.body).toContain('This form has expired. Please try again.');
    expect((await portal.get('/ibkey/gate')).location).toBe('/login');
  });

  it('locks password login after five failures, even for the right password, until the window passes', async () => {
    const { user } = await lab.createUser();
    const portal = lab.portal();
    const statuses = [];
    for (let attempt = 0; attempt < 5; attempt += 1)
      statuses.push((await portal.logIn(user.username, 'wrong-password')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const locked = await portal.logIn(user.username, user.password);
    expect(locked.status).toBe(429);
    expect(locked.body).toContain('Too many failed attempts. Try again in 15 minutes.');
    await lab.control.advanceClock(901);
    expect((await portal.logIn(user.username, user.password)).location).toBe('/ibkey/gate');
  });

  it('gives a new session id at login, lets the user in once the phone activates, and forgets the session at logout', async () => {
    const { user } = await lab.createUser();
    const portal = lab.portal();
    await portal.get('/login');
    const anonymous = portal.cookie('ibkl_sid');
    await portal.logIn(user.username, user.password);
    const loggedIn = portal.cookie('ibkl_sid');
    expect(loggedIn).toBeDefined();
    expect(loggedIn).not.toBe(anonymous);
    expect((await portal.get('/portal')).location).toBe('/ibkey/gate');
    await (await PhoneClient.create()).enroll(await portal.gateLink(), null);
    // Without the gate's script (no poll), the next page still sees the activation.
    expect((await portal.get('/portal')).status).toBe(200);
    expect((await portal.logOut()).location).toBe('/login?loggedOut=1');
    expect((await portal.get('/portal')).location).toBe('/login');
  });

  it('stores no secret readable from the database alone, in any table or column: only hashes and sealed keys', async () => {
    const created = await lab.createUser({ device: { state: 'none' } });
    const { username, password } = created.user;
    const portal = lab.portal();
    await portal.logIn(username, password);
    const link = new URL(await portal.gateLink());
    const [serial, credential] = [link.searchParams.get('s')!, link.searchParams.get('c')!];
    lab.apns.registerToken('ef'.repeat(32), IBKR_MOBILE.apnsTopic);
    await (await PhoneClient.create()).enroll(link.href, 'ef'.repeat(32));
    await portal.logOut();
    await portal.logIn(username, password);
    await (await PhoneClient.create()).startRecovery(lab.portalUrl, { purpose: 'move', username, password });
    const smsCode = /\d{6}/.exec(lab.gateway.smsSentTo(created.user.phone!).at(-1)!.body)![0];
    const secretsKey = lab.server.context.config.secretsKey;

    const stored = await everyStoredValue(lab.database.url);
    expect(
      unexplainedColumns(stored),
      'columns not yet said to be free of secrets: add each to COLUMNS_WITHOUT_SECRETS in mocks/sls/test-support/stored-secrets.ts with the reason, or hash or seal it',
    ).toEqual([]);
    const nonces = Object.fromEntries(
      lab.apns.requests.map((push, index) => [
        `push nonce ${index}`,
        (push.payload as { ibkey: { nonce: string } }).ibkey.nonce,
      ]),
    );
    expect(
      whereSecretsAppear(stored, {
        password,
        credential,
        'session cookie': portal.cookie('ibkl_sid')!,
        'SMS code': smsCode,
        'server signing key': lab.server.context.keys.signingKey.d,
        'lab control token': lab.control.token!,
        ...(secretsKey.from === 'run'
          ? { 'secrets key': Buffer.from(secretsKey.key).toString('base64url') }
          : {}),
        ...nonces,
      }),
    ).toEqual([]);
    expect(Object.keys(nonces).length).toBeGreaterThan(0);
    expect(stored.some(({ value }) => String(value).startsWith('scrypt$'))).toBe(true);
    expect(privateKeysStored(stored)).toEqual([]);
    // The attack the plain-text nonce secret allowed: recompute a live QR's credential.
    expect(await derivesCredential(stored, serial, credential)).toBe(false);
  });

  it('serves the lab control API to loopback callers only, and not at all without lab mode', async () => {
    const remote = await lab.server.app.inject({
      method: 'GET',
      url: '/lab/clock',
      remoteAddress: '203.0.113.9',
    });
    expect(remote.statusCode).toBe(403);
    expect(remote.json()).toMatchObject({ error: 'FORBIDDEN', message: expect.stringContaining('loopback') });
    const noLab = await startServerLab(inject('storeUrl'), 'no_lab_mode', { labMode: false });
    try {
      expect((await fetch(`${noLab.server.url}/lab/clock`)).status).toBe(404);
    } finally {
      await noLab.stop();
    }
  });

  it('refuses a clock that would go backwards and a control request with unknown fields', async () => {
    const back = await fetch(`${lab.server.url}/lab/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${lab.control.token}` },
      body: JSON.stringify({ seconds: -5 }),
    });
    expect(back.status).toBe(400);
    expect(await back.json()).toMatchObject({
      error: 'INVALID_REQUEST',
      message: expect.stringContaining('body.seconds'),
    });
    const unknown = await fetch(`${lab.server.url}/lab/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${lab.control.token}` },
      body: JSON.stringify({ role: 'admin' }),
    });
    expect(await unknown.json()).toMatchObject({
      error: 'INVALID_REQUEST',
      message: 'body has an unknown field "role".',
    });
  });
});
