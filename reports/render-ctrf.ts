// The run as a CTRF document (Common Test Report Format), with each test's device and locale,
// its stable key (testId), its steps' durations and the article steps it claims and performed: a
// later run compares itself with it (--baseline). A case file that could not be read is a test of
// status "other" (no journey ran, yet the run is not clean), with the file and its problems.

import type { CTRFReport } from 'ctrf';
import { type BadCaseFile, caseFilesNotRead, type Outcome, type SignoffReport } from './signoff-model.ts';

const STATUS: Record<Outcome, 'passed' | 'failed' | 'skipped'> = {
  passed: 'passed',
  flaky: 'passed',
  failed: 'failed',
  skipped: 'skipped',
};

export function renderCtrf(report: SignoffReport, toolVersion: string): CTRFReport {
  const start = Date.parse(report.facts.startedAt);
  const unperformed = new Map(report.unperformedClaims.map((claim) => [claim.key, claim.steps]));
  const journeys = report.tests.map((test) => {
    const testStart = test.startedAt ? Date.parse(test.startedAt) : start;
    return {
      testId: test.key,
      name: `${test.journey} › ${test.title}`,
      status: STATUS[test.outcome],
      duration: Math.round(test.durationMs),
      start: testStart,
      stop: testStart + Math.round(test.durationMs),
      suite: [test.project, test.file, test.journey],
      ...(test.error ? { message: test.error.split('\n')[0], trace: test.error } : {}),
      filePath: test.file,
      retries: test.retries,
      flaky: test.outcome === 'flaky',
      tags: test.tags,
      browser: report.facts.versions.Chromium ? `chromium ${report.facts.versions.Chromium}` : 'chromium',
      device: test.phone || 'none (portal only)',
      parameters: { locale: test.locale, project: test.project },
      steps: test.steps.map((step) => ({
        name: step.title,
        status: step.error ? ('failed' as const) : ('passed' as const),
        extra: { durationMs: Math.round(step.durationMs) },
      })),
      extra: {
        covers: test.covers,
        performed: test.performed,
        ...(unperformed.has(test.key) ? { claimedNotPerformed: unperformed.get(test.key) } : {}),
        replay: test.replay,
      },
    };
  });
  const unreadable = report.badCaseFiles.map((file) => badCaseFileTest(file, report.facts.startedAt));
  const tests = [...journeys, ...unreadable];
  const count = (status: string) => tests.filter((test) => test.status === status).length;
  return {
    reportFormat: 'CTRF',
    specVersion: '0.0.0',
    timestamp: new Date(start + report.facts.durationMs).toISOString(),
    generatedBy: 'ibkey-lab sign-off reporter',
    results: {
      tool: { name: 'playwright', version: toolVersion },
      summary: {
        tests: tests.length,
        passed: count('passed'),
        failed: count('failed'),
        skipped: count('skipped'),
        pending: 0,
        other: unreadable.length,
        flaky: report.totals.flaky,
        start,
        stop: start + Math.round(report.facts.durationMs),
        ...(unreadable.length > 0 ? { extra: { notClean: caseFilesNotRead(unreadable.length) } } : {}),
      },
      tests,
      environment: {
        appName: 'ibkey-lab',
        commit: report.facts.commit,
        extra: { seed: report.facts.seed, store: report.facts.storeModes, versions: report.facts.versions },
      },
    },
  } as CTRFReport;
}

/** A case file that could not be read, as CTRF words it: no journey, status "other". */
function badCaseFileTest(file: BadCaseFile, startedAt: string) {
  const start = Date.parse(startedAt);
  return {
    testId: `case file › ${file.path}`,
    name: `The case file ${file.path} could not be read`,
    status: 'other' as const,
    duration: 0,
    start,
    stop: start,
    message: file.problems[0] ?? 'The case file could not be read.',
    trace: file.problems.join('\n'),
    filePath: file.path,
    extra: { badCaseFile: file },
  };
}
