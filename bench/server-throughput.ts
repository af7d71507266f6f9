// Section 3: activations redeemed and push logins approved per second by 1, 8 and 32 concurrent
// protocol-level phones, beside the floor: the bare single-row UPDATE ... RETURNING transaction
// on the same database. Request bodies are signed before the clock starts (the server is what
// is measured), and every run is checked: one device per activation, each approval once.

import pg from 'pg';
import type { StartedLab } from '../lab/index.ts';
import { defaultConfig } from '../mocks/sls/config.ts';
import { startServerLab } from '../mocks/sls/test-support/server-lab.ts';
import { MOBILE_API, PhoneClient, type PrivateJwk, type PublicJwk } from '../protocol/index.ts';
import { medianOf, type Row } from './stats.ts';

const HIGH = { attempts: 1_000_000, windowSeconds: 60 };

/** Runs `jobs` with `concurrency` workers; returns the elapsed milliseconds. */
async function drain<T>(jobs: T[], concurrency: number, work: (job: T) => Promise<void>): Promise<number> {
  const queue = [...jobs];
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let job = queue.shift(); job !== undefined; job = queue.shift()) await work(job);
    }),
  );
  return performance.now() - start;
}

async function postJson(url: string, body: unknown): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${url} answered ${response.status}: ${await response.text()}`);
  await response.arrayBuffer();
}

async function signedEnrollBodies(lab: StartedLab, count: number) {
  const bodies: { username: string; body: unknown }[] = [];
  for (let index = 0; index < count; index += 1) {
    const { user } = await lab.createUser();
    const portal = lab.portal();
    await portal.logIn(user.username, user.password);
    const link = await portal.gateLink();
    bodies.push({
      username: user.username,
      body: await (await PhoneClient.create()).enrollRequest(link, null),
    });
  }
  return bodies;
}

async function signedAnswerBodies(lab: StartedLab, count: number, tokenBase: number) {
  const bodies: { username: string; body: unknown }[] = [];
  for (let index = 0; index < count; index += 1) {
    const apnsToken = (tokenBase + index).toString(16).padStart(64, 'b');
    const { user, device } = await lab.createUser({ device: { state: 'active', apnsToken } });
    const phone = PhoneClient.restore(device!.privateKey as PrivateJwk, {
      deviceId: device!.deviceId,
      serverPublicKey: device!.serverPublicKey as PublicJwk,
      portalBaseUrl: lab.server.url,
    });
    await lab.portal().logIn(user.username, user.password);
    const [pending] = await phone.pending();
    if (!pending) throw new Error(`No login request is pending for ${user.username}.`);
    bodies.push({
      username: user.username,
      body: await phone.answerRequest(pending.txid, pending.nonce, 'approve'),
    });
  }
  return bodies;
}

/** The floor: BEGIN; UPDATE one row RETURNING; COMMIT, by `concurrency` clients on their own rows. */
async function floorRate(databaseUrl: string, concurrency: number, transactions: number): Promise<number> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: concurrency });
  try {
    await pool.query('CREATE TABLE IF NOT EXISTS bench_floor (id int PRIMARY KEY, n bigint NOT NULL)');
    await pool.query(
      'INSERT INTO bench_floor SELECT g, 0 FROM generate_series(1, $1) g ON CONFLICT (id) DO NOTHING',
      [concurrency],
    );
    const jobs = Array.from({ length: transactions }, (_, index) => (index % concurrency) + 1);
    const elapsed = await drain(jobs, concurrency, async (id) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('UPDATE bench_floor SET n = n + 1 WHERE id = $1 RETURNING n', [id]);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    });
    return (transactions / elapsed) * 1000;
  } finally {
    await pool.end();
  }
}

export async function benchServerThroughput(
  storeUrl: string,
  storeKind: string,
  options: { concurrencies: number[]; perRun: (concurrency: number) => number; runs: number },
): Promise<Row[]> {
  const lab = await startServerLab(storeUrl, `bench_${storeKind}`, {
    limits: { ...defaultConfig({ databaseUrl: '' }).limits, enrollPerSerial: HIGH, enrollPerClient: HIGH },
  });
  const rows: Row[] = [];
  let tokenBase = 1;
  try {
    for (const concurrency of options.concurrencies) {
      const count = options.perRun(concurrency);
      const rates = { redeem: [] as number[], approve: [] as number[], floor: [] as number[] };
      for (let run = 0; run < options.runs; run += 1) {
        const enrolls = await signedEnrollBodies(lab, count);
        const redeemMs = await drain(enrolls, concurrency, ({ body }) =>
          postJson(`${lab.server.url}${MOBILE_API.enroll}`, body),
        );
        rates.redeem.push((count / redeemMs) * 1000);
        const answers = await signedAnswerBodies(lab, count, tokenBase);
        tokenBase += count;
        const approveMs = await drain(answers, concurrency, ({ body }) =>
          postJson(`${lab.server.url}${MOBILE_API.answer}`, body),
        );
        rates.approve.push((count / approveMs) * 1000);
        rates.floor.push(await floorRate(lab.database.url, concurrency, count * 4));
        // Correct under load: one device per activation, every approval recorded once.
        for (const { username } of enrolls) {
          const state = await lab.control.userState(username);
          if (
            state.devices.length !== 1 ||
            state.activations.filter((row) => row.state === 'activated').length !== 1
          )
            throw new Error(`${username} has ${state.devices.length} devices after one redemption.`);
        }
        for (const { username } of answers) {
          const state = await lab.control.userState(username);
          const approved = state.transactions.filter((row) => row.state === 'approved');
          const recorded = state.audit.filter(
            (event) => event.kind === 'answer' && event.outcome === 'APPROVED',
          );
          if (approved.length !== 1 || recorded.length !== 1)
            throw new Error(
              `${username}: ${approved.length} approved logins, ${recorded.length} audit records.`,
            );
        }
      }
      const floor = medianOf(rates.floor);
      const row = (subject: string, samples: number[], target?: string): Row => ({
        section: 'Server throughput',
        subject: `${subject}, ${concurrency} phone${concurrency > 1 ? 's' : ''}`,
        contender: storeKind,
        unit: '/s',
        median: medianOf(samples),
        min: Math.min(...samples),
        max: Math.max(...samples),
        runs: options.runs,
        target,
        extra: target ? { 'of floor': `${((100 * medianOf(samples)) / floor).toFixed(0)}%` } : {},
      });
      rows.push(
        row('activations redeemed', rates.redeem, '>= 50% of floor'),
        row('push logins approved', rates.approve, '>= 50% of floor'),
        row('floor: UPDATE ... RETURNING', rates.floor),
      );
    }
  } finally {
    await lab.stop();
  }
  return rows;
}
