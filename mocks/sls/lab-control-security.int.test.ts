// The lab control API against what a web page the tester visits could send it (issue 14 item 5):
// a form post, a fetch from another origin, a request renamed by DNS rebinding, no token or
// another run's; and several creates of one username at once (item 9).

import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StartedLab } from '../../lab/index.ts';
import { LabControlClient, LabControlError } from '../../protocol/index.ts';
import { databaseFingerprint } from './test-support/database-fingerprint.ts';
import { startServerLab } from './test-support/server-lab.ts';

let lab: StartedLab;

beforeAll(async () => {
  lab = await startServerLab(inject('storeUrl'), 'lab_control_security');
});
afterAll(() => lab.stop());

interface Answer {
  status: number;
  body: { error?: string; message?: string };
  headers: Record<string, string | string[] | undefined>;
}

/** A request with exactly these headers (fetch would not let a test set Host). */
function send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  const url = new URL(path, lab.server.url);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: url.hostname, port: url.port, method, path: url.pathname, headers, setHost: false },
      (incoming) => {
        let text = '';
        incoming.setEncoding('utf8');
        incoming.on('data', (chunk: string) => {
          text += chunk;
        });
        incoming.on('end', () =>
          resolve({
            status: incoming.statusCode ?? 0,
            body: JSON.parse(text || '{}'),
            headers: incoming.headers,
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

const own = () => ({ host: new URL(lab.server.url).host, authorization: `Bearer ${lab.control.token}` });

describe('the lab control API refuses what a web page could send it', () => {
  it("answers the lab's own requests (Host, token, JSON)", async () => {
    expect((await send('GET', '/lab/clock', own())).status).toBe(200);
    const created = await send(
      'POST',
      '/lab/users',
      { ...own(), 'content-type': 'application/json' },
      JSON.stringify({ locale: 'fr-FR' }),
    );
    expect(created.status).toBe(201);
  });

  it('refuses a form post, with or without the token, and creates nobody', async () => {
    const before = await databaseFingerprint(lab.database.url);
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const withToken = await send('POST', '/lab/users', { ...own(), ...form }, 'username=planted');
    expect(withToken.status).toBe(415);
    expect(withToken.body).toEqual({
      error: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'The lab control API takes JSON only: send the body as application/json.',
    });
    const { authorization: _, ...withoutToken } = own();
    expect((await send('POST', '/lab/users', { ...withoutToken, ...form }, 'username=planted')).status).toBe(
      401,
    );
    const textPlain = { ...own(), 'content-type': 'text/plain' };
    expect((await send('POST', '/lab/users', textPlain, '{"username":"planted"}')).status).toBe(415);
    expect(await databaseFingerprint(lab.database.url)).toEqual(before);
  });

  it('refuses a request for another host name (DNS rebinding), even with the token', async () => {
    const port = new URL(lab.server.url).port;
    for (const host of [`attacker.test:${port}`, `127.0.0.1:${Number(port) + 1}`]) {
      const answer = await send('GET', '/lab/users/anyone/state', { ...own(), host });
      expect(answer.status, host).toBe(403);
      expect(answer.body.message).toContain('addressed to this server only');
    }
    expect((await send('GET', '/lab/clock', { ...own(), host: `localhost:${port}` })).status).toBe(200);
  });

  it('refuses a request from a page of another origin or site', async () => {
    const fromOtherPages: Record<string, string>[] = [
      { origin: 'http://attacker.test' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of fromOtherPages) {
      const answer = await send('GET', '/lab/clock', { ...own(), ...headers });
      expect(answer, JSON.stringify(headers)).toMatchObject({ status: 403, body: { error: 'FORBIDDEN' } });
    }
    const sameOrigin = await send('GET', '/lab/clock', { ...own(), origin: lab.server.url });
    expect(sameOrigin.status).toBe(200);
  });

  it("asks for the run's token and refuses another's, saying where the token comes from", async () => {
    const { authorization: _, ...noToken } = own();
    const missing = await send('GET', '/lab/clock', noToken);
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(missing.body).toMatchObject({
      error: 'UNAUTHORIZED',
      message: expect.stringContaining('npm run serve'),
    });
    const otherRun = await send('GET', '/lab/clock', { ...noToken, authorization: 'Bearer not-this-run' });
    expect(otherRun.status).toBe(401);

    const withoutToken = new LabControlClient(lab.portalUrl, '');
    await expect(withoutToken.clock()).rejects.toThrow(LabControlError);
    await expect(new LabControlClient(lab.portalUrl, 'stale').clock()).rejects.toThrow(
      /answered 401: The token is not this run's.*LAB_CONTROL_TOKEN/,
    );
  });

  it('asks for a token (WWW-Authenticate) only on a 401, never when a token would not help', async () => {
    const { authorization: _, ...noToken } = own();
    const missing = await send('GET', '/lab/clock', noToken);
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="ibkey-lab control"');

    const port = new URL(lab.server.url).port;
    const refusedWhateverTheToken: [why: string, status: number, answer: Answer][] = [
      ['another host', 403, await send('GET', '/lab/clock', { ...noToken, host: `attacker.test:${port}` })],
      ['another origin', 403, await send('GET', '/lab/clock', { ...own(), origin: 'http://attacker.test' })],
      [
        'not JSON',
        415,
        await send('POST', '/lab/users', { ...own(), 'content-type': 'text/plain' }, '{"username":"x"}'),
      ],
    ];
    for (const [why, status, answer] of refusedWhateverTheToken) {
      expect(answer.status, why).toBe(status);
      expect(answer.headers['www-authenticate'], why).toBeUndefined();
    }
  });
});

describe('creating users', () => {
  it('gives a name to one of ten concurrent creates, and a 409 with a sentence to the nine others', async () => {
    const username = `race.${Date.now()}`;
    const answers = await Promise.allSettled(
      Array.from({ length: 10 }, () => lab.control.createUser({ username })),
    );
    const created = answers.filter((answer) => answer.status === 'fulfilled');
    const refused = answers.flatMap((answer) => (answer.status === 'rejected' ? [answer.reason] : []));
    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(9);
    for (const error of refused) {
      expect(error).toBeInstanceOf(LabControlError);
      expect((error as LabControlError).status).toBe(409);
      expect((error as LabControlError).message).toContain(
        `A user named "${username}" already exists; choose another username.`,
      );
    }
    expect((await lab.control.userState(username)).user.username).toBe(username);
  });

  it('replays the same people from the same seed, but never their passwords', async () => {
    const firstUserOf = async (label: string) => {
      const fresh = await startServerLab(inject('storeUrl'), label); // seed 42 both times
      try {
        return (await fresh.createUser()).user;
      } finally {
        await fresh.stop();
      }
    };
    const [one, two] = [await firstUserOf('seed_42_once'), await firstUserOf('seed_42_again')];
    expect(two.username).toBe(one.username);
    expect(two.displayName).toBe(one.displayName);
    expect(two.password).not.toBe(one.password);
    expect(two.password).toMatch(/^Lab1-[A-Za-z0-9_-]{22}$/);
  });
});
