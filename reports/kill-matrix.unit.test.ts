// Which tests a fault runs against, how their outcomes become its verdict, and what the sign-off
// report says of the kill matrix.

import { describe, expect, it } from 'vitest';
import type { FaultDefinition } from '../product/index.ts';
import {
  firstErrorLine,
  judgeFault,
  type KillMatrix,
  type PlannedTest,
  type RunOutcome,
  selectTests,
  summarizeKillMatrix,
} from './kill-matrix.ts';
import { renderSignoffHtml } from './render-html.ts';
import { renderSignoffMarkdown } from './render-markdown.ts';
import { buildReport } from './signoff-model.ts';
import { aTestRecord, RUN_FACTS } from './test-support/signoff-records.ts';

const journey = (
  project: string,
  title: string,
  covers: string[],
  file = 'scenarios/journeys/a.spec.ts',
): PlannedTest => ({
  key: `${project} › ${file} › ${title}`,
  kind: 'playwright',
  project,
  locale: project.slice(-5),
  file,
  title,
  covers,
});

const TESTS = [
  journey('faceid-fr-FR', 'activates', ['step-11', 'kb2260']),
  journey('faceid-en-US', 'activates', ['step-11', 'kb2260']),
  journey('faceid-fr-FR', 'expires', ['cause-qr-expired']),
  journey('faceid-en-US', 'expires', ['cause-qr-expired']),
  journey('faceid-fr-FR', 'logs in', ['kb2260'], 'scenarios/journeys/push-login.spec.ts'),
  journey('faceid-en-US', 'logs in', ['kb2260'], 'scenarios/journeys/push-login.spec.ts'),
  { ...journey('cases', 'a case', ['step-11']), locale: 'en-US' },
  {
    key: 'reports/x.unit.test.ts',
    kind: 'vitest',
    project: 'vitest',
    locale: 'any',
    file: 'reports/x.unit.test.ts',
    title: 'reports/x.unit.test.ts',
    covers: [],
  } satisfies PlannedTest,
];

const fault = (overrides: Partial<FaultDefinition>): FaultDefinition => ({
  name: 'some-fault',
  layer: 'portal',
  breaks: ['step-11'],
  description: 'Something breaks.',
  ...overrides,
});

describe('selectTests', () => {
  it('takes the tests whose tags claim what the fault breaks, in every project, and a sample of the others', () => {
    const chosen = selectTests(fault({}), TESTS, { maxClaimed: 4, sample: 1 });
    expect(
      chosen
        .filter((test) => test.role === 'claims')
        .map((test) => test.key)
        .sort(),
    ).toEqual([TESTS[6]!.key, TESTS[1]!.key, TESTS[0]!.key].sort());
    const sample = chosen.filter((test) => test.role === 'sample');
    expect(sample).toHaveLength(1);
    expect(sample[0]!.covers).not.toContain('step-11');
    // The same sample from one run to the next.
    expect(selectTests(fault({}), TESTS, { maxClaimed: 4, sample: 1 })).toEqual(chosen);
  });

  it('keeps to the fault’s language, puts the files named to check it first, and caps the claims per project', () => {
    const chosen = selectTests(
      fault({ breaks: ['kb2260'], locale: 'fr-FR', checkedBy: ['scenarios/journeys/push-login.spec.ts'] }),
      TESTS,
      { maxClaimed: 1, sample: 0 },
    );
    expect(chosen.map((test) => test.key)).toEqual([TESTS[4]!.key]);
  });

  it('runs a report fault against its unit tests only', () => {
    const chosen = selectTests(fault({ breaks: [], checkedBy: ['reports/x.unit.test.ts'] }), TESTS, {
      maxClaimed: 4,
      sample: 3,
    });
    expect(chosen.map((test) => [test.key, test.role])).toEqual([['reports/x.unit.test.ts', 'checks']]);
  });
});

