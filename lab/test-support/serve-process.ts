// For stop tests: `npm run serve` or `npm run appium` as a person runs it, minus npm (node with
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
  /** Resolves with the first line of standard output that matches, or fails if the process exits first. */
  lineMatching(pattern: RegExp, withinMs?: number): Promise<string>;
  /** Sends `signal` to the process or its whole group; resolves when it has exited, with how long that took. */
  stop(signal: NodeJS.Signals, to: 'process' | 'group'): Promise<Stopped>;
}

export interface Stopped {
  code: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
}

export function startServeProcess(script: string, env: Record<string, string> = {}): ServeProcess {
  const child = spawn(process.execPath, [...SERVE_NODE_ARGS, script], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return {
    child,
    pid: child.pid!,
    stdout: () => stdout,
    stderr: () => stderr,
    async lineMatching(pattern, withinMs = 60_000) {
      const deadline = Date.now() + withinMs;
      for (;;) {
        const line = stdout.split('\n').find((candidate) => pattern.test(candidate));
        if (line !== undefined) return line;
        if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline)
          throw new Error(
            `${script} printed no line matching ${pattern} (${child.exitCode !== null || child.signalCode !== null ? `it exited with ${child.exitCode ?? child.signalCode}` : `within ${withinMs} ms`}).\nstdout:\n${stdout}\nstderr:\n${stderr}`,
          );
        await nextOutput(child, exited, deadline - Date.now());
      }
    },
    async stop(signal, to) {
      const began = performance.now();
      process.kill(to === 'group' ? -child.pid! : child.pid!, signal);
      const [code, exitSignal] = await exited;
      return { code, signal: exitSignal, ms: performance.now() - began };
    },
  };
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
export async function nextOutput(
  child: ChildProcess,
  exited: Promise<unknown>,
  withinMs: number,
): Promise<void> {
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
