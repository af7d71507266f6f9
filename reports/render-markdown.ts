// The sign-off summary and matrix in Markdown, for a pull request or a support ticket: with the
// case files that could not be read, the tests that claim steps they did not perform, each
// failure's whole expectation and the phone's last transcript lines, and what changed since a
// baseline run.

import { ARTICLE_COVERAGE } from './article-coverage.ts';
import { type KillMatrixSummary, languagesOfFault } from './kill-matrix.ts';
import {
  caseFilesNotRead,
  formatDuration,
  type Outcome,
  runProblems,
  type SignoffReport,
  type TestRecord,
  testsClaimingUnperformedSteps,
  withoutAnsi,
} from './signoff-model.ts';
import { changesToShow, type SinceBaseline } from './since-baseline.ts';

const MARK: Record<Outcome, string> = {
  passed: '✅ passed',
  failed: '❌ failed',
  flaky: '⚠️ flaky',
  skipped: '⏭ skipped',
};
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** How many of the phone's last transcript entries a failure shows. */
export const TRANSCRIPT_TAIL = 10;

/** A fenced block that its text cannot close early, whatever backticks it holds. */
function fenced(text: string): string[] {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return [fence, text, fence];
}

/**
 * An error as a reader needs it: the whole expectation (locator, expected, received, the diff),
 * without colour codes and without Playwright's call log, which repeats the wait line by line.
 */
