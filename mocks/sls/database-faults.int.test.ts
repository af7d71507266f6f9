// The database failing under the server: a connection terminated (pg_terminate_backend) while idle
// in a transaction and while a request is in flight, a statement or an idle transaction cut by a
// timeout, and the whole database frozen (SIGSTOP) then resumed. Each time: a 503 with Retry-After
// and a sentence in the protocol's shape, no crash (Vitest fails on an unhandled 'error' event),
// and the next request works once the database answers again.

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StartedLab } from '../../lab/index.ts';
import { MOBILE_API, PhoneClient } from '../../protocol/index.ts';
import { createIsolatedDatabase, type IsolatedDatabase, startStateStore } from '../state/index.ts';
import { freezeServer } from '../state/test-support/server-processes.ts';
import { Database, isDatabaseUnavailable } from './database.ts';
import { SESSION_COOKIE } from './sessions.ts';
import { startServerLab } from './test-support/server-lab.ts';

const storeUrl = inject('storeUrl');

async function admin<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: storeUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** The error a promise rejects with (the test fails if it resolves). */
async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => new Error('expected a rejection, got a result'),
    (error: Error) => error,
  );
  expect(isDatabaseUnavailable(outcome), `not an unavailability: ${outcome.message}`).toBe(true);
  return outcome;
}

