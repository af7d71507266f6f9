// A PostgreSQL server started in a session of its own outlives whoever started it. Its keeper
// does not let it: a small shell in the starting process's group that ignores the group's signals
// (they are for the process, which stops the server itself, in order) and reads a pipe from it.
// When the pipe closes without the word "stopped" (the process died: a SIGKILL of it alone, an
// uncaught exception, a test runner interrupted before its teardown), the keeper ends the server
// (immediate shutdown) and removes its folder. Only a SIGKILL of the whole group takes the keeper
// too; then the next start of an embedded store finds the orphan. Linux (/proc).

import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

// $1 is the data folder. The server's pid is read when needed (a restart changes it), and a pid is
// signalled only if that process works in the folder (never a process that took a reused pid).
const KEEPER_SCRIPT = `
trap '' INT TERM HUP
while IFS= read -r line; do [ "$line" = stopped ] && exit 0; done
folder=$1
pid=$(head -n 1 "$folder/postmaster.pid" 2>/dev/null)
if [ -n "$pid" ]; then
  [ "$(readlink "/proc/$pid/cwd")" = "$(cd "$folder" && pwd -P)" ] || exit 0
  kill -QUIT "$pid" 2>/dev/null
  alive() { [ -r "/proc/$pid/status" ] && ! grep -qs '^State:[[:space:]]*[ZX]' "/proc/$pid/status"; }
  i=0
  while alive && [ "$i" -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
  alive && exit 0
fi
rm -rf "$folder"
`;

export interface PostgresKeeper {
  /** Tells the keeper the server is being stopped by its owner, and waits for it to go. */
  dismiss(): Promise<void>;
}

/** Starts the keeper of the server running in `dataFolder`, bound to this process's life. */
export function keepWithThisProcess(dataFolder: string): PostgresKeeper {
  let keeper: ChildProcess;
  try {
    keeper = spawn('/bin/sh', ['-c', KEEPER_SCRIPT, 'ibkey-lab-postgres-keeper', dataFolder], {
      stdio: ['pipe', 'ignore', 'ignore'],
    });
  } catch {
    // No shell: the next start still stops an orphan.
    return { dismiss: async () => {} };
  }
  keeper.on('error', () => {});
  keeper.stdin?.on('error', () => {});
  // The keeper must never be what keeps this process alive.
  keeper.unref();
  (keeper.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return {
    async dismiss() {
      if (keeper.exitCode !== null || keeper.signalCode !== null) return;
      const gone = once(keeper, 'exit');
      keeper.stdin?.end('stopped\n');
      const tooLong = setTimeout(() => keeper.kill('SIGKILL'), 1000);
      await gone;
      clearTimeout(tooLong);
    },
  };
}
