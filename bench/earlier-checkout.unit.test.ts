import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutEarlier, EarlierCheckoutError, resolveCommit } from './earlier-checkout.ts';

const ROOT = join(import.meta.dirname, '..');
const worktrees = () => execFileSync('git', ['worktree', 'list'], { cwd: ROOT, encoding: 'utf8' });

describe('an earlier commit for the suite benchmark', () => {
  it('is resolved to its full hash', async () => {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    await expect(resolveCommit(ROOT, 'HEAD')).resolves.toBe(head);
    await expect(resolveCommit(ROOT, head.slice(0, 9))).resolves.toBe(head);
  });

  it('that does not exist is refused with a sentence, and nothing is checked out', async () => {
    const before = worktrees();
    const refusal = checkOutEarlier(ROOT, 'no-such-commit-0000');
    await expect(refusal).rejects.toThrow(EarlierCheckoutError);
    await expect(refusal).rejects.toThrow(
      '--against no-such-commit-0000: not a commit of this repository (a shallow clone has only its last commit; git fetch --unshallow brings the rest).',
    );
    expect(worktrees()).toBe(before);
  });
});
