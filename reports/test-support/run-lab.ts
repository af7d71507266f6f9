// Runs the lab (`playwright test` on the scenarios) or a merge of blobs as a child process, into
// a folder of the caller's choosing, and returns its exit code and output.

import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
const PLAYWRIGHT_CLI = resolve(PROJECT_ROOT, 'node_modules/@playwright/test/cli.js');

export interface LabRun {
  exitCode: number | null;
  output: string;
}

export function runPlaywright(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 300_000,
): Promise<LabRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [PLAYWRIGHT_CLI, ...args], {
      cwd: PROJECT_ROOT,
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
