// For the tests of `npm run serve` and `npm run appium`: the script as a person runs it, minus npm (node with
// tsx's loader and the script, as the package.json script does after its readiness check), in a
// process group of its own so that a signal can go to the process or to the whole group, as a
// terminal's Ctrl-C does.

import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** How package.json runs the serve scripts: node, the packages loaded before tsx, then tsx's loader. */
export const SERVE_NODE_ARGS = ['--import', './lab/preload-outside-tsx.mjs', '--import', 'tsx'];

export interface ServeProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Both streams, as they arrived. */
  readonly output: () => string;
  /** Resolves with the exit code once the process has exited. */
  readonly exited: Promise<number | null>;
  /** Resolves with the first line of standard output that matches, or fails if the process exits first. */
  lineMatching(pattern: RegExp, withinMs?: number): Promise<string>;
  /** Resolves with the first match in either stream, or fails if the process exits first. */
  outputMatching(pattern: RegExp, withinMs?: number): Promise<RegExpMatchArray>;
  /** Sends `signal` to the process or its whole group; resolves when it has exited, with how long that took. */
  stop(signal: NodeJS.Signals, to: 'process' | 'group'): Promise<Stopped>;
}

export interface Stopped {
  code: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
}

export function startServeProcess(
  script: string,
  env: Record<string, string> = {},
  args: string[] = [],
): ServeProcess {
  const child = spawn(process.execPath, [...SERVE_NODE_ARGS, script, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    output += chunk.toString();
  });
  const ended = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const gone = () => child.exitCode !== null || child.signalCode !== null;

  /** Waits for `find` to find something in what was printed, waking on output, never past `withinMs`. */
  async function waitFor<T>(find: () => T | undefined, what: string, withinMs: number): Promise<T> {
    const deadline = Date.now() + withinMs;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (gone() || Date.now() > deadline)
        throw new Error(
          `${script} printed ${what} (${gone() ? `it exited with ${child.exitCode ?? child.signalCode}` : `within ${withinMs} ms`}).\nstdout:\n${stdout}\nstderr:\n${stderr}`,
        );
      await nextOutput(child, ended, deadline - Date.now());
    }
  }

  return {
    child,
    pid: child.pid!,
    stdout: () => stdout,
    stderr: () => stderr,
    output: () => output,
    exited: ended.then(([code]) => code),
    lineMatching: (pattern, withinMs = 60_000) =>
      waitFor(
        () => stdout.split('\n').find((line) => pattern.test(line)),
        `no line matching ${pattern}`,
        withinMs,
      ),
    outputMatching: (pattern, withinMs = 60_000) =>
      waitFor(() => output.match(pattern) ?? undefined, `nothing matching ${pattern}`, withinMs),
    async stop(signal, to) {
      const began = performance.now();
      process.kill(to === 'group' ? -child.pid! : child.pid!, signal);
      const [code, exitSignal] = await ended;
      return { code, signal: exitSignal, ms: performance.now() - began };
    },
  };
}

/**
 * `npm run serve` on the embedded store, once it says the portal is ready ("Log in to see…"); a
 * serve that never gets there is killed with its group before the error is passed on.
 */
export async function startReadyServe(): Promise<ServeProcess> {
  const serve = startServeProcess('lab/serve-portal.ts', { LAB_DB: 'embedded', LAB_LOCALE: 'en-US' });
  try {
    await serve.lineMatching(/^Log in to see/);
  } catch (error) {
    await serve.stop('SIGKILL', 'group').catch(() => {});
    throw error;
  }
  return serve;
}

/** The live processes of a process group (a zombie, dead but not yet reaped, is not counted). */
export async function processesInGroup(groupId: number): Promise<number[]> {
  const entries = await readdir('/proc');
  const members: number[] = [];
  for (const entry of entries) {
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => undefined);
    if (!stat) continue;
    // pid (comm) state ppid pgrp ...: the fields after the command name, which may hold spaces.
    const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(group) === groupId && state !== 'Z' && state !== 'X') members.push(Number(entry));
  }
  return members;
}

/**
 * Resolves when the child writes to either stream, exits, or `withinMs` pass, and leaves no
 * listener behind (a listener per wait would pile up over a long wait).
 */
async function nextOutput(child: ChildProcess, exited: Promise<unknown>, withinMs: number): Promise<void> {
  const done = new AbortController();
  const { signal } = done;
  const ignoreAbort = () => {};
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      once(child.stdout!, 'data', { signal }).catch(ignoreAbort),
      once(child.stderr!, 'data', { signal }).catch(ignoreAbort),
      exited,
      new Promise((resolve) => {
        timer = setTimeout(resolve, Math.max(0, withinMs));
      }),
    ]);
  } finally {
    clearTimeout(timer);
    done.abort();
  }
}
