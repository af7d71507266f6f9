// An earlier commit of this repository, checked out beside it with its own dependencies, so the
// suite section can run that commit's lab in the same hour as today's (`npm run bench -- --only
// suite --against <commit>`): this machine's speed moves by a third from one hour to the next, so
// a figure written down in another session is no yardstick.

import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export class EarlierCheckoutError extends Error {
  override name = 'EarlierCheckoutError';
}

export interface EarlierCheckout {
  /** The commit as the report names it: its short hash, after the name it was given by. */
  readonly label: string;
  readonly root: string;
  remove(): void;
}

/** Deletes the checkout and git's record of it (git's errors ignored: it may be half made). */
function removeCheckout(repoRoot: string, root: string): void {
  const git = (...args: string[]) => {
    try {
      execFileSync('git', args, { cwd: repoRoot, stdio: 'ignore' });
    } catch {}
  };
  git('worktree', 'remove', '--force', root);
  rmSync(root, { recursive: true, force: true });
  git('worktree', 'prune');
}

/** The full hash of `revision` in the repository at `repoRoot`, or a sentence saying why not. */
export async function resolveCommit(repoRoot: string, revision: string): Promise<string> {
  try {
    const { stdout } = await run('git', ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`], {
      cwd: repoRoot,
    });
    return stdout.trim();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new EarlierCheckoutError('--against needs git, which is not installed.');
    throw new EarlierCheckoutError(
      `--against ${revision}: not a commit of this repository (a shallow clone has only its last commit; git fetch --unshallow brings the rest).`,
    );
  }
}

/**
 * Checks `commit` out in a folder of its own (a detached git worktree) and installs its locked
 * dependencies with `npm ci`; `remove()` deletes both, as does a Ctrl-C or SIGTERM before it.
 * Slow: about a minute on a fresh machine.
 */
export async function checkOutEarlier(repoRoot: string, revision: string): Promise<EarlierCheckout> {
  const commit = await resolveCommit(repoRoot, revision);
  const root = mkdtempSync(join(tmpdir(), 'lab-bench-earlier-'));
  const onSignal = (signal: NodeJS.Signals) => {
    removeCheckout(repoRoot, root);
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  const remove = () => {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    removeCheckout(repoRoot, root);
  };
  try {
    await run('git', ['worktree', 'add', '--detach', '--force', root, commit], { cwd: repoRoot });
    await run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: root,
      maxBuffer: 64 * 2 ** 20,
    }).catch((error: Error & { stderr?: string }) => {
      const last = (error.stderr ?? error.message).trim().split('\n').slice(-3).join(' ');
      throw new EarlierCheckoutError(`npm ci failed in the checkout of ${commit.slice(0, 7)}: ${last}`);
    });
  } catch (error) {
    remove();
    if (error instanceof EarlierCheckoutError) throw error;
    throw new EarlierCheckoutError(
      `could not check out ${commit.slice(0, 7)} beside this one: ${(error as Error).message}`,
    );
  }
  const short = commit.slice(0, 7);
  return { label: commit.startsWith(revision) ? short : `${revision} (${short})`, root, remove };
}
