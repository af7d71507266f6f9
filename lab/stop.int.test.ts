// Stopping what the lab starts, as a person or a CI job does: `npm run serve` stopped by Ctrl-C
// (SIGINT) or SIGTERM, sent to the process or to its whole group, 20 times; after a database
// restart; after a SIGKILL of its whole group (the next start stops the orphan database, then
// removes its folder) or of the serve alone (the database's keeper does it); and `npm run appium`.
// Each stop: exit 0, no stack trace, no process and no folder left, and the time it took, printed.

import { existsSync } from 'node:fs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startStateStore } from '../mocks/state/index.ts';
import { isRunning, processesUsing, runningPostmasterOf } from '../mocks/state/postgres-processes.ts';
import { restartServer } from '../mocks/state/test-support/server-processes.ts';
import {
  processesInGroup,
  type ServeProcess,
  type Stopped,
  startServeProcess,
} from './test-support/serve-process.ts';

const SERVE = 'lab/serve-portal.ts';
const stopTimes: { kind: string; ms: number }[] = [];

interface RunningServe {
  serve: ServeProcess;
  portalUrl: string;
  dataFolder: string;
  postmaster: number;
}

async function startServe(): Promise<RunningServe> {
  const serve = startServeProcess(SERVE, { LAB_DB: 'embedded', LAB_LOCALE: 'en-US' });
  const portalUrl = (await serve.lineMatching(/^portal: /))
    .replace(/^portal:\s+/, '')
    .replace(/\/login$/, '');
  const dataFolder = (await serve.lineMatching(/^database: /)).split(/\s+/)[1]!;
  await serve.lineMatching(/^Log in to see/);
  const postmaster = await runningPostmasterOf(dataFolder);
  if (postmaster === undefined)
    throw new Error(`No postmaster serves ${dataFolder} although serve said it started.`);
  return { serve, portalUrl, dataFolder, postmaster };
}

/** The serve's own process, under tsx: the data folder is named after the process that made it. */
function servePidOf(running: RunningServe): number {
  return Number(/ibkey-lab-pg-(\d+)-/.exec(running.dataFolder)![1]);
}

/** What a clean stop leaves: exit 0, a last line saying so, no stack trace, nothing running, no folder. */
async function expectCleanStop(running: RunningServe, stopped: Stopped): Promise<void> {
  const { serve, dataFolder, postmaster } = running;
  const output = `stdout:\n${serve.stdout()}\nstderr:\n${serve.stderr()}`;
  expect(stopped, output).toMatchObject({ code: 0, signal: null });
  expect(serve.stdout(), output).toMatch(/The portal stopped \(SIG(INT|TERM)\) in \d+ ms\.\n$/);
  expect(serve.stderr(), output).not.toMatch(/^\s+at |Error|Unhandled|Uncaught/m);
  expect(await isRunning(postmaster)).toBe(false);
  expect(await processesUsing(dataFolder)).toEqual([]);
  expect(await processesInGroup(serve.pid)).toEqual([]);
  expect(existsSync(dataFolder)).toBe(false);
}

/**
 * Under a second, as a rule: the median of the stops must be, and no stop may take three times
 * that (a machine shared with other runs has slow moments; the figures are printed either way).
 */
function expectUnderASecond(times: number[]): void {
  const sorted = [...times].sort((a, b) => a - b);
  expect(
    sorted[Math.floor(sorted.length / 2)],
    `stop times: ${sorted.map(Math.round).join(', ')} ms`,
  ).toBeLessThan(1000);
  expect(sorted.at(-1), `stop times: ${sorted.map(Math.round).join(', ')} ms`).toBeLessThan(3000);
}

function summary(kind: string, times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (fraction: number) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!);
  return `${kind}: n=${sorted.length} min=${at(0)} ms median=${at(0.5)} ms max=${at(1)} ms`;
}

afterAll(() => {
  if (stopTimes.length === 0) return;
  const kinds = [...new Set(stopTimes.map((time) => time.kind))];
  console.log(
    [
      'npm run serve, time from the signal to the exit:',
      ...kinds.map((kind) =>
        summary(
          kind,
          stopTimes.filter((time) => time.kind === kind).map((time) => time.ms),
        ),
      ),
      summary(
        'all',
        stopTimes.map((time) => time.ms),
      ),
    ].join('\n  '),
  );
});

