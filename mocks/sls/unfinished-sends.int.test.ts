// A server SIGKILLed with work in the middle, then started again on the same data. At the kill,
// a login push waits for APNs, a recovery text waits for the SMS provider (both rows 'sending'),
// and an enrollment waits inside its transaction (on a device row the test holds). Afterwards:
// nothing of the enrollment was kept, and the new start settles both sends ('unknown',
// 'SMS_UNKNOWN', each with an audit event), so nothing stays 'sending' for ever.

import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { MOBILE_API, PhoneClient } from '../../protocol/index.ts';
import { defaultConfig } from './config.ts';
import { startSlsServer } from './server.ts';
import { SECRETS_KEY_VARIABLE, secretsKeyFromEnvironment } from './server-keys.ts';
import { withClient } from './test-support/database-fingerprint.ts';

const storeUrl = inject('storeUrl');
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
// The server secrets' key of both runs: a server that reopens a database needs the key that sealed it.
const SECRETS_KEY = randomBytes(32).toString('hex');

interface KilledRun {
  url: string;
  databaseUrl: string;
  databaseName: string;
  pushing: string;
  recovering: string;
  activating: string;
  link: string;
}

function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  return withClient(url, async (client) => (await client.query<T>(sql, values)).rows);
}

/** Starts the portal to kill and resolves with its JSON line, once its sends are under way. */
async function startPortalToKill(): Promise<{ child: ChildProcess; run: KilledRun }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'mocks/sls/test-support/portal-to-kill.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, STORE_URL: storeUrl, [SECRETS_KEY_VARIABLE]: SECRETS_KEY },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const errors: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
  const lines = createInterface({ input: child.stdout! });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`The portal to kill exited (${code}) before it was ready: ${errors.join('')}`);
  });
  const ready = (async () => {
    for await (const line of lines) if (line.startsWith('{')) return JSON.parse(line) as KilledRun;
    throw new Error(`The portal to kill printed no JSON line: ${errors.join('')}`);
  })();
  return { child, run: await Promise.race([ready, exited]) };
}

