// The sign-off summary and matrix in Markdown, for a pull request or a support ticket.

import { formatDuration, type Outcome, type SignoffReport } from './signoff-model.ts';

const MARK: Record<Outcome, string> = {
  passed: '✅ passed',
  failed: '❌ failed',
  flaky: '⚠️ flaky',
  skipped: '⏭ skipped',
};
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

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
  if (failures.length) {
    lines.push('', '## Failures', '');
    for (const test of failures) {
      const step = test.failedStep !== undefined ? test.steps[test.failedStep]?.title : undefined;
      lines.push(
        `### ${test.title} (${test.project})`,
        '',
        `Failed at: ${step ?? 'the test itself (a fixture or a hook)'}`,
        '',
        '```',
        (test.error ?? '').split('\n').slice(0, 12).join('\n'),
        '```',
        '',
        `Replay: \`${test.replay}\``,
        '',
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
