// The sign-off summary and matrix in Markdown, for a pull request or a support ticket: with each
// failure's whole expectation and the phone's last transcript lines, and what changed since a
// baseline run.

import {
  formatDuration,
  type Outcome,
  type SignoffReport,
  type TestRecord,
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

export function renderSignoffMarkdown(report: SignoffReport): string {
  const { facts, totals } = report;
  const lines = [
    '# IB Key activation · release sign-off',
    '',
    `**${totals.failed === 0 ? 'All green' : `${totals.failed} failed`}**: ${totals.total} tests, ${totals.passed} passed, ${totals.failed} failed, ${totals.flaky} flaky, ${totals.skipped} skipped, in ${formatDuration(facts.durationMs)}.`,
    '',
    '| | |',
    '|---|---|',
    `| date | ${facts.startedAt} |`,
    `| commit | \`${facts.commit}\` |`,
    `| seed | \`${facts.seed}\` |`,
    `| store | ${facts.storeModes.join(', ') || 'not started'} |`,
    ...Object.entries(facts.versions).map(([name, version]) => `| ${name} | ${cell(version)} |`),
    '',
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
    '## Coverage of the article',
    '',
    '| what | state | covered by |',
    '|---|---|---|',
    ...report.coverage.map(
      ({ item, coveredBy, passing }) =>
        `| ${cell(item.label)} | ${coveredBy.length === 0 ? '**gap**' : passing ? 'covered' : 'covered, not passing'} | ${cell(coveredBy.join('; '))} |`,
    ),
  ];
  const failures = report.tests.filter((test) => test.outcome === 'failed');
  if (failures.length) lines.push('', '## Failures', '', ...failures.flatMap(failureLines));
  return `${lines.join('\n')}\n`;
}
