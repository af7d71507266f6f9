// The run as a CTRF document (Common Test Report Format), with each test's device and locale,
// its stable key (testId) and its steps' durations: a later run compares itself with it (--baseline).

import type { CTRFReport } from 'ctrf';
import type { Outcome, SignoffReport } from './signoff-model.ts';

const STATUS: Record<Outcome, 'passed' | 'failed' | 'skipped'> = {
  passed: 'passed',
  flaky: 'passed',
  failed: 'failed',
  skipped: 'skipped',
};

export function renderCtrf(report: SignoffReport, toolVersion: string): CTRFReport {
  const start = Date.parse(report.facts.startedAt);
  const tests = report.tests.map((test) => {
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
      extra: { covers: test.covers, replay: test.replay },
    };
  });
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
        other: 0,
        flaky: report.totals.flaky,
        start,
        stop: start + Math.round(report.facts.durationMs),
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
