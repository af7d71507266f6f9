// Finding and stopping a PostgreSQL server by its data folder, whoever started it: this run, a
// run that was SIGKILLed (an orphan), or a restart that replaced the first postmaster (Linux). The folder
// says which postmaster owns it (postmaster.pid); /proc says whether that process still runs and
// really serves that folder (its working directory), so a reused pid is never signalled.

import { readdir, readFile, readlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** The pid of the postmaster serving `dataFolder`, if one runs. */
export async function runningPostmasterOf(dataFolder: string): Promise<number | undefined> {
  const pidFile = await readFile(join(dataFolder, 'postmaster.pid'), 'utf8').catch(() => '');
  const pid = Number(pidFile.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !(await isRunning(pid))) return undefined;
  const serves = await workingDirectoryOf(pid);
  // Without /proc (or without the right to read it) the pid file is all there is to go by.
  return serves === undefined || isInside(serves, dataFolder) ? pid : undefined;
}

/** Whether `pid` is a live process (a zombie, dead but not yet reaped, is not). */
export async function isRunning(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat !== undefined) {
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The live processes that work in `folder` (their working directory is in it) or name it on their
 * command line: a postmaster and its backends, or an initdb still filling it.
 */
export async function processesUsing(folder: string): Promise<number[]> {
  const entries = await readdir('/proc').catch(() => [] as string[]);
  const pids = entries.map(Number).filter((pid) => Number.isInteger(pid) && pid !== process.pid);
  const using = await Promise.all(
    pids.map(async (pid) => {
      const [cwd, commandLine] = await Promise.all([
        workingDirectoryOf(pid),
        readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => ''),
      ]);
      const named = commandLine.split('\0').some((argument) => isInside(argument, folder));
      return ((cwd !== undefined && isInside(cwd, folder)) || named) && (await isRunning(pid));
    }),
  );
  return pids.filter((_, index) => using[index]);
}

export interface StopOutcome {
  /** How it went: by the first signal, by SIGKILL after it, or the server had already stopped. */
  how: 'signalled' | 'killed' | 'not running';
  /** Whether no process works in the folder any more, so that it may be removed. */
  folderFree: boolean;
}

/**
 * Stops the server whose postmaster is `pid`, by default with an immediate shutdown (SIGQUIT: no
 * last checkpoint, for a server whose folder is about to be removed anyway; 'fast' is SIGINT, which
 * checkpoints first), then SIGKILL for it and every process still using the folder if it is still
 * running after `withinMs`. Resolves once nothing uses the folder, or says that something still does.
 */
export async function stopPostmaster(
  pid: number,
  dataFolder: string,
  { mode = 'immediate', withinMs = 3000 }: { mode?: 'immediate' | 'fast'; withinMs?: number } = {},
): Promise<StopOutcome> {
  let how: StopOutcome['how'] = 'not running';
  if (await isRunning(pid)) {
    how = 'signalled';
    signal(pid, mode === 'fast' ? 'SIGINT' : 'SIGQUIT');
    if (!(await exited(pid, withinMs))) {
      how = 'killed';
      for (const user of [pid, ...(await processesUsing(dataFolder))]) signal(user, 'SIGKILL');
    }
  }
  // A postmaster waits for its backends before it exits; after a SIGKILL they notice by themselves.
  const deadline = Date.now() + 5000;
  for (;;) {
    if ((await processesUsing(dataFolder)).length === 0) return { how, folderFree: true };
    if (Date.now() >= deadline) return { how, folderFree: false };
    await pause(10);
  }
}

async function exited(pid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (await isRunning(pid)) {
    if (Date.now() >= deadline) return false;
    await pause(5);
  }
  return true;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Gone already, which is what was wanted.
  }
}

async function workingDirectoryOf(pid: number): Promise<string | undefined> {
  return readlink(`/proc/${pid}/cwd`).catch(() => undefined);
}

function isInside(path: string, folder: string): boolean {
  const target = resolve(folder);
  const candidate = resolve(path);
  return candidate === target || candidate.startsWith(`${target}/`);
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
