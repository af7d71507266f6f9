// A journey's timeline reads as its tasks: the bare `Expect "toBe"` steps Playwright records
// between them are folded into the task they check, unless one fails, which then shows as the
// failing step, titled with what it checks. Coverage counts what a run performed, not what its
// tags claim; a case file that could not be read is listed on its own, never as a journey.

import type { TestCase, TestResult, TestStep } from '@playwright/test/reporter';
import { describe, expect, it } from 'vitest';
import { EVIDENCE_STEP } from './lab-overhead.ts';
import {
  buildReport,
  checkTitle,
  countsFor,
  parseBadCaseFile,
  recordTest,
  runProblems,
  type TestRecord,
  timelineOf,
  unperformedStepsOf,
} from './signoff-model.ts';
import { aTestRecord, RUN_FACTS } from './test-support/signoff-records.ts';

type StepSpec = Pick<TestStep, 'title' | 'category' | 'duration'> &
  Partial<Pick<TestStep, 'params' | 'error'>> & { inner?: StepSpec[]; picture?: string };

const task = (title: string, duration: number): StepSpec => ({ title, category: 'test.step', duration });
const check = (title: string, duration: number, params: TestStep['params'] = {}): StepSpec => ({
  title,
  category: 'expect',
  duration,
  params,
});
const ESC = String.fromCharCode(27);

/**
 * A step as the reporter sees it: a task runs its inner tasks, then takes both screens in its
 * "capture evidence" step, which holds a picture per screen (as actors.ts attaches them). The
 * pictures hold `picture` (else the task's title) and the screen's name.
 */
function stepOf(spec: StepSpec): TestStep {
  const { inner = [], picture = spec.title, ...step } = spec;
  if (step.category !== 'test.step') return { steps: [], attachments: [], ...step } as unknown as TestStep;
  const screenshot = (screen: 'portal' | 'phone') => ({
    name: `${spec.title} · ${screen}`,
    contentType: 'image/png',
    body: Buffer.from(`${picture} ${screen}`),
  });
  const capture = {
    title: EVIDENCE_STEP,
    category: 'test.step',
    steps: [],
    attachments: [screenshot('portal'), screenshot('phone')],
  };
  return { ...step, attachments: [], steps: [...inner.map(stepOf), capture] } as unknown as TestStep;
}

/** A TestResult with these top-level steps; every attachment is also the result's, in order. */
function resultWith(steps: StepSpec[]): TestResult {
  const tree = steps.map(stepOf);
  const all = (step: TestStep): TestStep['attachments'] => [...step.attachments, ...step.steps.flatMap(all)];
  return { steps: tree, attachments: tree.flatMap(all) } as unknown as TestResult;
}

