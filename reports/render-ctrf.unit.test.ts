// ctrf.json carries what each test's tags claim and what its run performed, and a case file that
// could not be read as a test of status "other" (not a journey failure, but not clean either);
// the document stays valid CTRF, and a baseline comparison leaves such files out.

import { validate } from 'ctrf';
import { describe, expect, it } from 'vitest';
import { renderCtrf } from './render-ctrf.ts';
import { buildReport } from './signoff-model.ts';
import { compareRuns } from './since-baseline.ts';
import { aTestRecord, RUN_FACTS } from './test-support/signoff-records.ts';

const problem = '12:5 steps 3 (biometrics): biometrics takes pass, fail or cancel';
const claiming = aTestRecord({ covers: ['step-3', 'step-4.2'], performed: ['step-3'] });
const badCase = aTestRecord({
  project: 'cases',
  title: 'tickets/4711/case.yaml is a valid case file',
  outcome: 'failed',
  badCaseFile: { path: 'tickets/4711/case.yaml', problems: [problem, '3:1 phone: profile is missing'] },
});
const document = renderCtrf(buildReport([claiming, badCase], RUN_FACTS), '1.65.1');

describe('renderCtrf', () => {
  it('is a valid CTRF document', () => {
    const validation = validate(document);
    expect(validation.errors ?? []).toEqual([]);
  });

  it('gives each test what it claims, what it performed, and the steps it claims without performing them', () => {
    const [journey] = document.results.tests;
    expect(journey!.extra).toMatchObject({
      covers: ['step-3', 'step-4.2'],
      performed: ['step-3'],
      claimedNotPerformed: ['step-4.2'],
    });
  });

  it('has a case file that could not be read as "other", with its path and problems, not as a failure', () => {
    expect(document.results.summary).toMatchObject({ tests: 2, passed: 1, failed: 0, other: 1 });
    expect(document.results.summary.extra).toEqual({ notClean: '1 case file could not be read' });
    expect(document.results.tests[1]).toMatchObject({
      testId: 'case file › tickets/4711/case.yaml',
      name: 'The case file tickets/4711/case.yaml could not be read',
      status: 'other',
      message: problem,
      filePath: 'tickets/4711/case.yaml',
      extra: {
        badCaseFile: { path: 'tickets/4711/case.yaml', problems: [problem, '3:1 phone: profile is missing'] },
      },
    });
  });

  it('leaves case files that could not be read out of a baseline comparison', () => {
    const withoutBadCase = renderCtrf(buildReport([claiming], RUN_FACTS), '1.65.1');
    expect(compareRuns(withoutBadCase, document)).toEqual({
      newFailures: [],
      fixed: [],
      newTests: [],
      removedTests: [],
      slowerSteps: [],
    });
  });
});
