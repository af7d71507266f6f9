// Runs the lab (`playwright test` on the scenarios) or a merge of blobs as a child process, into
// a folder of the caller's choosing, and returns its exit code and output: through Playwright's
// CLI, through the lab's wrapper as `npm run lab` and `npm run lab:merge` do (scripts/lab.mjs), or
// as `npm run case` does from the caller's folder (scripts/case.mjs).

import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
const PLAYWRIGHT_CLI = resolve(PROJECT_ROOT, 'node_modules/@playwright/test/cli.js');
const LAB_SCRIPT = resolve(PROJECT_ROOT, 'scripts/lab.mjs');
const CASE_SCRIPT = resolve(PROJECT_ROOT, 'scripts/case.mjs');

export interface LabRun {
  exitCode: number | null;
  output: string;
}

/** `playwright <args>`. */
export const runPlaywright = (args: string[], env: Record<string, string>, timeoutMs?: number) =>
  runNodeScript(PLAYWRIGHT_CLI, args, env, timeoutMs);

/** `npm run lab -- <args>` is `runLabScript(['test', ...args])`; `npm run lab:merge`, `['merge', ...]`. */
export const runLabScript = (args: string[], env: Record<string, string>, timeoutMs?: number) =>
  runNodeScript(LAB_SCRIPT, args, env, timeoutMs);

/** `npm run case -- <args>` run from `callerFolder` (npm's INIT_CWD, which the script reads). */
export const runCaseScript = (args: string[], callerFolder: string, env: Record<string, string> = {}) =>
  runNodeScript(CASE_SCRIPT, args, { ...env, INIT_CWD: callerFolder }, undefined, callerFolder);

function runNodeScript(
  script: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs = 300_000,
  cwd = PROJECT_ROOT,
): Promise<LabRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', fail);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      done({ exitCode, output });
    });
  });
}