describe('timelineOf', () => {
  it('folds a passing check into the task before it: its time added, what it checked listed', () => {
    const steps = timelineOf(
      resultWith([
        task('tap Deny', 300),
        check('Expect "toBe"', 1, { expected: 'Denied' }),
        check('Expect "toHaveText"', 120, { locator: "getByTestId('status')", expected: 'Login refused' }),
        task('log out', 50),
      ]),
    );
    expect(steps.map(({ title, durationMs, checks }) => ({ title, durationMs, checks }))).toEqual([
      {
        title: 'tap Deny',
        durationMs: 421,
        checks: [
          'check: expect(…).toBe("Denied")',
          `check: expect(getByTestId('status')).toHaveText("Login refused")`,
        ],
      },
      { title: 'log out', durationMs: 50, checks: undefined },
    ]);
    expect(steps[0]!.portal?.body?.toString()).toBe('tap Deny portal');
  });

  it("shows each task's own pictures, not those an inner task of the same name took earlier", () => {
    const steps = timelineOf(
      resultWith([
        {
          ...task('activate IB Key', 2000),
          picture: 'login page after log out',
          inner: [{ ...task('log in to the Client Portal', 300), picture: 'activation gate' }],
        },
        { ...task('log in to the Client Portal', 400), picture: 'check your phone' },
      ]),
    );
    expect(
      steps.map((step) => [step.title, step.portal?.body?.toString(), step.phone?.body?.toString()]),
    ).toEqual([
      ['activate IB Key', 'login page after log out portal', 'login page after log out phone'],
      ['log in to the Client Portal', 'check your phone portal', 'check your phone phone'],
    ]);
  });

  it('keeps a failing check as the failing step, titled with what it checks, its error without colours', () => {
    const steps = timelineOf(
      resultWith([
        task('tap Approve', 300),
        {
          ...check('Expect "toBe"', 2, { expected: 'Approved' }),
          error: { message: `expect(received).toBe(expected)\n\nExpected: ${ESC}[32m"Approved"${ESC}[39m` },
        },
      ]),
    );
    expect(steps.map((step) => step.title)).toEqual(['tap Approve', 'check: expect(…).toBe("Approved")']);
    expect(steps[0]).toMatchObject({ durationMs: 300, error: undefined });
    expect(steps[1]!.error).toBe('expect(received).toBe(expected)\n\nExpected: "Approved"');
  });

  it('keeps a check that comes before any task as a step of its own', () => {
    const steps = timelineOf(
      resultWith([check('Expect "toHaveLength"', 3, { expected: 1 }), task('scan', 90)]),
    );
    expect(steps.map((step) => step.title)).toEqual(['check: expect(…).toHaveLength(1)', 'scan']);
  });

  it('leaves fixtures, hooks and API calls out unless they failed', () => {
    const steps = timelineOf(
      resultWith([
        { title: 'Before Hooks', category: 'hook', duration: 900 },
        task('scan', 90),
        { title: 'After Hooks', category: 'hook', duration: 40, error: { message: 'teardown failed' } },
      ]),
    );
    expect(steps.map((step) => step.title)).toEqual(['scan', 'After Hooks']);
  });
});

describe('checkTitle', () => {
  it('reads as the check was written: poll, soft and not, the locator, a short expected value', () => {
    expect(checkTitle('Expect "poll toHaveLength"', { expected: 1 })).toBe(
      'check: expect.poll(…).toHaveLength(1)',
    );
    expect(checkTitle('Expect "soft toBe"', { expected: true })).toBe('check: expect.soft(…).toBe(true)');
    expect(checkTitle('Expect "not toHaveText"', { locator: "getByRole('alert')", expected: 'x' })).toBe(
      `check: expect(getByRole('alert')).not.toHaveText("x")`,
    );
    expect(checkTitle('Expect "toBeTruthy"')).toBe('check: expect(…).toBeTruthy()');
    expect(checkTitle('Expect "toBe"', { expected: 'a'.repeat(100) })).toBe(
      `check: expect(…).toBe("${'a'.repeat(59)}…)`,
    );
  });

  it('keeps the message a test gave its check', () => {
    expect(checkTitle('the portal says the login was refused', { expected: 'x' })).toBe(
      'the portal says the login was refused',
    );
  });
});

/** A Playwright TestCase as the reporter sees it, with the annotations a run and its spec left. */
function aTestCase({
  title = 'activates when IBKR Mobile is already installed @step-3 @step-4.2 @kb2260',
  tags = ['@step-3', '@step-4.2', '@kb2260'],
  staticAnnotations = [] as TestCase['annotations'],
  runAnnotations = [] as TestResult['annotations'],
} = {}): TestCase {
  const result = {
    annotations: runAnnotations,
    attachments: [],
    steps: [],
    errors: [],
    duration: 1000,
    startTime: new Date('2025-03-14T09:26:53.589Z'),
  } as unknown as TestResult;
  return {
    title,
    tags,
    annotations: staticAnnotations,
    results: [result],
    location: { file: '/lab/scenarios/journeys/activation.spec.ts', line: 1, column: 1 },
    outcome: () => 'expected',
    titlePath: () => ['', 'faceid-en-US', 'journeys/activation.spec.ts', title],
    parent: { project: () => ({ name: 'faceid-en-US', use: { locale: 'en-US' } }) },
  } as unknown as TestCase;
}

