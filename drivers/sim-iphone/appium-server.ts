// Starts the real Appium 3 server with this driver, loaded from the repository itself (the
// project root is APPIUM_HOME, where the driver is a workspace dependency): no network needed.
// The server runs as a child process with tsx, so it loads the driver's TypeScript as is.

import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '../../common/index.ts';

export interface StartedAppium extends AsyncDisposable {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface AppiumServerOptions {
  /** The port to listen on; none (or 0) picks a free one at start. */
  port?: number;
  /** The address to listen on: 127.0.0.1 unless given (Appium's own default is 0.0.0.0, every interface). */
  address?: string;
  /** The installed drivers the server loads (default: the simulated iPhone only). */
  drivers?: string[];
  logLevel?: string;
  timeoutMs?: number;
  /** More of Appium's own server flags (`--relaxed-security`, `--base-path /wd/hub`...), as given. */
  extraArgs?: string[];
  /** Receives the server's log as it comes, e.g. to show it on the console. */
  onOutput?: (text: string) => void;
}

/** A fixed port another program already listens on. */
export class AppiumPortInUseError extends Error {
  override name = 'AppiumPortInUseError';
  constructor(
    readonly port: number,
    readonly address: string,
  ) {
    super(
      `Port ${port} is in use on ${address}: another Appium server or program listens there; stop it or choose another port.`,
    );
  }
}

/** Flags Appium itself refused (its "Unrecognized arguments" or a value it does not take). */
export class AppiumFlagError extends Error {
  override name = 'AppiumFlagError';
}

export const DEFAULT_APPIUM_ADDRESS = '127.0.0.1';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Large plain-JavaScript dependencies loaded before tsx's hooks, which would slow each of their modules. */
const PRELOAD_OUTSIDE_TSX = new URL('./preload-outside-tsx.mjs', import.meta.url).href;
const require = createRequire(import.meta.url);

/**
 * Starts the server; with no port given it picks a free one, and picks again if another process
 * took it in the moment between (a bounded number of times).
 */
export async function startAppiumServer(options: AppiumServerOptions = {}): Promise<StartedAppium> {
  const address = options.address ?? DEFAULT_APPIUM_ADDRESS;
  if (options.port) {
    if (!(await portIsFree(options.port, address))) throw new AppiumPortInUseError(options.port, address);
    return startOnce({ ...options, address, port: options.port });
  }
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOnce({ ...options, address, port: await findFreePort() });
    } catch (error) {
      if (!(error instanceof AppiumPortInUseError) || attempt >= 3) throw error;
    }
  }
}

function portIsFree(port: number, address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host: address, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** The URL a client on this machine uses: a wildcard address is reached through loopback. */
function localUrl(address: string, port: number): string {
  const host = address === '0.0.0.0' || address === '::' ? '127.0.0.1' : address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

async function startOnce(
  options: AppiumServerOptions & { port: number; address: string },
): Promise<StartedAppium> {
  const { port, address } = options;
  const appiumMain = require.resolve('appium/index.js');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      PRELOAD_OUTSIDE_TSX,
      '--import',
      'tsx',
      appiumMain,
      'server',
      '--address',
      address,
      '--port',
      String(port),
      '--use-drivers',
      (options.drivers ?? ['sim-iphone']).join(','),
      '--log-level',
      options.logLevel ?? 'error',
      '--log-no-colors',
      ...(options.extraArgs ?? []),
    ],
    {
      cwd: PROJECT_ROOT,
      env: { ...process.env, APPIUM_HOME: PROJECT_ROOT },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  const take = (chunk: Buffer) => {
    const text = chunk.toString();
    output.push(text);
    options.onOutput?.(text);
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  const basePath = basePathOf(options.extraArgs ?? []);
  const url = `${localUrl(address, port)}${basePath}`;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  while (!(await answers(`${url}/status`))) {
    if (exited || Date.now() > deadline) {
      child.kill('SIGKILL');
      const said = output.join('');
      if (/EADDRINUSE/.test(said)) throw new AppiumPortInUseError(port, address);
      const unrecognized = /Unrecognized arguments?: (.+)/.exec(said)?.[1];
      if (unrecognized)
        throw new AppiumFlagError(
          `Appium does not know ${unrecognized.trim()}: see "npx appium server --help" for its server flags.`,
        );
      throw new Error(
        `The Appium server did not start on ${url}${exited ? ` (it exited with ${child.exitCode})` : ''}. Its output:\n${said.slice(-3000)}`,
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

/** Appium's --base-path (-pa), which moves every route, /status included. */
function basePathOf(args: string[]): string {
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (arg.startsWith('--base-path=')) return arg.slice('--base-path='.length).replace(/\/$/, '');
    if (arg === '--base-path' || arg === '-pa') return (args[index + 1] ?? '').replace(/\/$/, '');
  }
  return '';
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}
