// Starts the real Appium 3 server with this driver, loaded from the repository itself (the
// project root is APPIUM_HOME, where the driver is a workspace dependency): no network needed.
// The server runs as a child process with tsx, so it loads the driver's TypeScript as is.

import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '../../common/index.ts';

export interface StartedAppium extends AsyncDisposable {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);

/**
 * Starts the server; with no port given it picks a free one, and picks again if another process
 * took it in the moment between (a bounded number of times).
 */
export async function startAppiumServer(
  /** drivers: the installed drivers the server loads (default: the simulated iPhone only). */
  options: { port?: number; drivers?: string[]; logLevel?: string; timeoutMs?: number } = {},
): Promise<StartedAppium> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOnce({ ...options, port: options.port ?? (await findFreePort()) });
    } catch (error) {
      const portTaken = /EADDRINUSE/.test((error as Error).message);
      if (options.port !== undefined || !portTaken || attempt >= 3) throw error;
    }
  }
}

async function startOnce(options: {
  port: number;
  drivers?: string[];
  logLevel?: string;
  timeoutMs?: number;
}): Promise<StartedAppium> {
  const port = options.port;
  const appiumMain = require.resolve('appium/index.js');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      appiumMain,
      'server',
      '--address',
      '127.0.0.1',
      '--port',
      String(port),
      '--use-drivers',
      (options.drivers ?? ['sim-iphone']).join(','),
      '--log-level',
      options.logLevel ?? 'error',
      '--log-no-colors',
    ],
    {
      cwd: PROJECT_ROOT,
      env: { ...process.env, APPIUM_HOME: PROJECT_ROOT },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  while (!(await answers(`${url}/status`))) {
    if (exited || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `The Appium server did not start on ${url}${exited ? ` (it exited with ${child.exitCode})` : ''}. Its output:\n${output.join('').slice(-3000)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (exited) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
  };
  return { url, port, stop, [Symbol.asyncDispose]: stop };
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}