describe('the Database module when a connection breaks', () => {
  let database: IsolatedDatabase;
  beforeAll(async () => {
    database = await createIsolatedDatabase(storeUrl, 'db_faults');
  });
  afterAll(() => database?.drop());

  it('survives a connection terminated while idle in a transaction: that transaction fails as unavailable, the next one works', async () => {
    const db = new Database(database.url);
    try {
      const failed = db.transaction(async (tx) => {
        const [{ pid }] = (await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows as [
          { pid: number },
        ];
        // The client is now idle in the transaction, checked out of the pool, when its backend goes.
        const dropped = new Promise((resolve) => (tx as unknown as pg.Client).once('end', resolve));
        await admin('SELECT pg_terminate_backend($1)', [pid]);
        await dropped;
        await tx.query('SELECT 1');
      });
      const error = await rejectionOf(failed);
      expect(error.message).toMatch(/terminat|not queryable/i);
      expect(await db.query<{ ok: number }>('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
      expect(await db.transaction(async (tx) => (await tx.query('SELECT 2 AS two')).rows)).toEqual([
        { two: 2 },
      ]);
    } finally {
      await db.close();
    }
  });

  it('ends a transaction left idle longer than idle_in_transaction_session_timeout, without crashing', async () => {
    const db = new Database(database.url, { timeouts: { idleInTransactionMs: 200 } });
    try {
      const failed = db.transaction(async (tx) => {
        await tx.query('SELECT 1');
        // The server ends the session itself after 200 ms of idleness.
        await new Promise((resolve) => (tx as unknown as pg.Client).once('end', resolve));
        await tx.query('SELECT 1');
      });
      await rejectionOf(failed);
      expect(await db.query<{ ok: number }>('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    } finally {
      await db.close();
    }
  });

  it('cancels a statement longer than statement_timeout and keeps the pool usable', async () => {
    const db = new Database(database.url, { timeouts: { statementMs: 200 } });
    try {
      const error = await rejectionOf(db.query('SELECT pg_sleep(5)'));
      expect((error as Error & { code?: string }).code).toBe('57014');
      expect(await db.query<{ ok: number }>('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    } finally {
      await db.close();
    }
  });
});

describe('the server when its database connection is terminated', () => {
  let lab: StartedLab;
  beforeAll(async () => {
    lab = await startServerLab(storeUrl, 'db_terminated');
  });
  afterAll(() => lab?.stop());

  const backendsWaitingOnALock = async () =>
    (
      await admin<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'`,
        [lab.database.name],
      )
    ).map((row) => row.pid);

  it('answers a request in flight 503 with Retry-After and a sentence, keeps running, and the request then works', async () => {
    const { user } = await lab.createUser();
    const portal = lab.portal();
    await portal.logIn(user.username, user.password);
    const link = await portal.gateLink();
    const phone = await PhoneClient.create();
    const enroll = await phone.enrollRequest(link, null);
    const send = () =>
      fetch(new URL(MOBILE_API.enroll, lab.portalUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(enroll),
      });

    // Hold the activation's row, so that the server's enrollment waits inside its transaction.
    const holder = new pg.Client({ connectionString: lab.database.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT * FROM activations WHERE serial = $1 FOR UPDATE', [enroll.serial]);
      const inFlight = send();
      await expect.poll(backendsWaitingOnALock, { timeout: 10_000 }).toHaveLength(1);
      const [waiting] = await backendsWaitingOnALock();
      await admin('SELECT pg_terminate_backend($1)', [waiting]);
      const answer = await inFlight;
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('5');
      expect(await answer.json()).toEqual({
        error: 'UNAVAILABLE',
        message:
          "The lab's database is not answering (an administrator ended its connection); the server is still running, try again in a few seconds.",
        retryAfter: 5,
      });
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    // Nothing of the enrollment was kept: the same QR now activates the phone.
    const retried = await send();
    expect(retried.status).toBe(200);
    expect((await lab.control.userState(user.username)).devices).toHaveLength(1);
  });

  it('replaces every pooled connection the database dropped while they were idle', async () => {
    await lab.createUser();
    await admin(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [lab.database.name],
    );
    // The backends end a moment after pg_terminate_backend answers.
    await expect
      .poll(
        async () =>
          (
            await admin<{ left: string }>(
              'SELECT count(*) AS left FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
              [lab.database.name],
            )
          )[0]?.left,
        { timeout: 10_000 },
      )
      .toBe('0');
    const health = await fetch(`${lab.portalUrl}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, database: 'up' });
    const { user } = await lab.createUser();
    expect((await lab.portal().logIn(user.username, user.password)).location).toBe('/ibkey/gate');
  });
});

describe.runIf(inject('storeKind') === 'embedded')(
  'the server when its database hangs (SIGSTOP) and comes back',
  () => {
    it('answers 503 within seconds (health, mobile API, portal page), then recovers by itself after SIGCONT', async () => {
      await using store = await startStateStore({ mode: 'embedded' });
      await using lab = await startServerLab(store.url, 'db_hung');
      const { user } = await lab.createUser();
      const portal = lab.portal();
      const loginForm = await portal.get('/login');
      const enroll = await (await PhoneClient.create()).enrollRequest(
        `${lab.portalUrl}/ibkey/activate?v=1&s=K7Q2M9TX4B1C&c=AQIDBAUGBwgJCgsMDQ4PEBESExQ`,
        null,
      );
      const timed = async (request: () => Promise<Response>) => {
        const began = performance.now();
        const response = await request();
        const body = await response.text();
        return {
          status: response.status,
          retryAfter: response.headers.get('retry-after'),
          body,
          ms: performance.now() - began,
        };
      };

      const frozen = await freezeServer(store.dataFolder!);
      try {
        const [health, mobile, page] = await Promise.all([
          timed(() => fetch(`${lab.portalUrl}/health`)),
          timed(() =>
            fetch(new URL(MOBILE_API.enroll, lab.portalUrl), {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(enroll),
            }),
          ),
          timed(() =>
            fetch(`${lab.portalUrl}/login`, {
              method: 'POST',
              headers: {
                'content-type': 'application/x-www-form-urlencoded',
                cookie: `${SESSION_COOKIE}=${portal.cookie(SESSION_COOKIE)}`,
              },
              body: new URLSearchParams({
                _csrf: portal.csrfOf(loginForm),
                username: user.username,
                password: user.password,
              }).toString(),
            }),
          ),
        ]);
        console.log(
          `database frozen: /health answered ${health.status} in ${Math.round(health.ms)} ms, ` +
            `the mobile API ${mobile.status} in ${Math.round(mobile.ms)} ms, the portal ${page.status} in ${Math.round(page.ms)} ms`,
        );
        expect(health).toMatchObject({ status: 503, retryAfter: '5' });
        expect(JSON.parse(health.body)).toMatchObject({ ok: false, database: 'down', error: 'UNAVAILABLE' });
        expect(health.ms).toBeLessThan(3000);
        expect(mobile).toMatchObject({ status: 503, retryAfter: '5' });
        expect(JSON.parse(mobile.body)).toEqual({
          error: 'UNAVAILABLE',
          message: expect.stringMatching(
            /^The lab's database is not answering \(.+\); the server is still running/,
          ),
          retryAfter: 5,
        });
        expect(page).toMatchObject({ status: 503, retryAfter: '5' });
        expect(page.body).toMatch(
          /^<!doctype html>[\s\S]*The lab(&#39;|&#x27;|')s database is not answering/i,
        );
        for (const answer of [mobile, page]) expect(answer.ms).toBeLessThan(8000);
      } finally {
        frozen.resume();
      }
      const resumedAt = performance.now();
      await expect
        .poll(async () => (await fetch(`${lab.portalUrl}/health`)).status, { timeout: 15_000, interval: 100 })
        .toBe(200);
      console.log(
        `database resumed: /health answers 200 again after ${Math.round(performance.now() - resumedAt)} ms`,
      );
      expect((await lab.portal().logIn(user.username, user.password)).location).toBe('/ibkey/gate');
    });
  },
);