describe('recordTest', () => {
  it('records the steps the run performed, from the run’s and the test’s annotations, once each', () => {
    const record = recordTest(
      aTestCase({
        staticAnnotations: [{ type: 'performed', description: 'step-3' }],
        runAnnotations: [
          { type: 'performed', description: 'step-3' },
          { type: 'performed', description: 'step-4.2' },
          { type: 'covers', description: 'step-11' },
        ],
      }),
      '4711',
    );
    expect(record.covers).toEqual(['step-3', 'step-4.2', 'kb2260']);
    expect(record.performed).toEqual(['step-3', 'step-4.2']);
    expect(record.badCaseFile).toBeUndefined();
  });

  it('reads a case file that could not be read from its annotation', () => {
    const problems = ['12:5 steps 3 (biometrics): biometrics takes pass, fail or cancel'];
    const record = recordTest(
      aTestCase({
        title: 'tickets/4711/case.yaml is a valid case file',
        tags: [],
        staticAnnotations: [
          {
            type: 'bad-case-file',
            description: JSON.stringify({ path: 'tickets/4711/case.yaml', problems }),
          },
        ],
      }),
      '4711',
    );
    expect(record.badCaseFile).toEqual({ path: 'tickets/4711/case.yaml', problems });
  });
});

describe('parseBadCaseFile', () => {
  it('keeps a description that is not the expected JSON as the one problem, so the file still shows', () => {
    expect(parseBadCaseFile('case.yaml: not YAML')).toEqual({
      path: 'a case file',
      problems: ['case.yaml: not YAML'],
    });
    expect(parseBadCaseFile('{"path": "a.yaml", "problems": "one"}')).toEqual({
      path: 'a.yaml',
      problems: [],
    });
  });
});

describe('coverage from what a run performed', () => {
  const activation = (overrides: Partial<TestRecord>) =>
    aTestRecord({ title: 'activates', covers: ['step-3', 'step-4.2', 'kb2260'], ...overrides });
  const entryOf = (report: ReturnType<typeof buildReport>, id: string) =>
    report.coverage.find((entry) => entry.item.id === id)!;

  it('counts an article step only for a test tagged with it whose run performed it', () => {
    const report = buildReport(
      [
        activation({ performed: ['step-3'] }),
        aTestRecord({ title: 'did step 9 untagged', covers: [], performed: ['step-9'] }),
      ],
      RUN_FACTS,
    );
    expect(entryOf(report, 'step-3')).toMatchObject({
      coveredBy: ['activates'],
      passing: true,
      claimedBy: [],
    });
    // Tagged, not performed: a gap, and the claim is named.
    expect(entryOf(report, 'step-4.2')).toMatchObject({ coveredBy: [], claimedBy: ['activates'] });
    // Performed, not tagged: no cover either.
    expect(entryOf(report, 'step-9')).toMatchObject({ coveredBy: [], claimedBy: [] });
  });

  it('counts a cause or a KB article by its tag, or by a run that says it performed it', () => {
    const report = buildReport(
      [
        activation({ performed: [] }),
        aTestRecord({ title: 'used QR', covers: [], performed: ['cause-qr-used'] }),
      ],
      RUN_FACTS,
    );
    expect(entryOf(report, 'kb2260').coveredBy).toEqual(['activates']);
    expect(entryOf(report, 'cause-qr-used').coveredBy).toEqual(['used QR']);
  });

  it('lists the passed and flaky tests that claim steps their run did not perform, not those that stopped early', () => {
    const report = buildReport(
      [
        activation({ project: 'faceid-en-US', performed: ['step-3'] }),
        activation({ project: 'touchid-fr-FR', outcome: 'flaky', performed: [] }),
        activation({ project: 'passcode-en-US', outcome: 'failed', performed: [] }),
        activation({ project: 'passcode-fr-FR', outcome: 'skipped', performed: [] }),
        activation({ project: 'faceid-fr-FR', performed: ['step-3', 'step-4.2'] }),
      ],
      RUN_FACTS,
    );
    expect(report.unperformedClaims).toEqual([
      {
        key: expect.stringMatching(/^faceid-en-US › /),
        title: 'activates',
        project: 'faceid-en-US',
        phone: 'iPhone 15 (Face ID)',
        locale: 'en-US',
        steps: ['step-4.2'],
      },
      {
        key: expect.stringMatching(/^touchid-fr-FR › /),
        title: 'activates',
        project: 'touchid-fr-FR',
        phone: 'iPhone SE (Touch ID)',
        locale: 'fr-FR',
        steps: ['step-3', 'step-4.2'],
      },
    ]);
    expect(unperformedStepsOf({ covers: ['step-3', 'kb2260'], performed: [] })).toEqual(['step-3']);
    expect(countsFor({ covers: ['step-3'], performed: ['step-3'] }, 'step-3')).toBe(true);
  });
});

