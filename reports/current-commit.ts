// The commit a report was made from, as both reports name it (the sign-off report and the kill matrix).

import { execFileSync } from 'node:child_process';

/** The short commit of HEAD, saying so when tracked files have changed since; never throws. */
export function currentCommit(root: string): string {
  try {
    const git = (args: string[]) =>
      execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const commit = git(['rev-parse', '--short=12', 'HEAD']);
    return git(['status', '--porcelain', '--untracked-files=no'])
      ? `${commit} (with uncommitted changes)`
      : commit;
  } catch {
    return 'unknown (not a git checkout)';
  }
}