describe('a server SIGKILLed mid-activation, started again on the same data', () => {
  let run: KilledRun;

  beforeAll(async () => {
    const started = await startPortalToKill();
    run = started.run;
    const { child } = started;
    const exited = once(child, 'exit');
    const [activating] = await query<{ id: string }>(
      run.databaseUrl,
      'SELECT id FROM users WHERE username = $1',
      [run.activating],
    );

    // Hold an active device row for the user at the gate (not committed): the enrollment's own
    // device insert then waits inside its transaction, after whatever it wrote before.
    const holder = new pg.Client({ connectionString: run.databaseUrl });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(
        `INSERT INTO devices (id, user_id, state, public_key, key_thumbprint, model, os, app_version, biometry, activated_at)
         VALUES (gen_random_uuid(), $1, 'active', '{}', 'held', 'm', 'o', 'a', 'faceId', now())`,
        [activating!.id],
      );
      const enroll = await (await PhoneClient.create()).enrollRequest(run.link, null);
      const inFlight = fetch(new URL(MOBILE_API.enroll, run.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(enroll),
      }).catch((error: Error) => error);
      await vi.waitFor(
        async () => {
          const waiting = await query(
            storeUrl,
            `SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'`,
            [run.databaseName],
          );
          if (waiting.length !== 1)
            throw new Error('The enrollment is not waiting inside its transaction yet.');
        },
        { timeout: 10_000, interval: 20 },
      );
      child.kill('SIGKILL');
      await exited;
      expect(await inFlight).toBeInstanceOf(Error);
    } finally {
      child.kill('SIGKILL');
      await holder.query('ROLLBACK');
      await holder.end();
    }
    // The dead server's sessions end once their backends notice: wait for the last one.
    await vi.waitFor(
      async () => {
        const sessions = await query(
          storeUrl,
          'SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [run.databaseName],
        );
        if (sessions.length > 0)
          throw new Error(`${sessions.length} sessions of the killed server are still open.`);
      },
      { timeout: 10_000, interval: 50 },
    );
  }, 60_000);

  afterAll(async () => {
    if (run) await query(storeUrl, `DROP DATABASE IF EXISTS "${run.databaseName}" WITH (FORCE)`);
  });

  it('kept nothing of the enrollment it was in: the activation is unused, no device, no enroll event', async () => {
    const [activation] = await query<{ state: string; attempted_at: Date | null; device_id: string | null }>(
      run.databaseUrl,
      `SELECT a.state, a.attempted_at, a.device_id FROM activations a JOIN users u ON u.id = a.user_id WHERE u.username = $1`,
      [run.activating],
    );
    expect(activation).toEqual({ state: 'issued', attempted_at: null, device_id: null });
    expect(
      await query(
        run.databaseUrl,
        'SELECT 1 FROM devices d JOIN users u ON u.id = d.user_id WHERE u.username = $1',
        [run.activating],
      ),
    ).toEqual([]);
    expect(
      await query(
        run.databaseUrl,
        `SELECT 1 FROM audit_events e JOIN users u ON u.id = e.user_id WHERE u.username = $1 AND e.kind = 'enroll'`,
        [run.activating],
      ),
    ).toEqual([]);
  });

  it('settles at the next start what the killed run left sending, with an audit event each, and the QR then works', async () => {
    const sending = async () =>
      query<{ what: string }>(
        run.databaseUrl,
        `SELECT 'push' AS what FROM login_transactions WHERE push_outcome = 'sending'
         UNION ALL SELECT 'recovery' FROM recoveries WHERE state = 'sending'`,
      );
    expect((await sending()).map((row) => row.what).sort()).toEqual(['push', 'recovery']);

    const log: string[] = [];
    await using restarted = await startSlsServer(
      defaultConfig({
        databaseUrl: run.databaseUrl,
        scryptLogN: 10,
        secretsKey: secretsKeyFromEnvironment({ [SECRETS_KEY_VARIABLE]: SECRETS_KEY }),
        log: (line) => log.push(line),
      }),
    );
    expect(await sending()).toEqual([]);
    expect(log).toContain(
      "settled what the last run left unsent: 1 login push(es) now 'unknown', 1 recovery text(s) now 'SMS_UNKNOWN'",
    );

    const [push] = await query(
      run.databaseUrl,
      `SELECT t.push_outcome, t.push_detail, t.state FROM login_transactions t JOIN users u ON u.id = t.user_id
        WHERE u.username = $1`,
      [run.pushing],
    );
    expect(push).toEqual({
      push_outcome: 'unknown',
      push_detail: 'the server stopped before it knew the outcome',
      state: 'pending',
    });
    const [recovery] = await query(
      run.databaseUrl,
      `SELECT r.state, r.outcome FROM recoveries r JOIN users u ON u.id = r.user_id WHERE u.username = $1`,
      [run.recovering],
    );
    expect(recovery).toEqual({ state: 'sms_failed', outcome: 'SMS_UNKNOWN' });
    const settledEvents = await query<{ username: string; kind: string; outcome: string }>(
      run.databaseUrl,
      `SELECT u.username, e.kind, e.outcome FROM audit_events e JOIN users u ON u.id = e.user_id
        WHERE e.detail->>'settledAtStart' = 'true' ORDER BY e.id`,
    );
    expect(settledEvents).toEqual([
      { username: run.pushing, kind: 'push', outcome: 'unknown' },
      { username: run.recovering, kind: 'recovery', outcome: 'SMS_UNKNOWN' },
    ]);

    // The QR the killed run was redeeming was never consumed: it activates a phone now.
    const phone = await PhoneClient.create();
    const enrolled = await fetch(new URL(MOBILE_API.enroll, restarted.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(await phone.enrollRequest(run.link, null)),
    });
    expect(enrolled.status).toBe(200);
  });
});
