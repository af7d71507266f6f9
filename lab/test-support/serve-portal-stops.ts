// For the stop tests of `npm run serve`: start it as a person does, check what a clean stop leaves,
// and hold a series of stops to being prompt (no wait on a timeout).

import { existsSync } from 'node:fs';
import { expect } from 'vitest';
import { isRunning, processesUsing, runningPostmasterOf } from '../../mocks/state/postgres-processes.ts';
import { processesInGroup, type ServeProcess, type Stopped, startReadyServe } from './serve-process.ts';

export interface RunningServe {
  serve: ServeProcess;
  portalUrl: string;
  dataFolder: string;
  postmaster: number;
}

export async function startServe(): Promise<RunningServe> {
  const serve = await startReadyServe();
  const portalUrl = (await serve.lineMatching(/^portal: /))
    .replace(/^portal:\s+/, '')
    .replace(/\/login$/, '');
  const dataFolder = (await serve.lineMatching(/^database: /)).split(/\s+/)[1]!;
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
 * Prompt stops: the median under 3 s and none over 5 s, which a stop waiting on a timeout (a
 * keep-alive's 5 s, pg's idle 10 s, the serve's 15 s deadline) cannot meet. The one-second target is
 * measured by the bench (`npm run bench -- --only journey`), not here: this file shares both cores
 * with the other test files, and the same stops took 230-390 ms alone and 700-1,130 ms in CI.
 */
export function expectPromptStops(times: number[]): void {
  const sorted = [...times].sort((a, b) => a - b);
  const figures = `stop times: ${sorted.map(Math.round).join(', ')} ms`;
  expect(sorted[Math.floor(sorted.length / 2)], figures).toBeLessThan(3000);
  expect(sorted.at(-1), figures).toBeLessThan(5000);
}