describe('judgeFault', () => {
  const selected = selectTests(fault({}), TESTS, { maxClaimed: 4, sample: 0 });
  const run = { ranAt: '2026-01-01T00:00:00Z', commit: 'abc', durationMs: 1000 };
  const outcome = (key: string, status: RunOutcome['status'], error?: string): [string, RunOutcome] => [
    key,
    { key, status, durationMs: 10, ...(error ? { error } : {}) },
  ];

  it('is caught where a test failed, with that test’s first error line, and missed where all passed', () => {
    const result = judgeFault(
      fault({}),
      selected,
      new Map([
        outcome(
          TESTS[0]!.key,
          'failed',
          '\u001b[31mError: expect(received).toBe(expected)\u001b[39m\n\n  at x.ts:3',
        ),
        outcome(TESTS[1]!.key, 'passed'),
        outcome(TESTS[6]!.key, 'passed'),
      ]),
      new Set(),
      run,
    );
    expect(result.verdict).toBe('caught');
    expect(result.caughtIn).toEqual(['fr-FR']);
    expect(result.missedIn).toEqual(['en-US']);
    expect(result.tests.find((test) => test.verdict === 'caught')?.assertion).toBe(
      'Error: expect(received).toBe(expected)',
    );
  });

  it('survives when every test passed; a test that fails without the fault, or did not run, catches nothing', () => {
    const result = judgeFault(
      fault({}),
      selected,
      new Map([outcome(TESTS[0]!.key, 'failed', 'boom'), outcome(TESTS[1]!.key, 'passed')]),
      new Set([TESTS[0]!.key]),
      run,
    );
    expect(result.verdict).toBe('survived');
    expect(result.tests.map((test) => test.verdict).sort()).toEqual(['failsAnyway', 'notRun', 'survived']);
    expect(result.missedIn).toEqual(['en-US']);
  });
});

describe('the report’s section', () => {
  const matrix: KillMatrix = {
    version: 1,
    updatedAt: '2026-01-01T00:00:00Z',
    faults: {
      'gate-never-advances': judgeFault(
        fault({ name: 'gate-never-advances' }),
        [{ ...TESTS[0]!, role: 'claims' }],
        new Map([
          [TESTS[0]!.key, { key: TESTS[0]!.key, status: 'failed', error: 'Error: timed out', durationMs: 5 }],
        ]),
        new Set(),
        { ranAt: '2026-01-01T00:00:00Z', commit: 'abc', durationMs: 5 },
      ),
      'done-does-nothing': judgeFault(
        fault({ name: 'done-does-nothing' }),
        [{ ...TESTS[1]!, role: 'claims' }],
        new Map([[TESTS[1]!.key, { key: TESTS[1]!.key, status: 'passed', durationMs: 5 }]]),
        new Set(),
        { ranAt: '2026-01-01T00:00:00Z', commit: 'abc', durationMs: 5 },
      ),
    },
  };
  const summary = summarizeKillMatrix(matrix, ['gate-never-advances', 'done-does-nothing', 'not-tried']);

  it('counts the faults caught, survived and not tried, in the catalogue’s order', () => {
    expect(summary.faults.map((row) => [row.name, row.verdict])).toEqual([
      ['gate-never-advances', 'caught'],
      ['done-does-nothing', 'survived'],
    ]);
    expect([summary.caught, summary.survived, summary.notRun]).toEqual([1, 1, ['not-tried']]);
  });

  it('shows in the HTML and the Markdown report, and not at all without a kill matrix', () => {
    const report = { ...buildReport([aTestRecord()], RUN_FACTS), wouldCatch: summary };
    const page = renderSignoffHtml(report, () => undefined);
    expect(page).toContain('What this run would catch');
    expect(page).toMatch(/data-fault="done-does-nothing" data-verdict="survived"/);
    const markdown = renderSignoffMarkdown(report);
    expect(markdown).toContain('1 of 2 faults tried were caught');
    expect(markdown).toMatch(/\| done-does-nothing \| portal \| step-11 \| \*\*survived\*\*/);
    expect(renderSignoffMarkdown(buildReport([aTestRecord()], RUN_FACTS))).not.toContain('would catch');
  });

  it('takes the first line of an error that is not a stack frame', () => {
    expect(firstErrorLine('\n   at foo (x.ts:1)\nError: nope')).toBe('Error: nope');
    expect(firstErrorLine(undefined)).toBeUndefined();
  });
});
