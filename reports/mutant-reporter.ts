// The reporter of `npm run mutants`' Playwright runs: writes the tests the run had (with
// `--list`: the tests there are to choose from) and how each ended, with the first error and
// where it was raised, to the file LAB_MUTANT_OUTPUT names. The runner (run-mutants.ts) reads it.

import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Reporter, Suite, TestCase } from '@playwright/test/reporter';
import { coverageOf } from './article-coverage.ts';
import type { PlannedTest, RunOutcome } from './kill-matrix.ts';
import { testKeyOf } from './signoff-model.ts';

export interface MutantRunFile {
  tests: PlannedTest[];
  outcomes: RunOutcome[];
}

const ROOT = new URL('..', import.meta.url).pathname;

/** The spec file a test belongs to (a case is declared by a helper module, but lives in its spec). */
function specFileOf(test: TestCase): string {
  let suite: Suite | undefined = test.parent;
  while (suite && suite.type !== 'file') suite = suite.parent;
  return relative(ROOT, suite?.location?.file ?? test.location.file);
}

function plannedTest(test: TestCase): PlannedTest {
  const project = test.parent.project();
  const use = (project?.use ?? {}) as { locale?: string };
  return {
    key: testKeyOf(test),
    kind: 'playwright',
    project: project?.name ?? '',
    locale: use.locale ?? '',
    file: specFileOf(test),
    title: test.title,
    covers: coverageOf(test.tags),
  };
}

function outcomeOf(test: TestCase): RunOutcome | undefined {
  const result = test.results.at(-1);
  if (!result || result.status === 'interrupted') return undefined;
  const outcome = test.outcome();
  if (outcome === 'skipped') return { key: testKeyOf(test), status: 'skipped', durationMs: result.duration };
  if (outcome === 'expected' || outcome === 'flaky')
    return { key: testKeyOf(test), status: 'passed', durationMs: result.duration };
  const error = result.errors[0];
  const where = error?.location ? ` (${relative(ROOT, error.location.file)}:${error.location.line})` : '';
  const message =
    error?.message ??
    (test.expectedStatus === 'failed'
      ? 'it is expected to fail, but it passed'
      : `it ended ${result.status}`);
  return {
    key: testKeyOf(test),
    status: 'failed',
    error: `${message.split('\n')[0]}${where}\n${message}`,
    durationMs: result.duration,
  };
}

export default class MutantReporter implements Reporter {
  #suite?: Suite;

  onBegin(_config: unknown, suite: Suite): void {
    this.#suite = suite;
  }

  onEnd(): void {
    const output = process.env.LAB_MUTANT_OUTPUT;
    if (!output || !this.#suite) return;
    const tests = this.#suite.allTests();
    const file: MutantRunFile = {
      tests: tests.map(plannedTest),
      outcomes: tests.flatMap((test) => outcomeOf(test) ?? []),
    };
    writeFileSync(output, `${JSON.stringify(file)}\n`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
