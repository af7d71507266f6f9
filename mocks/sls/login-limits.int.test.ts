// Password limits under concurrency and from one shared address (every lab client is 127.0.0.1):
// attempts are counted before the slow check, so a burst checks exactly as many passwords as the
// limit allows; a client that fails on unknown names locks nobody else out; usernames ignore case;
// a login form is used once; and a missing user costs the same time as a wrong password.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StartedLab } from '../../lab/index.ts';
import { MOBILE_API } from '../../protocol/index.ts';
import { withClient } from './test-support/database-fingerprint.ts';
import { openLoginForm, submitLoginForm, tally } from './test-support/login-forms.ts';
import { startServerLab } from './test-support/server-lab.ts';

const BURST = 50;
const ROUNDS = 10;
/** The fixtures' scrypt cost (lab/lab.ts), so the password checks take as long as in a journey. */
const FIXTURE_SCRYPT_LOG_N = 12;
let lab: StartedLab;

beforeAll(async () => {
  lab = await startServerLab(inject('storeUrl'), 'login_limits', { scryptLogN: FIXTURE_SCRYPT_LOG_N });
});
afterAll(() => lab.stop());

/** Every limit window starts afresh: the tests share one client address. */
const freshWindows = () => lab.control.advanceClock(901);

function sessionStagesOf(userId: string): Promise<string[]> {
  return withClient(lab.database.url, async (client) =>
    (
      await client.query<{ stage: string }>('SELECT stage FROM portal_sessions WHERE user_id = $1', [userId])
    ).rows.map((row) => row.stage),
  );
}

