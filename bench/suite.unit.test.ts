import { describe, expect, it } from 'vitest';
import { outcomesOf } from './suite.ts';

describe('outcomesOf', () => {
  it("reads Playwright's closing counts and counts the tests that ran to an outcome", () => {
    const output = [
      '··········×·',
      '  1) [faceid-en-US] › scenarios/journeys/push-login.spec.ts:19:3 › logging in',
      '  2 failed',
      '    [faceid-en-US] › scenarios/journeys/push-login.spec.ts:19:3 › logging in',
      '  1 flaky',
      '  4 skipped',
      '  168 passed (3.1m)',
    ].join('\n');
    expect(outcomesOf(output)).toEqual({
      summary: '2 failed, 1 flaky, 4 skipped, 168 passed (3.1m)',
      testsRun: 171,
    });
  });

  it('counts nothing when the run stopped before any test', () => {
    expect(outcomesOf('Error: No tests found.\n')).toEqual({ summary: '', testsRun: 0 });
  });
});