describe('case files that could not be read', () => {
  const bad = (path: string, problems: string[], project = 'cases') =>
    aTestRecord({
      project,
      file: 'cases/customer-cases.spec.ts',
      journey: path,
      title: `${path} is a valid case file`,
      covers: [],
      outcome: 'failed',
      error: problems.join('\n'),
      badCaseFile: { path, problems },
    });

  it('are no journeys: not in the totals, the matrix or the tests, but in a list of their own, one entry a file', () => {
    const report = buildReport(
      [
        aTestRecord({ project: 'cases' }),
        bad('tickets/4711/case.yaml', ['12:5 steps 3 (biometrics): biometrics takes pass, fail or cancel']),
        bad('tickets/4711/case.yaml', ['3:1 phone: profile is missing']),
        bad('/tmp/other.yml', ['1:1 not YAML']),
      ],
      RUN_FACTS,
    );
    expect(report.totals).toEqual({ total: 1, passed: 1, failed: 0, flaky: 0, skipped: 0 });
    expect(report.tests).toHaveLength(1);
    expect(report.rows.map((row) => row.title)).toEqual([aTestRecord().title]);
    expect(report.badCaseFiles).toEqual([
      { path: '/tmp/other.yml', problems: ['1:1 not YAML'] },
      {
        path: 'tickets/4711/case.yaml',
        problems: [
          '12:5 steps 3 (biometrics): biometrics takes pass, fail or cancel',
          '3:1 phone: profile is missing',
        ],
      },
    ]);
  });

  it('keep the run from being clean, worded once for every rendering', () => {
    const oneBad = buildReport([aTestRecord(), bad('case.yaml', ['1:1 x'])], RUN_FACTS);
    expect(runProblems(oneBad)).toEqual(['1 case file could not be read']);
    const worse = buildReport(
      [aTestRecord({ outcome: 'failed' }), bad('a.yaml', ['1:1 x']), bad('b.yaml', ['1:1 y'])],
      RUN_FACTS,
    );
    expect(runProblems(worse)).toEqual(['1 failed', '2 case files could not be read']);
    expect(runProblems(buildReport([aTestRecord()], RUN_FACTS))).toEqual([]);
  });
});

describe('lab overhead', () => {
  it('gives the median overhead of the tests that ran to the end, and none when no test did', () => {
    const report = buildReport(
      [
        aTestRecord({ title: 'a', overheadMs: 300 }),
        aTestRecord({ title: 'b', overheadMs: 900 }),
        aTestRecord({ title: 'c', overheadMs: 500, outcome: 'flaky' }),
        aTestRecord({ title: 'd', overheadMs: 9000, outcome: 'failed' }),
      ],
      RUN_FACTS,
    );
    expect(report.overheadMedianMs).toBe(500);
    expect(buildReport([aTestRecord({ outcome: 'failed', overheadMs: 1 })], RUN_FACTS).overheadMedianMs).toBe(
      undefined,
    );
  });
});

describe('the matrix', () => {
  it('shows each test in its own cell with its own outcome: a failed test as failed, a skipped one as skipped', () => {
    const report = buildReport(
      [
        aTestRecord({ project: 'faceid-fr-FR', outcome: 'failed' }),
        aTestRecord({ project: 'faceid-en-US' }),
        aTestRecord({ project: 'passcode-fr-FR', outcome: 'skipped' }),
        aTestRecord({ project: 'touchid-en-US', outcome: 'flaky' }),
      ],
      RUN_FACTS,
    );
    expect(report.rows).toHaveLength(1);
    const outcomes = Object.fromEntries(
      Object.entries(report.rows[0]!.cells).map(([column, cell]) => [column, cell.outcome]),
    );
    expect(outcomes).toEqual({
      'Face ID · fr-FR': 'failed',
      'Face ID · en-US': 'passed',
      'Passcode · fr-FR': 'skipped',
      'Touch ID · en-US': 'flaky',
    });
    expect(report.rows[0]!.cells['Face ID · fr-FR']!.key).toBe(aTestRecord({ project: 'faceid-fr-FR' }).key);
  });
});
