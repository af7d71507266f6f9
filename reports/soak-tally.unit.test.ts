import { describe, expect, it } from 'vitest';
import { describeSoak, type SoakOutcome, tallySoak } from './soak-tally.ts';

const run = (key: string, status: SoakOutcome['status'], durationMs = 1000, error?: string): SoakOutcome => ({
  key,
  status,
  durationMs,
  ...(error ? { error } : {}),
});

describe('the soak tally', () => {
  const tally = tallySoak([
    run('a', 'passed', 1000),
    run('a', 'passed', 3000),
    run('a', 'passed', 2000),
    run('b', 'passed'),
    run('b', 'failed', 5000, 'Expected "Welcome"\n  at spec.ts:12'),
    run('b', 'timedOut', 90_000),
    run('c', 'failed', 100, 'boom'),
    run('c', 'failed', 100, 'boom'),
    run('c', 'failed', 100, 'boom'),
    run('d', 'skipped', 0),
    run('d', 'skipped', 0),
    run('d', 'skipped', 0),
  ]);

  it('tells flaky tests (some runs failed) from broken ones (every run failed)', () => {
    expect(tally.flaky.map((test) => test.key)).toEqual(['b']);
    expect(tally.broken.map((test) => test.key)).toEqual(['c']);
    expect(tally).toMatchObject({ repeats: 3, runs: 12, passed: 4, failed: 5, skipped: 3 });
  });

  it("keeps each failure's first line once, and the median of the passed runs", () => {
    const b = tally.tests.find((test) => test.key === 'b')!;
    expect(b.errors).toEqual(['Expected "Welcome"', 'timedOut']);
    expect(tally.tests.find((test) => test.key === 'c')!.errors).toEqual(['boom']);
    expect(tally.tests.find((test) => test.key === 'a')!.medianMs).toBe(2000);
  });

  it('says it in a few lines', () => {
    const text = describeSoak(tally);
    expect(text).toContain('Soak: 4 tests x 3 = 12 runs: 4 passed, 5 failed, 3 skipped.');
    expect(text).toContain('Flaky (failed some runs, passed others): 1. Broken (failed every run): 1.');
    expect(text).toContain('  flaky: b: failed 2 of 3');
    expect(text).toContain('  broken: c: failed 3 of 3');
  });

  it('counts nothing flaky when every run passed', () => {
    const clean = tallySoak([run('a', 'passed'), run('a', 'passed')]);
    expect(clean.repeats).toBe(2);
    expect(clean.flaky).toEqual([]);
    expect(describeSoak(clean)).toContain('Flaky (failed some runs, passed others): 0.');
  });
});
