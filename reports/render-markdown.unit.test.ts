// summary.md is what a pull request or a ticket shows of a run: a failure keeps its whole
// expectation and the phone's last transcript entries, and a baseline's changes are listed.

import { describe, expect, it } from 'vitest';
import { renderSignoffMarkdown, TRANSCRIPT_TAIL } from './render-markdown.ts';
import { buildReport, type TestRecord } from './signoff-model.ts';
import type { Changes, SinceBaseline } from './since-baseline.ts';
import { aTestRecord, RUN_FACTS } from './test-support/signoff-records.ts';

const ESC = String.fromCharCode(27);
const colour = (text: string) => `${ESC}[31m${text}${ESC}[39m`;

/** A toEqual failure as Playwright words it: the diff runs far past a dozen lines. */
const DIFF_ERROR = [
  'Error: expect(received).toEqual(expected) // deep equality',
  '',
  `${colour('- Expected  - 1')}`,
  `${colour('+ Received  + 1')}`,
  '',
  '  Array [',
  '    Object {',
  ...Array.from({ length: 14 }, (_, index) => `      "field${index}": "same",`),
  `${colour('-     "state": "denied",')}`,
  `${colour('+     "state": "pending",')}`,
  '    },',
  '  ]',
].join('\n');

const LOCATOR_ERROR = [
  'Error: expect(locator).toHaveText(expected) failed',
  '',
  "Locator:  getByTestId('status')",
  'Expected: "Login refused"',
  'Received: "Waiting for your phone"',
  'Timeout:  10000ms',
  '',
  'Call log:',
  '  - Expect "toHaveText" with timeout 10000ms',
  "  - waiting for getByTestId('status')",
  '    19 × locator resolved to <p data-testid="status">Waiting for your phone</p>',
  '       - unexpected value "Waiting for your phone"',
].join('\n');

const transcript = Array.from({ length: 15 }, (_, index) => ({
  at: `2025-03-14T09:27:${String(index).padStart(2, '0')}.000Z`,
  kind: 'screen',
  text: `entry ${index + 1}`,
}));

const failed = (overrides: Partial<TestRecord>) =>
  aTestRecord({
    outcome: 'failed',
    steps: [{ title: 'tap Deny', durationMs: 300, error: 'see above' }],
    failedStep: 0,
    transcript,
    ...overrides,
  });

const markdownOf = (tests: TestRecord[], sinceBaseline?: SinceBaseline) =>
  renderSignoffMarkdown({ ...buildReport(tests, RUN_FACTS), sinceBaseline });

describe('a failure in summary.md', () => {
  it('keeps the whole expectation, without colour codes', () => {
    const markdown = markdownOf([failed({ error: DIFF_ERROR })]);
    expect(markdown).toContain('-     "state": "denied",\n+     "state": "pending",');
    expect(markdown).toContain('- Expected  - 1\n+ Received  + 1');
    expect(markdown).not.toContain(ESC);
  });

  it('keeps expected and received but leaves out the call log', () => {
    const markdown = markdownOf([failed({ error: LOCATOR_ERROR })]);
    expect(markdown).toContain(
      'Locator:  getByTestId(\'status\')\nExpected: "Login refused"\nReceived: "Waiting for your phone"\nTimeout:  10000ms\n```',
    );
    expect(markdown).not.toContain('Call log');
    expect(markdown).not.toContain('locator resolved to');
  });

  it('shows the phone’s last transcript entries, oldest first', () => {
    const markdown = markdownOf([failed({ error: LOCATOR_ERROR })]);
    expect(markdown).toContain(`The phone's transcript, its last entries (${TRANSCRIPT_TAIL} of 15):`);
    expect(markdown).toContain('09:27:05.000 screen       entry 6\n');
    expect(markdown).toContain('09:27:14.000 screen       entry 15\n```');
    expect(markdown).not.toContain('entry 5\n');
  });

  it('fences an error that holds backticks so it cannot close the block early', () => {
    const markdown = markdownOf([failed({ error: 'Expected: "```"\nReceived: "``"' })]);
    expect(markdown).toContain('````\nExpected: "```"\nReceived: "``"\n````');
  });
});