async function recoveryStart(
  username: string,
  password: string,
): Promise<{ status: number; error?: string }> {
  const response = await fetch(`${lab.server.url}${MOBILE_API.recoveryStart}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ v: 1, purpose: 'recover', username, password }),
  });
  return { status: response.status, error: ((await response.json()) as { error?: string }).error };
}

const audited = async (username: string, outcome: string) =>
  (await lab.control.userState(username)).audit.filter((event) => event.outcome === outcome).length;

describe('failed-password limits under concurrency', () => {
  it(`checks exactly 5 of ${BURST} wrong passwords sent at once, and refuses the right one sent in the burst, ${ROUNDS} times over`, async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      await freshWindows();
      const { user } = await lab.createUser();
      const forms = await Promise.all(Array.from({ length: BURST + 1 }, () => openLoginForm(lab.server.url)));
      const rightForm = forms.pop()!;
      let firstRefusal!: () => void;
      const refused = new Promise<void>((resolve) => {
        firstRefusal = resolve;
      });
      const guesses = Promise.all(
        forms.map(async (form) => {
          const { status } = await submitLoginForm(lab.server.url, form, user.username, 'not-the-password');
          if (status === 429) firstRefusal();
          return status;
        }),
      );
      // The limit is reached as soon as one guess is refused; the five checks may still be running.
      await Promise.race([refused, guesses]);
      const right = await submitLoginForm(lab.server.url, rightForm, user.username, user.password);
      expect(tally(await guesses), `round ${round}`).toEqual({ 401: 5, 429: BURST - 5 });
      expect(right.status, `round ${round}`).toBe(429);
      expect(right.body).toContain('Too many failed attempts. Try again in 15 minutes.');
      expect(await audited(user.username, 'BAD_PASSWORD'), `round ${round}`).toBe(5);
      expect(await sessionStagesOf(user.id), `round ${round}`).toEqual([]);
    }
  });

  it(`makes at most one session from one login form submitted 10 times at once, ${ROUNDS * 2} times over`, async () => {
    for (let round = 0; round < ROUNDS * 2; round += 1) {
      const { user } = await lab.createUser();
      const form = await openLoginForm(lab.server.url);
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => submitLoginForm(lab.server.url, form, user.username, user.password)),
      );
      expect(tally(answers.map((answer) => answer.status)), `round ${round}`).toEqual({ 303: 1, 403: 9 });
      expect(answers.find((answer) => answer.status === 303)?.location).toBe('/ibkey/gate');
      expect(await sessionStagesOf(user.id), `round ${round}`).toEqual(['gate']);
      const state = await lab.control.userState(user.username);
      expect(state.activations, `round ${round}`).toHaveLength(1);
      expect(
        state.audit.filter((event) => event.outcome === 'GATE_SHOWN'),
        `round ${round}`,
      ).toHaveLength(1);
    }
  });

  it('checks one password for one form submitted 10 times at once with a wrong password', async () => {
    await freshWindows();
    const { user } = await lab.createUser();
    const form = await openLoginForm(lab.server.url);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => submitLoginForm(lab.server.url, form, user.username, 'not-it')),
    );
    expect(tally(answers.map((answer) => answer.status))).toEqual({ 401: 1, 403: 9 });
    expect(await audited(user.username, 'BAD_PASSWORD')).toBe(1);
    // The form that answered 401 carries the next one-time token: it works once.
    const again = answers.find((answer) => answer.status === 401)!;
    const next = { cookie: form.cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(again.body)![1]! };
    expect((await submitLoginForm(lab.server.url, next, user.username, user.password)).status).toBe(303);
    expect((await submitLoginForm(lab.server.url, next, user.username, user.password)).status).toBe(403);
  });
});

describe('limits that one client cannot turn against everybody', () => {
  it('lets other users log in after 51 failures on unknown usernames from the same address', async () => {
    await freshWindows();
    const form = await openLoginForm(lab.server.url);
    let current = form;
    for (let attempt = 0; attempt < 51; attempt += 1) {
      const answer = await submitLoginForm(lab.server.url, current, `nobody-${attempt}`, 'whatever');
      expect(answer.status).toBe(401);
      current = { cookie: form.cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(answer.body)![1]! };
    }
    const { user } = await lab.createUser();
    expect((await lab.portal().logIn(user.username, user.password)).location).toBe('/ibkey/gate');
    const withDevice = await lab.createUser({ device: { state: 'active', apnsToken: null } });
    expect((await recoveryStart(withDevice.user.username, withDevice.user.password)).status).toBe(200);
  });

  it('locks one unknown username for the client that keeps trying it, not the others', async () => {
    await freshWindows();
    const statuses = [];
    for (let attempt = 0; attempt < 6; attempt += 1)
      statuses.push((await recoveryStart('no.such.user', 'whatever')).error);
    expect(statuses).toEqual([...Array(5).fill('BAD_LOGIN'), 'RATE_LIMITED']);
    const { user } = await lab.createUser();
    expect((await lab.portal().logIn(user.username, user.password)).location).toBe('/ibkey/gate');
  });

  it('blocks a client after 50 failures on existing accounts, for every username alike, until the window passes', async () => {
    const own = await startServerLab(inject('storeUrl'), 'client_limit');
    try {
      const victims = await Promise.all(Array.from({ length: 10 }, () => own.createUser()));
      for (const { user } of victims)
        for (let attempt = 0; attempt < 5; attempt += 1)
          expect((await own.portal().logIn(user.username, 'wrong')).status).toBe(401);
      const { user } = await own.createUser();
      // Refused before the look-up: an unknown name gets the same answer, so nothing tells them apart.
      expect((await own.portal().logIn(user.username, user.password)).status).toBe(429);
      expect((await own.portal().logIn('no.such.user', 'whatever')).status).toBe(429);
      await own.control.advanceClock(901);
      expect((await own.portal().logIn(user.username, user.password)).location).toBe('/ibkey/gate');
    } finally {
      await own.stop();
    }
  });
});

describe('one rule for username case', () => {
  it('finds the user and counts the failures whatever the case of the username', async () => {
    await freshWindows();
    const { user } = await lab.createUser({ username: `Case.Mixed${Date.now()}` });
    expect((await lab.portal().logIn(user.username.toUpperCase(), user.password)).location).toBe(
      '/ibkey/gate',
    );
    const spellings = [user.username, user.username.toLowerCase(), user.username.toUpperCase()];
    for (let attempt = 0; attempt < 5; attempt += 1)
      expect((await lab.portal().logIn(spellings[attempt % 3]!, 'wrong')).status).toBe(401);
    for (const spelling of spellings)
      expect((await lab.portal().logIn(spelling, user.password)).status).toBe(429);
  });
});

describe('no way to tell a missing user from a wrong password', () => {
  it('takes as long for an unknown username as for a wrong password, at the fixtures’ scrypt cost', async () => {
    await freshWindows();
    const users = await Promise.all(Array.from({ length: 6 }, () => lab.createUser()));
    // Each user takes at most 4 wrong passwords here (of 5), so no limit answers instead of the check.
    const timed = async (username: string) => {
      const started = performance.now();
      expect((await recoveryStart(username, 'not-the-password')).error).toBe('BAD_LOGIN');
      return performance.now() - started;
    };
    // The first of each kind pays for one-off work (the dummy hash, a cold connection).
    await timed('warm.up.unknown');
    await timed(users[5]!.user.username);
    // Pairs taken back to back, so a machine busy with other work slows both of a pair alike.
    const ratios: number[] = [];
    for (let pair = 0; pair < 20; pair += 1) {
      const wrong = await timed(users[pair % 5]!.user.username);
      ratios.push((await timed(`unknown.${pair}`)) / wrong);
    }
    const median = ratios.sort((a, b) => a - b)[Math.floor(ratios.length / 2)]!;
    // A dummy hash at another cost than the users' made this 4 (scrypt 14 against the fixtures' 12).
    expect(
      median,
      `unknown / wrong, per pair: ${ratios.map((ratio) => ratio.toFixed(2)).join(' ')}`,
    ).toBeGreaterThan(0.6);
    expect(
      median,
      `unknown / wrong, per pair: ${ratios.map((ratio) => ratio.toFixed(2)).join(' ')}`,
    ).toBeLessThan(1.67);
  });
});

describe('a NUL byte is refused with 400, not a database failure', () => {
  it('in a username at login and at a recovery start', async () => {
    const page = await lab.portal().logIn('jane\u0000doe', 'whatever');
    expect(page.status).toBe(400);
    expect(page.body).toContain('NUL');
    expect(await recoveryStart('jane\u0000doe', 'whatever')).toEqual({
      status: 400,
      error: 'INVALID_REQUEST',
    });
  });

  it('in a display name, and in the username of a control API path', async () => {
    await expect(lab.createUser({ displayName: 'Jane\u0000Doe' })).rejects.toMatchObject({ status: 400 });
    await expect(lab.control.userState('jane\u0000doe')).rejects.toMatchObject({ status: 400 });
  });
});
