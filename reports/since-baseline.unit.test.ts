// What the report says changed since a baseline run, from hand-made CTRF documents: what must be
// flagged, what must not (noise, unchanged outcomes, other tests' steps), and a baseline file
// that cannot be used said in one sentence naming it.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CTRFReport, calculateSummary } from 'ctrf';
import { afterAll, describe, expect, it } from 'vitest';
import { renderCtrf } from './render-ctrf.ts';
import { buildReport } from './signoff-model.ts';
import { compareRuns, readBaseline, sinceBaseline } from './since-baseline.ts';
import { aTestRecord, RUN_FACTS } from './test-support/signoff-records.ts';

type Status = 'passed' | 'failed' | 'skipped';
type StepSpec = [name: string, durationMs: number, status?: Status];

const DENY = 'faceid-en-US › journeys/push-login.spec.ts › logging in › Deny';
const DENY_FR = 'faceid-fr-FR › journeys/push-login.spec.ts › logging in › Deny';
const SCAN = 'faceid-en-US › journeys/qr.spec.ts › scans twice';

function ctrfTest(key: string, status: Status, steps: StepSpec[] = []) {
  return {
    testId: key,
    name: key.split(' › ').slice(2).join(' › '),
    status,
    duration: 1000,
    parameters: { project: key.split(' › ')[0] },
    steps: steps.map(([name, durationMs, stepStatus = 'passed']) => ({
      name,
      status: stepStatus,
      extra: { durationMs },
    })),
  };
}

function ctrf(tests: ReturnType<typeof ctrfTest>[], commit = 'abc123'): CTRFReport {
  return {
    reportFormat: 'CTRF',
    specVersion: '0.0.0',
    timestamp: '2025-03-14T09:30:00.000Z',
    results: {
      tool: { name: 'playwright' },
      summary: calculateSummary(tests, { start: 0, stop: 1 }),
      tests,
      environment: { commit },
    },
  };
}

const names = (list: { key: string }[]) => list.map((test) => test.key);

describe('compareRuns', () => {
  it('flags a test that failed now and passed before, and one fixed since, matched by project and title', () => {
    const changes = compareRuns(
      ctrf([ctrfTest(DENY, 'passed'), ctrfTest(DENY_FR, 'failed')]),
      ctrf([ctrfTest(DENY, 'failed'), ctrfTest(DENY_FR, 'passed')]),
    );
    expect(names(changes.newFailures)).toEqual([DENY]);
    expect(names(changes.fixed)).toEqual([DENY_FR]);
    expect(changes.newFailures[0]).toMatchObject({ name: 'logging in › Deny', project: 'faceid-en-US' });
  });

  it('does not flag unchanged outcomes, nor a failure after a skip, nor a skip after a failure', () => {
    const key = (title: string) => `faceid-en-US › x.spec.ts › ${title}`;
    const changes = compareRuns(
      ctrf([
        ctrfTest(key('a'), 'passed'),
        ctrfTest(key('b'), 'failed'),
        ctrfTest(key('c'), 'skipped'),
        ctrfTest(key('d'), 'failed'),
      ]),
      ctrf([
        ctrfTest(key('a'), 'passed'),
        ctrfTest(key('b'), 'failed'),
        ctrfTest(key('c'), 'failed'),
        ctrfTest(key('d'), 'skipped'),
      ]),
    );
    expect(changes).toEqual({ newFailures: [], fixed: [], newTests: [], removedTests: [], slowerSteps: [] });
  });

  it('lists new and removed tests, and a new failing test only as new', () => {
    const changes = compareRuns(ctrf([ctrfTest(DENY, 'passed')]), ctrf([ctrfTest(DENY_FR, 'failed')]));
    expect(names(changes.newTests)).toEqual([DENY_FR]);
    expect(names(changes.removedTests)).toEqual([DENY]);
    expect(changes.newFailures).toEqual([]);
  });

  it('flags a step that now takes at least twice as long', () => {
    const changes = compareRuns(
      ctrf([ctrfTest(DENY, 'passed', [['tap Deny', 200]])]),
      ctrf([ctrfTest(DENY, 'passed', [['tap Deny', 400]])]),
    );
    expect(changes.slowerSteps).toEqual([
      {
        key: DENY,
        name: 'logging in › Deny',
        project: 'faceid-en-US',
        step: 'tap Deny',
        beforeMs: 200,
        nowMs: 400,
      },
    ]);
  });

  it('does not flag a step under twice as long, a short step’s noise, a new step or a failing step', () => {
    const changes = compareRuns(
      ctrf([
        ctrfTest(DENY, 'passed', [
          ['tap Deny', 200],
          ['see the alert', 10],
          ['wait for the portal', 300],
        ]),
      ]),
      ctrf([
        ctrfTest(DENY, 'failed', [
          ['tap Deny', 399],
          ['see the alert', 90],
          ['open the app', 5000],
          ['wait for the portal', 9000, 'failed'],
        ]),
      ]),
    );
    expect(changes.slowerSteps).toEqual([]);
  });

  it('counts a short step’s time as 50 ms: from 10 ms it is slower at 100 ms', () => {
    const changes = compareRuns(
      ctrf([ctrfTest(DENY, 'passed', [['see the alert', 10]])]),
      ctrf([ctrfTest(DENY, 'passed', [['see the alert', 100]])]),
    );
    expect(changes.slowerSteps.map((step) => step.step)).toEqual(['see the alert']);
  });

  it('compares a repeated step with the same repetition, and never with another test’s step', () => {
    const changes = compareRuns(
      ctrf([
        ctrfTest(SCAN, 'passed', [
          ['scan the QR', 900],
          ['scan the QR', 100],
        ]),
        ctrfTest(DENY, 'passed', [['scan the QR', 100]]),
      ]),
      ctrf([
        ctrfTest(SCAN, 'passed', [
          ['scan the QR', 900],
          ['scan the QR', 250],
        ]),
        ctrfTest(DENY, 'passed', [['scan the QR', 150]]),
      ]),
    );
    expect(changes.slowerSteps.map((step) => [step.key, step.step])).toEqual([[SCAN, 'scan the QR #2']]);
  });
});