describe('the baseline in summary.md', () => {
  const none: Changes = { newFailures: [], fixed: [], newTests: [], removedTests: [], slowerSteps: [] };
  const deny = { key: 'k', name: 'logging in › Deny', project: 'faceid-fr-FR' };
  const compared = (changes: Partial<Changes>): SinceBaseline => ({
    file: '/runs/old/ctrf.json',
    timestamp: '2025-03-13T08:00:00.000Z',
    commit: 'def456',
    changes: { ...none, ...changes },
  });

  it('lists new failures, fixed tests and slower steps under "Since the baseline"', () => {
    const markdown = markdownOf(
      [aTestRecord()],
      compared({
        newFailures: [deny],
        fixed: [{ ...deny, project: 'touchid-en-US' }],
        slowerSteps: [{ ...deny, step: 'tap Deny', beforeMs: 200, nowMs: 900 }],
      }),
    );
    const section = markdown.split('## Since the baseline')[1]!.split('## Journeys')[0]!;
    expect(section).toContain(
      'Compared with `/runs/old/ctrf.json` (2025-03-13T08:00:00.000Z, commit `def456`).',
    );
    expect(section).toContain(
      '### New failures (1): failed now, passed in the baseline\n\n- logging in › Deny (faceid-fr-FR)',
    );
    expect(section).toContain(
      '### Fixed (1): passed now, failed in the baseline\n\n- logging in › Deny (touchid-en-US)',
    );
    expect(section).toContain('| logging in › Deny (faceid-fr-FR) | tap Deny | 200 ms | 900 ms | 4.5× |');
    expect(section).not.toContain('New tests');
  });

  it('says when nothing changed, and why there is no comparison when the baseline could not be read', () => {
    expect(markdownOf([aTestRecord()], compared({}))).toContain('Nothing changed:');
    const problem = 'The baseline /runs/old.json does not exist, so nothing is compared with it: pass one.';
    expect(markdownOf([aTestRecord()], { file: '/runs/old.json', problem })).toContain(
      `## Since the baseline\n\n${problem}`,
    );
    expect(markdownOf([aTestRecord()])).not.toContain('Since the baseline');
  });
});

describe('coverage in summary.md', () => {
  it('names the tests that claim steps their run did not perform, with project, phone, language and steps', () => {
    const markdown = markdownOf([
      aTestRecord({
        title: 'activates',
        project: 'passcode-en-US',
        covers: ['step-3', 'step-4.2', 'kb2260'],
        performed: ['step-4.2'],
      }),
    ]);
    const section = markdown.split('## Coverage of the article')[1]!;
    expect(section).toMatch(/^\n\n\d+ of \d+ covered · 1 test claims steps its run did not perform\. /);
    expect(section).toContain(
      '### Claimed but not performed (1)\n\nThese tests passed, but their tags name article steps their run did not perform',
    );
    expect(section).toContain('| activates | passcode-en-US | iPhone 11 (passcode only) · en-US | step-3 |');
    expect(section).toMatch(
      /\| 3 · Point at the QR code until it is sharp \| \*\*gap\*\*: claimed, not performed \| {2}\|/,
    );
    expect(section).toMatch(/\| 4\.2 · [^|]+ \| covered \| activates \|/);
  });

  it('lists no claim for a failed test, which stopped early', () => {
    const markdown = markdownOf([failed({ covers: ['step-3'], performed: [] })]);
    expect(markdown).not.toContain('Claimed but not performed');
  });
});

describe('case files that could not be read, in summary.md', () => {
  const problem = '12:5 steps 3 (biometrics): biometrics takes pass, fail or cancel';
  const markdown = markdownOf([
    aTestRecord({ project: 'cases' }),
    aTestRecord({
      project: 'cases',
      title: 'tickets/4711/case.yaml is a valid case file',
      outcome: 'failed',
      error: problem,
      badCaseFile: { path: 'tickets/4711/case.yaml', problems: [problem] },
    }),
  ]);

  it('says the run is not clean and lists each file with its problems', () => {
    expect(markdown).toContain('**1 case file could not be read**: 1 tests, 1 passed, 0 failed');
    expect(markdown).toContain('1 case file could not be read: the run is not clean');
    expect(markdown).toContain(
      `## Case files that could not be read (1)\n\nNo journey ran for these files. Fix each problem (line:column, then where in the case and what is wrong) and run the case again.\n\n- \`tickets/4711/case.yaml\`\n  - ${problem}\n`,
    );
  });

  it('is no matrix row and no failure', () => {
    expect(markdown).not.toContain('is a valid case file');
    expect(markdown).not.toContain('## Failures');
  });
});
