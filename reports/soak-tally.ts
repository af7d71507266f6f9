// The tally of a soak run (`npm run soak -- N`): every test run N times, counted per test, so a
// test that sometimes fails (flaky) stands apart from one that always fails (broken).

import { medianOf } from './signoff-model.ts';

export interface SoakOutcome {
  /** project › file › title: one test, whatever its repetition. */
  key: string;
  status: 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';
  durationMs: number;
  error?: string;
}

export interface SoakTest {
  key: string;
  runs: number;
  passed: number;
  failed: number;
  skipped: number;
  medianMs: number;
  /** The first error of each distinct kind, for the person reading the list. */
  errors: string[];
}

export interface SoakTally {
  repeats: number;
  runs: number;
  passed: number;
  failed: number;
  skipped: number;
  flaky: SoakTest[];
  broken: SoakTest[];
  tests: SoakTest[];
}

/** The runs counted per test; how many times each test ran is read from the runs themselves. */
export function tallySoak(outcomes: SoakOutcome[]): SoakTally {
  const byTest = new Map<string, SoakOutcome[]>();
  for (const outcome of outcomes) byTest.set(outcome.key, [...(byTest.get(outcome.key) ?? []), outcome]);
  const tests = [...byTest].map(([key, runs]): SoakTest => {
    const failures = runs.filter((run) => run.status !== 'passed' && run.status !== 'skipped');
    const firstLines = failures.map((run) => (run.error ?? run.status).split('\n')[0]!.slice(0, 300));
    return {
      key,
      runs: runs.length,
      passed: runs.filter((run) => run.status === 'passed').length,
      failed: failures.length,
      skipped: runs.filter((run) => run.status === 'skipped').length,
      medianMs: medianOf(runs.filter((run) => run.status === 'passed').map((run) => run.durationMs)),
      errors: [...new Set(firstLines)],
    };
  });
  const count = (field: 'passed' | 'failed' | 'skipped') => tests.reduce((sum, test) => sum + test[field], 0);
  return {
    // --repeat-each N runs every test N times: the most runs of any test (a skipped project has none).
    repeats: Math.max(0, ...tests.map((test) => test.runs)),
    runs: outcomes.length,
    passed: count('passed'),
    failed: count('failed'),
    skipped: count('skipped'),
    flaky: tests.filter((test) => test.failed > 0 && test.passed > 0),
    broken: tests.filter((test) => test.failed > 0 && test.passed === 0),
    tests,
  };
}

export function describeSoak(tally: SoakTally): string {
  const lines = [
    `Soak: ${tally.tests.length} tests x ${tally.repeats} = ${tally.runs} runs: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped.`,
    `Flaky (failed some runs, passed others): ${tally.flaky.length}. Broken (failed every run): ${tally.broken.length}.`,
  ];
  for (const [label, tests] of [
    ['flaky', tally.flaky],
    ['broken', tally.broken],
  ] as const) {
    for (const test of tests) {
      lines.push(`  ${label}: ${test.key}: failed ${test.failed} of ${test.runs}`);
      for (const error of test.errors) lines.push(`    ${error}`);
    }
  }
  return lines.join('\n');
}
