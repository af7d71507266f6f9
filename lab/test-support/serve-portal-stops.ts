// For the stop tests of `npm run serve`: start it as a person does, check what a clean stop leaves,
// and hold a series of stops to a second (median).

import { existsSync } from 'node:fs';
import { expect } from 'vitest';
import { isRunning, processesUsing, runningPostmasterOf } from '../../mocks/state/postgres-processes.ts';
import { processesInGroup, type ServeProcess, type Stopped, startServeProcess } from './serve-process.ts';

const SERVE = 'lab/serve-portal.ts';

export interface RunningServe {
  serve: ServeProcess;
  portalUrl: string;
  dataFolder: string;
  postmaster: number;
}

export async function startServe(): Promise<RunningServe> {
  const serve = startServeProcess(SERVE, { LAB_DB: 'embedded', LAB_LOCALE: 'en-US' });
  const portalUrl = (await serve.lineMatching(/^portal: /))
    .replace(/^portal:\s+/, '')
    .replace(/\/login$/, '');
  const dataFolder = (await serve.lineMatching(/^database: /)).split(/\s+/)[1]!;
  await serve.lineMatching(/^Log in to see/);
  // The data folder is named after the process that made it: the script's own, no wrapper between
  // it and the signals a test sends (the tsx command would be one, relaying them).
  expect(Number(/ibkey-lab-pg-(\d+)-/.exec(dataFolder)?.[1]), dataFolder).toBe(serve.pid);
  const postmaster = await runningPostmasterOf(dataFolder);
  if (postmaster === undefined)
    throw new Error(`No postmaster serves ${dataFolder} although serve said it started.`);
  return { serve, portalUrl, dataFolder, postmaster };
}

/** What a clean stop leaves: exit 0, a last line saying so, no stack trace, nothing running, no folder. */
export async function expectCleanStop(running: RunningServe, stopped: Stopped): Promise<void> {
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
export function expectUnderASecond(times: number[]): void {
  const sorted = [...times].sort((a, b) => a - b);
  expect(
    sorted[Math.floor(sorted.length / 2)],
    `stop times: ${sorted.map(Math.round).join(', ')} ms`,
  ).toBeLessThan(1000);
  expect(sorted.at(-1), `stop times: ${sorted.map(Math.round).join(', ')} ms`).toBeLessThan(3000);
}