export function expectationOf(error: string): string {
  return withoutAnsi(error)
    .replace(/^Call log:\n(?:[ \t]+.*(?:\n|$))*/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The phone's last transcript entries: "09:26:54.120 screen  Camera -> IBKR Mobile (banner)". */
export function transcriptTail(transcript: readonly unknown[] = [], count = TRANSCRIPT_TAIL): string[] {
  return transcript.slice(-count).map((entry) => {
    const { at, kind, text } = (entry ?? {}) as { at?: unknown; kind?: unknown; text?: unknown };
    if (typeof text !== 'string') return JSON.stringify(entry);
    const time = typeof at === 'string' ? (at.split('T')[1]?.replace(/Z$/, '') ?? at) : '';
    return [time, typeof kind === 'string' ? kind.padEnd(12) : '', text].filter(Boolean).join(' ');
  });
}

function failureLines(test: TestRecord): string[] {
  const step = test.failedStep !== undefined ? test.steps[test.failedStep] : undefined;
  const error = test.error ?? step?.error;
  const tail = transcriptTail(test.transcript);
  return [
    `### ${test.title} (${test.project})`,
    '',
    `Failed at: ${step?.title ?? 'the test itself (a fixture or a hook)'}`,
    '',
    ...(error ? [...fenced(expectationOf(error)), ''] : []),
    ...(tail.length > 0
      ? [
          `The phone's transcript, its last entries (${tail.length} of ${test.transcript?.length}):`,
          '',
          ...fenced(tail.join('\n')),
          '',
        ]
      : []),
    `Replay: \`${test.replay}\``,
    '',
  ];
}

function sinceBaselineLines(since: SinceBaseline): string[] {
  if ('problem' in since) return ['## Since the baseline', '', since.problem, ''];
  const shown = changesToShow(since.changes);
  const lists = shown.lists.flatMap(({ heading, meaning, tests }) => [
    `### ${heading} (${tests.length}): ${meaning}`,
    '',
    ...tests.map((test) => `- ${test.name} (${test.project})`),
    '',
  ]);
  const slower =
    shown.slowerSteps.length > 0
      ? [
          `### ${shown.slowerStepsHeading} (${shown.slowerSteps.length})`,
          '',
          '| test | step | before | now | slower |',
          '|---|---|---:|---:|---:|',
          ...shown.slowerSteps.map(
            (step) =>
              `| ${cell(`${step.name} (${step.project})`)} | ${cell(step.step)} | ${formatDuration(step.beforeMs)} | ${formatDuration(step.nowMs)} | ${step.slowdown} |`,
          ),
          '',
        ]
      : [];
  return [
    '## Since the baseline',
    '',
    `Compared with \`${since.file}\` (${since.timestamp}, commit \`${since.commit}\`).`,
    '',
    ...(shown.nothingChanged ? [shown.nothingChanged, ''] : [...lists, ...slower]),
  ];
}

function badCaseFileLines(report: SignoffReport): string[] {
  if (report.badCaseFiles.length === 0) return [];
  return [
    `## Case files that could not be read (${report.badCaseFiles.length})`,
    '',
    'No journey ran for these files. Fix each problem (line:column, then where in the case and what is wrong) and run the case again.',
    '',
    ...report.badCaseFiles.flatMap((file) => [
      `- \`${file.path}\``,
      ...file.problems.map((problem) => `  - ${problem}`),
    ]),
    '',
  ];
}

function coverageLines(report: SignoffReport): string[] {
  const gaps = report.coverage.filter((entry) => entry.coveredBy.length === 0).length;
  const claims = report.unperformedClaims;
  const stateOf = ({ coveredBy, passing, claimedBy }: SignoffReport['coverage'][number]) =>
    coveredBy.length > 0
      ? passing
        ? 'covered'
        : 'covered, not passing'
      : claimedBy.length > 0
        ? '**gap**: claimed, not performed'
        : '**gap**';
  return [
    '## Coverage of the article',
    '',
    [
      `${ARTICLE_COVERAGE.length - gaps} of ${ARTICLE_COVERAGE.length} covered`,
      ...(claims.length > 0 ? [testsClaimingUnperformedSteps(claims.length)] : []),
    ].join(' · ') +
      '. An article step counts only for a test tagged with it whose run performed it; a cause or a KB article counts by its tag.',
    '',
    '| what | state | covered by |',
    '|---|---|---|',
    ...report.coverage.map(
      (entry) => `| ${cell(entry.item.label)} | ${stateOf(entry)} | ${cell(entry.coveredBy.join('; '))} |`,
    ),
    ...(claims.length > 0
      ? [
          '',
          `### Claimed but not performed (${claims.length})`,
          '',
          'These tests passed, but their tags name article steps their run did not perform: those steps do not count for them.',
          '',
          '| test | project | phone · language | steps claimed, not performed |',
          '|---|---|---|---|',
          ...claims.map(
            (claim) =>
              `| ${cell(claim.title)} | ${cell(claim.project)} | ${cell([claim.phone || 'browser only', claim.locale].filter(Boolean).join(' · '))} | ${claim.steps.join(', ')} |`,
          ),
        ]
      : []),
  ];
}

/** The kill matrix of `npm run mutants`: which catalogued faults the lab's tests notice. */
function wouldCatchLines(summary: KillMatrixSummary): string[] {
  const tried = summary.caught + summary.survived;
  return [
    '',
    '## What this run would catch',
    '',
    `${summary.caught} of ${tried} faults tried were caught (npm run mutants, ${summary.updatedAt})${summary.notRun.length ? `; ${summary.notRun.length} catalogued faults not tried yet` : ''}.`,
    '',
    '| fault | layer | breaks | caught by | in | first catch |',
    '|---|---|---|---|---|---|',
    ...summary.faults.map((fault) => {
      const verdict =
        fault.verdict === 'caught'
          ? `${fault.caughtBy.length} of ${fault.testsRun}`
          : `**survived** (0 of ${fault.testsRun})`;
      const languages = languagesOfFault(fault);
      const first = fault.caughtBy[0];
      return `| ${cell(fault.name)} | ${fault.layer} | ${cell(fault.breaks.join(', ') || '—')} | ${verdict} | ${cell(languages || '—')} | ${first ? cell(`${first.title}: ${first.assertion ?? ''}`) : '—'} |`;
    }),
  ];
}

export function renderSignoffMarkdown(report: SignoffReport): string {
  const { facts, totals } = report;
  const problems = runProblems(report);
  const badFiles = report.badCaseFiles.length;
  const lines = [
    '# IB Key activation · release sign-off',
    '',
    `**${problems.length === 0 ? 'All green' : problems.join(', ')}**: ${totals.total} tests, ${totals.passed} passed, ${totals.failed} failed, ${totals.flaky} flaky, ${totals.skipped} skipped, in ${formatDuration(facts.durationMs)}.${report.overheadMedianMs === undefined ? '' : ` Lab overhead per test (median): ${formatDuration(report.overheadMedianMs)}.`}`,
    ...(badFiles > 0
      ? [
          '',
          `${caseFilesNotRead(badFiles)}: the run is not clean, whatever the journeys did (see "Case files that could not be read").`,
        ]
      : []),
    '',
    '| | |',
    '|---|---|',
    `| date | ${facts.startedAt} |`,
    `| commit | \`${facts.commit}\` |`,
    `| seed | \`${facts.seed}\` |`,
    `| store | ${facts.storeModes.join(', ') || 'not started'} |`,
    ...Object.entries(facts.versions).map(([name, version]) => `| ${name} | ${cell(version)} |`),
    '',
    ...badCaseFileLines(report),
    ...(report.sinceBaseline ? sinceBaselineLines(report.sinceBaseline) : []),
    '## Journeys × phones × languages',
    '',
    `| journey | scenario | ${report.columns.map(cell).join(' | ')} |`,
    `|---|---|${report.columns.map(() => ':---:').join('|')}|`,
    ...report.rows.map(
      (row) =>
        `| ${cell(row.journey)} | ${cell(row.title)} | ${report.columns
          .map((column) => (row.cells[column] ? MARK[row.cells[column].outcome] : '—'))
          .join(' | ')} |`,
    ),
    '',
    ...coverageLines(report),
    ...(report.wouldCatch ? wouldCatchLines(report.wouldCatch) : []),
  ];
  const failures = report.tests.filter((test) => test.outcome === 'failed');
  if (failures.length) lines.push('', '## Failures', '', ...failures.flatMap(failureLines));
  return `${lines.join('\n')}\n`;
}
