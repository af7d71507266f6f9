// Smaller refusals of issue 14, item 9: a logout not sent by the session's own page changes nothing;
// ?lang= never sends the browser off the site; expired sessions are purged; every 4xx, including
// the ones made before any route runs, has the protocol's {error, message} shape; a wrong method
// on a mobile route answers 405.

import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StartedLab } from '../../lab/index.ts';
import { MOBILE_API } from '../../protocol/index.ts';
import { databaseFingerprint, withClient } from './test-support/database-fingerprint.ts';
import { startServerLab } from './test-support/server-lab.ts';

let lab: StartedLab;

beforeAll(async () => {
  lab = await startServerLab(inject('storeUrl'), 'portal_hardening');
});
afterAll(() => lab.stop());

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request sent as written (fetch would normalise the path or refuse it), over a socket of its own. */
function rawRequest(path: string, options: { method?: string; headers?: Record<string, string> } = {}) {
  const { port } = new URL(lab.server.url);
  return new Promise<RawAnswer>((resolve, reject) => {
    const sent = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: false,
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
        );
      },
    );
    sent.on('error', reject);
    sent.end();
  });
}

const json = (answer: RawAnswer) => JSON.parse(answer.body) as { error: string; message: string };

describe('logout', () => {
  it('answers 403 to a logout with a wrong CSRF token and changes nothing: the session stays logged in', async () => {
    const { user } = await lab.createUser();
    const portal = lab.portal();
    await portal.logIn(user.username, user.password);
    const session = portal.cookie('ibkl_sid');
    expect(session, 'the login should have set a session cookie').toMatch(/\S/);
    const before = await databaseFingerprint(lab.database.url);
    const forged = await portal.request('POST', '/logout', { _csrf: 'A'.repeat(32) });
    expect(forged.status).toBe(403);
    expect(forged.body).toContain('This form has expired. Please try again.');
    expect(await databaseFingerprint(lab.database.url)).toEqual(before);
    expect(portal.cookie('ibkl_sid')).toBe(session);
    expect((await portal.get('/ibkey/gate')).status).toBe(200);
    expect((await portal.logOut()).location).toBe('/login?loggedOut=1');
    expect((await portal.get('/ibkey/gate')).location).toBe('/login');
  });
});

describe('?lang=', () => {
  it.each([
    '/.//evil.example/?lang=fr-FR',
    '//evil.example//attacker.example/?lang=fr-FR',
    '/a/..//evil.example/x?lang=en-US',
  ])('keeps %s on this site', async (path) => {
    const answer = await rawRequest(path);
    expect(answer.status).toBe(303);
    expect(String(answer.headers.location)).toMatch(/^\/(?![/\\])/);
  });
});

describe('expired portal sessions', () => {
  it('are purged as new ones are made, anonymous ones included', async () => {
    for (let visit = 0; visit < 5; visit += 1) await fetch(`${lab.server.url}/login`);
    const countExpired = () =>
      withClient(lab.database.url, async (client) => {
        const now = lab.server.clock.now();
        const { rows } = await client.query<{ count: string }>(
          'SELECT count(*) FROM portal_sessions WHERE expires_at <= $1',
          [now],
        );
        return Number(rows[0]!.count);
      });
    await lab.control.advanceClock(1801);
    expect(await countExpired()).toBeGreaterThanOrEqual(5);
    await fetch(`${lab.server.url}/login`);
    expect(await countExpired()).toBe(0);
  });
});

describe('4xx answers made before any route runs', () => {
  it('gives a URL that cannot be decoded 400 INVALID_REQUEST with a sentence', async () => {
    const answer = await rawRequest('/login/%zz');
    expect(answer.status).toBe(400);
    expect(json(answer)).toEqual({ error: 'INVALID_REQUEST', message: expect.stringContaining('%') });
  });

  it('gives a path parameter longer than the router takes 414 URL_TOO_LONG', async () => {
    const answer = await rawRequest(`/lab/users/${'a'.repeat(200)}/state`);
    expect(answer.status).toBe(414);
    expect(json(answer)).toEqual({
      error: 'URL_TOO_LONG',
      message: expect.stringContaining('100 characters'),
    });
  });

  it('gives headers larger than the server reads 431 HEADERS_TOO_LARGE', async () => {
    const answer = await rawRequest('/login', { headers: { 'x-padding': 'a'.repeat(20_000) } });
    expect(answer.status).toBe(431);
    expect(json(answer)).toEqual({ error: 'HEADERS_TOO_LARGE', message: expect.stringContaining('KiB') });
  });

  it('gives a path with a NUL byte 404 NOT_FOUND, not a failure', async () => {
    const answer = await rawRequest('/login%00');
    expect(answer.status).toBe(404);
    expect(json(answer)).toMatchObject({ error: 'NOT_FOUND' });
  });
});

describe('the mobile API’s methods and media type', () => {
  it.each(Object.values(MOBILE_API))('answers 405 with Allow: POST to GET and PUT on %s', async (path) => {
    for (const method of ['GET', 'PUT']) {
      const answer = await rawRequest(path, { method, headers: { 'content-type': 'application/json' } });
      expect(answer.status).toBe(405);
      expect(answer.headers.allow).toBe('POST');
      expect(json(answer)).toEqual({ error: 'METHOD_NOT_ALLOWED', message: expect.stringContaining('POST') });
    }
  });

  it('answers 404 to a path the mobile API does not have, and 415 to a form posted to one it has', async () => {
    const unknown = await fetch(`${lab.server.url}/sls/ibkey/v1/nothing`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: 'NOT_FOUND' });
    const form = await fetch(`${lab.server.url}${MOBILE_API.enroll}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'v=1',
    });
    expect(form.status).toBe(415);
    expect(await form.json()).toMatchObject({ error: 'UNSUPPORTED_MEDIA_TYPE' });
  });
});

describe('the challenge/response form', () => {
  it('refuses a form that is not the page’s (a response too long, a field it does not have, no response) with 400, without counting a wrong answer', async () => {
    const { user } = await lab.createUser({ device: { state: 'active', apnsToken: null } });
    const portal = lab.portal();
    await portal.logIn(user.username, user.password);
    const csrf = portal.csrfOf(await portal.get('/login/challenge'));
    const statuses = [];
    const forms: Record<string, string>[] = [
      { _csrf: csrf, response: '1'.repeat(33) },
      { _csrf: csrf, response: '12345678', remember: 'yes' },
      { _csrf: csrf },
    ];
    for (const form of forms) statuses.push((await portal.request('POST', '/login/challenge', form)).status);
    expect(statuses).toEqual([400, 400, 400]);
    const [transaction] = (await lab.control.userState(user.username)).transactions;
    expect(transaction).toMatchObject({ state: 'pending', cr_failures: 0 });
  });

  it('refuses an answer not sent by the session’s own page (another CSRF token) with 403, without counting a wrong answer', async () => {
    const { user } = await lab.createUser({ device: { state: 'active', apnsToken: null } });
    const portal = lab.portal();
    await portal.logIn(user.username, user.password);
    await portal.get('/login/challenge');
    const forged = await portal.request('POST', '/login/challenge', {
      _csrf: 'a'.repeat(43),
      response: '12345678',
    });
    expect(forged.status).toBe(403);
    const [transaction] = (await lab.control.userState(user.username)).transactions;
    expect(transaction).toMatchObject({ state: 'pending', cr_failures: 0 });
  });
});