describe.runIf(inject('storeKind') === 'embedded')('npm run serve stops cleanly', () => {
  const kinds: [NodeJS.Signals, 'process' | 'group'][] = [
    ['SIGINT', 'group'],
    ['SIGINT', 'process'],
    ['SIGTERM', 'group'],
    ['SIGTERM', 'process'],
  ];

  it.each(kinds)(
    'on %s to the %s, 5 times: exit 0, no stack trace, no postgres and no folder left, in under a second',
    async (signal, to) => {
      const times: number[] = [];
      for (let cycle = 1; cycle <= 5; cycle += 1) {
        const running = await startServe();
        expect((await fetch(`${running.portalUrl}/health`)).status).toBe(200);
        const stopped = await running.serve.stop(signal, to);
        times.push(stopped.ms);
        stopTimes.push({ kind: `${signal} to the ${to}`, ms: stopped.ms });
        await expectCleanStop(running, stopped);
      }
      expectUnderASecond(times);
    },
    150_000,
  );

  it('after a database restart: the portal recovers by itself, then stops as cleanly', async () => {
    const running = await startServe();
    await restartServer(running.dataFolder);
    const restarted = await runningPostmasterOf(running.dataFolder);
    expect(restarted).toBeDefined();
    expect(restarted).not.toBe(running.postmaster);
    await expect
      .poll(async () => (await fetch(`${running.portalUrl}/health`)).status, {
        timeout: 15_000,
        interval: 100,
      })
      .toBe(200);
    const stopped = await running.serve.stop('SIGINT', 'group');
    stopTimes.push({ kind: 'SIGINT after a database restart', ms: stopped.ms });
    await expectCleanStop({ ...running, postmaster: restarted! }, stopped);
    expectUnderASecond([stopped.ms]);
  }, 60_000);

  it('after a SIGKILL of its group: the database survives as an orphan; the next start stops it, then removes its folder', async () => {
    const running = await startServe();
    const stopped = await running.serve.stop('SIGKILL', 'group');
    expect(stopped.signal).toBe('SIGKILL');
    // Nothing could stop the database: it runs on, in its folder, with no one to stop it.
    await expect.poll(() => isRunning(servePidOf(running)), { timeout: 10_000 }).toBe(false);
    expect(await isRunning(running.postmaster)).toBe(true);
    expect(existsSync(running.dataFolder)).toBe(true);

    const next = await startStateStore({ mode: 'embedded' });
    try {
      expect(await isRunning(running.postmaster)).toBe(false);
      expect(await processesUsing(running.dataFolder)).toEqual([]);
      expect(existsSync(running.dataFolder)).toBe(false);
    } finally {
      await next.stop();
    }
  }, 60_000);

  it('after a SIGKILL of the serve process alone: its keeper stops the database and removes its folder', async () => {
    const running = await startServe();
    process.kill(servePidOf(running), 'SIGKILL');
    await expect.poll(() => isRunning(running.postmaster), { timeout: 10_000 }).toBe(false);
    await expect.poll(() => existsSync(running.dataFolder), { timeout: 10_000 }).toBe(false);
    expect(await processesUsing(running.dataFolder)).toEqual([]);
    await expect.poll(() => processesInGroup(running.serve.pid), { timeout: 10_000 }).toEqual([]);
  }, 60_000);

  it('never removes the folder of a database whose run is alive', async () => {
    const running = await startServe();
    try {
      const next = await startStateStore({ mode: 'embedded' });
      await next.stop();
      expect(existsSync(running.dataFolder)).toBe(true);
      expect((await fetch(`${running.portalUrl}/health`)).status).toBe(200);
    } finally {
      await expectCleanStop(running, await running.serve.stop('SIGTERM', 'process'));
    }
  }, 60_000);
});

describe('npm run appium stops cleanly', () => {
  it.each([
    ['SIGINT', 'group'],
    ['SIGTERM', 'process'],
  ] as [NodeJS.Signals, 'process' | 'group'][])(
    'on %s to the %s: exit 0, no stack trace, no Appium server left',
    async (signal, to) => {
      const serve = startServeProcess('lab/serve-appium.ts', {
        APPIUM_LOG_LEVEL: 'error',
        // npm run appium listens on Appium's 4723 by default; a test takes a free port.
        APPIUM_PORT: '0',
      });
      const appiumUrl = (await serve.lineMatching(/^Appium with the simulated iPhone: /)).split(': ')[1]!;
      expect((await fetch(`${appiumUrl}/status`)).ok).toBe(true);
      const stopped = await serve.stop(signal, to);
      const output = `stdout:\n${serve.stdout()}\nstderr:\n${serve.stderr()}`;
      console.log(`npm run appium, ${signal} to the ${to}: stopped in ${Math.round(stopped.ms)} ms`);
      expect(stopped, output).toMatchObject({ code: 0, signal: null });
      expect(serve.stdout(), output).toMatch(/Appium stopped \(SIG(INT|TERM)\) in \d+ ms\.\n$/);
      expect(serve.stderr(), output).not.toMatch(/^\s+at |Error|Unhandled|Uncaught/m);
      expect(await processesInGroup(serve.pid)).toEqual([]);
      await expect(fetch(`${appiumUrl}/status`)).rejects.toThrow();
    },
    90_000,
  );
});