describe('the CTRF document the lab writes', () => {
  const document = (durationMs: number) =>
    renderCtrf(
      buildReport(
        ['faceid-en-US', 'faceid-fr-FR'].map((project) =>
          aTestRecord({ project, steps: [{ title: 'tap Deny', durationMs }] }),
        ),
        RUN_FACTS,
      ),
      '1.0',
    );

  it('carries each test’s key and its steps’ durations, so a later run can compare with it', () => {
    const tests = document(120).results.tests;
    expect(tests.map((test) => test.testId)).toEqual([
      'faceid-en-US › journeys/push-login.spec.ts › logging in after activation › Deny: the portal says the login was refused',
      'faceid-fr-FR › journeys/push-login.spec.ts › logging in after activation › Deny: the portal says the login was refused',
    ]);
    expect(tests[0]!.steps).toEqual([{ name: 'tap Deny', status: 'passed', extra: { durationMs: 120 } }]);
    expect(compareRuns(document(120), document(500)).slowerSteps).toHaveLength(2);
    expect(compareRuns(document(120), document(120)).slowerSteps).toEqual([]);
  });
});

describe('readBaseline', () => {
  const folder = mkdtempSync(join(tmpdir(), 'baseline-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const file = join(folder, name);
    writeFileSync(file, text);
    return file;
  };
  const oneSentenceNaming = (file: string) => new RegExp(`^The baseline ${file} [^\\n]+\\.$`);

  it('reads a CTRF document whose tests have their keys', () => {
    const file = write('good.json', JSON.stringify(ctrf([ctrfTest(DENY, 'passed')])));
    expect(readBaseline(file)).toEqual({ document: ctrf([ctrfTest(DENY, 'passed')]) });
    expect(sinceBaseline(file, ctrf([ctrfTest(DENY, 'failed')]))).toMatchObject({
      file,
      commit: 'abc123',
      timestamp: '2025-03-14T09:30:00.000Z',
      changes: { newFailures: [{ key: DENY }] },
    });
  });

  it.each([
    ['a missing file', () => join(folder, 'missing.json'), /does not exist/],
    ['a file that is not JSON', () => write('broken.json', '{"reportFormat": "CTRF",'), /is not JSON/],
    [
      'JSON that is not CTRF',
      () => write('other.json', JSON.stringify({ suites: [] })),
      /is not a CTRF document \(.*required property/,
    ],
    [
      'CTRF written before tests had keys',
      () => {
        const { testId: _key, ...old } = ctrfTest(DENY, 'passed');
        return write('old.json', JSON.stringify(ctrf([old as ReturnType<typeof ctrfTest>])));
      },
      /has tests without a testId/,
    ],
  ])('says in one sentence naming the file why %s cannot be compared with', (_case, makeFile, reason) => {
    const file = makeFile();
    const read = readBaseline(file);
    expect(read).toEqual({ problem: expect.stringMatching(oneSentenceNaming(file)) });
    expect('problem' in read && read.problem).toMatch(reason);
    expect(sinceBaseline(file, ctrf([]))).toEqual({ file, problem: (read as { problem: string }).problem });
  });
});
