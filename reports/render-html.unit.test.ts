// The HTML report shows test titles, errors and server rows that tests and the server under test
// wrote: none of it may become markup, whether it lands in text or in an attribute. Each matrix
// cell links to its own journey; a timeline shows its checks; a baseline's changes are listed.

import { describe, expect, it } from 'vitest';
import { anchorOf, renderSignoffHtml } from './render-html.ts';
import {
  buildReport,
  columnOfTest,
  type RunFacts,
  type StepRecord,
  type TestRecord,
} from './signoff-model.ts';
import type { Changes, SinceBaseline } from './since-baseline.ts';
import { aTestRecord, RUN_FACTS } from './test-support/signoff-records.ts';

const SCRIPT = '<script>alert(1)</script>';
const ATTRIBUTE_BREAKOUT = '"onmouseover=alert(2) x="';

const hostileTest: TestRecord = {
  key: `faceid-en-US › hostile.spec.ts › ${SCRIPT}`,
  journey: `L'app ${SCRIPT}`,
  title: SCRIPT,
  file: 'hostile.spec.ts',
  project: 'faceid-en-US',
  phone: 'iPhone 15 (Face ID)',
  locale: `en-US ${ATTRIBUTE_BREAKOUT}`,
  covers: ['step-1'],
  performed: ['step-1'],
  tags: ['@step-1'],
  outcome: 'failed',
  durationMs: 1200,
  retries: 0,
  error: `Expected "ok" & got </pre>${SCRIPT}`,
  steps: [{ title: ATTRIBUTE_BREAKOUT, durationMs: 40, error: SCRIPT, portal: { path: 'portal.png' } }],
  failedStep: 0,
  stateBefore: { users: [{ name: SCRIPT }] },
  stateAfter: { users: [{ name: ATTRIBUTE_BREAKOUT }] },
  transcript: [{ text: `</pre>${SCRIPT}` }],
  replay: `npm run lab -- --grep '${SCRIPT}'`,
};

const facts: RunFacts = {
  startedAt: '2025-03-14T09:26:53.589Z',
  durationMs: 5000,
  commit: SCRIPT,
  seed: ATTRIBUTE_BREAKOUT,
  storeModes: ['embedded'],
  versions: { [SCRIPT]: ATTRIBUTE_BREAKOUT },
};

const page = renderSignoffHtml(buildReport([hostileTest], facts), () => `evidence/${ATTRIBUTE_BREAKOUT}.png`);

describe('renderSignoffHtml', () => {
  it('shows hostile text as text', () => {
    expect(page).not.toContain('<script>alert');
    expect(page).toContain('<span class="title">&lt;script&gt;alert(1)&lt;/script&gt;</span>');
    expect(page).toContain('<pre class="error">Expected &quot;ok&quot; &amp; got &lt;/pre&gt;&lt;script&gt;');
    expect(page.match(/<script/g)).toHaveLength(1);
  });

  it('keeps hostile text inside the attribute it was put in', () => {
    expect(page).not.toContain('"onmouseover=');
    expect(page).toContain('alt="portal after: &quot;onmouseover=alert(2) x=&quot;"');
    expect(page).toContain('src="evidence/&quot;onmouseover=alert(2) x=&quot;.png"');
    expect(page).toContain('data-column="Face ID · en-US &quot;onmouseover=alert(2) x=&quot;"');
  });

  it('escapes once: its own markup stays markup', () => {
    expect(page).toContain('<span class="pill failed">Failed</span>');
    expect(page).toContain('<details class="test"');
    expect(page).not.toContain('&amp;lt;');
  });
});

describe('the matrix links and the journeys’ ids', () => {
  // Same title, projects whose names have the same length: the old ids (a base64 tail) collided.
  const tests = ['faceid-en-US', 'faceid-fr-FR', 'touchid-en-US'].flatMap((project) => [
    aTestRecord({ project }),
    aTestRecord({ project, title: 'no answer: the login request expires' }),
  ]);
  const report = buildReport(tests, RUN_FACTS);
  const matrixPage = renderSignoffHtml(report, () => undefined);

  it('gives every journey its own id, the same in every run, readable and usable in a selector', () => {
    const anchors = tests.map((test) => anchorOf(test.key));
    expect(new Set(anchors).size).toBe(tests.length);
    expect(anchors.map((anchor) => anchorOf(tests[anchors.indexOf(anchor)]!.key))).toEqual(anchors);
    expect(anchors[1]).toMatch(/^t-faceid-en-us-no-answer-the-login-request-expires-[0-9a-f]{12}$/);
    for (const anchor of anchors) expect(anchor).toMatch(/^t-[a-z0-9-]+$/);
  });

  it('links each cell to the one journey of that row and column', () => {
    for (const row of report.rows)
      for (const [column, cell] of Object.entries(row.cells)) {
        const test = tests.find((candidate) => candidate.key === cell.key)!;
        expect([test.title, columnOfTest(test)]).toEqual([row.title, column]);
        expect(matrixPage.split(`href="#${anchorOf(cell.key)}"`)).toHaveLength(2);
        expect(matrixPage.split(`id="${anchorOf(cell.key)}"`)).toHaveLength(2);
      }
  });
});

describe('a journey’s timeline', () => {
  const step = (title: string, extra: Partial<StepRecord> = {}): StepRecord => ({
    title,
    durationMs: 100,
    ...extra,
  });
  const timeline = renderSignoffHtml(
    buildReport(
      [
        aTestRecord({
          outcome: 'failed',
          steps: [
            step('tap Deny', {
              checks: ['check: expect(…).toBe("Denied")'],
              portal: { path: 'deny-portal.png' },
              phone: { path: 'deny-phone.png' },
            }),
            step('check: expect(…).toBe("Refused")', { error: 'Expected: "Refused"' }),
          ],
          failedStep: 1,
        }),
      ],
      RUN_FACTS,
    ),
    (evidence) => evidence.path,
  );

  it('lists the checks folded into a task under it', () => {
    expect(timeline).toContain('<ul class="checks"><li>check: expect(…).toBe(&quot;Denied&quot;)</li></ul>');
  });

  it('shows a failing check with the last screens before it', () => {
    const failure = timeline.split('data-failure')[1]!.split('</div>')[0]!;
    expect(failure).toContain('Failed at: check: expect(…).toBe(&quot;Refused&quot;)');
    const screens = timeline.split('data-failure')[1]!.split('Replay it exactly')[0]!;
    expect(screens).toContain('src="deny-portal.png"');
    expect(screens).toContain('src="deny-phone.png"');
  });
});

describe('the "Since the baseline" section', () => {
  const test = aTestRecord({ project: 'touchid-fr-FR' });
  const none: Changes = { newFailures: [], fixed: [], newTests: [], removedTests: [], slowerSteps: [] };
  const pageWith = (sinceBaseline?: SinceBaseline) =>
    renderSignoffHtml({ ...buildReport([test], RUN_FACTS), sinceBaseline }, () => undefined);
  const changed = { key: test.key, name: `${test.journey} › ${test.title}`, project: test.project };

  it('lists each change, linking to the journeys this run has', () => {
    const page = pageWith({
      file: '/runs/old/ctrf.json',
      timestamp: '2025-03-13T08:00:00.000Z',
      commit: 'def456',
      changes: {
        ...none,
        newFailures: [changed],
        removedTests: [{ ...changed, key: 'gone', name: 'an old journey' }],
        slowerSteps: [{ ...changed, step: 'tap Deny', beforeMs: 200, nowMs: 900 }],
      },
    });
    expect(page).toContain('<a href="#since-baseline">Since the baseline</a>');
    expect(page).toContain('Compared with <code>/runs/old/ctrf.json</code>');
    expect(page).toContain(
      `<li data-change="new-failure"><a href="#${anchorOf(test.key)}">${changed.name}</a> <span class="meta">touchid-fr-FR</span></li>`,
    );
    expect(page).toContain('<li data-change="removed-test">an old journey <span class="meta">');
    expect(page).toMatch(
      /<tr data-change="slower-step">.*<td>tap Deny<\/td><td>200 ms<\/td><td>900 ms<\/td><td>4\.5×<\/td><\/tr>/,
    );
    expect(page).not.toContain('data-change="fixed"');
  });

  it('says when nothing changed, why a baseline could not be compared, and is absent without one', () => {
    expect(pageWith({ file: 'f', timestamp: 't', commit: 'c', changes: none })).toContain(
      '<p data-no-changes>Nothing changed',
    );
    expect(pageWith({ file: 'f', problem: 'The baseline f does not exist.' })).toContain(
      '<p class="baseline-problem" data-baseline-problem>The baseline f does not exist.</p>',
    );
    expect(pageWith()).not.toContain('id="since-baseline"');
  });
});

describe('coverage that tells the truth', () => {
  const claiming = aTestRecord({
    title: 'activates when IBKR Mobile is already installed',
    project: 'touchid-fr-FR',
    covers: ['step-3', 'step-4.2', 'kb2260'],
    performed: ['step-3'],
  });
  const page = renderSignoffHtml(buildReport([claiming], RUN_FACTS), () => undefined);
  const coverage = page.split('id="coverage"')[1]!.split('</section>')[0]!;

  it('counts the claims in the heading and lists each test with its project, phone, language and steps', () => {
    expect(coverage).toMatch(
      /<h2>Coverage of the article \(\d+ of \d+ covered · 1 test claims steps its run did not perform\)<\/h2>/,
    );
    expect(coverage).toContain('<h3>Claimed but not performed (1)</h3>');
    expect(coverage).toContain(
      `<tr data-claim="${claiming.key}"><td><a href="#${anchorOf(claiming.key)}">activates when IBKR Mobile is already installed</a></td><td>touchid-fr-FR</td><td>iPhone SE (Touch ID) · fr-FR</td><td>step-4.2</td></tr>`,
    );
  });

  it('shows a step that is only claimed as a gap, and one performed as covered', () => {
    expect(coverage).toMatch(
      /<tr data-coverage="step-4.2">.*<span class="gap">gap: claimed, not performed<\/span>/,
    );
    expect(coverage).toMatch(/<tr data-coverage="step-3">.*<span class="covered">covered<\/span>/);
    expect(coverage).toMatch(/<tr data-coverage="step-9">.*<span class="gap">gap: not covered<\/span>/);
  });

  it('has no claims list when every claim was performed', () => {
    const honest = renderSignoffHtml(
      buildReport([{ ...claiming, performed: ['step-3', 'step-4.2'] }], RUN_FACTS),
      () => undefined,
    );
    expect(honest).not.toContain('Claimed but not performed');
    expect(honest).not.toContain('claims steps');
  });
});

describe('case files that could not be read', () => {
  const problem = '12:5 steps 3 (biometrics): biometrics takes pass, fail or cancel';
  const badCase = aTestRecord({
    project: 'cases',
    journey: 'tickets/4711/case.yaml',
    title: 'tickets/4711/case.yaml is a valid case file',
    outcome: 'failed',
    error: problem,
    badCaseFile: { path: 'tickets/4711/case.yaml', problems: [problem, '3:1 phone: profile is missing'] },
  });
  const page = renderSignoffHtml(
    buildReport([aTestRecord({ project: 'cases' }), badCase], RUN_FACTS),
    () => undefined,
  );

  it('lists each file with its problems in a section of its own, linked from the table of contents', () => {
    expect(page).toContain('<a href="#bad-case-files">Case files that could not be read</a>');
    const section = page.split('id="bad-case-files"')[1]!.split('</section>')[0]!;
    expect(section).toContain('<h2>Case files that could not be read (1)</h2>');
    expect(section).toContain(
      `<div class="bad-case-file" data-bad-case-file="tickets/4711/case.yaml"><h3><code>tickets/4711/case.yaml</code></h3>\n<ul><li>${problem}</li>\n<li>3:1 phone: profile is missing</li></ul></div>`,
    );
  });

  it('shows no matrix row and no journey for it, and says the run is not clean', () => {
    expect(page).not.toContain('is a valid case file');
    expect(page.match(/<details class="test"/g)).toHaveLength(1);
    expect(page).toContain('<div class="verdict ko">1 case file could not be read</div>');
    expect(page).toContain(
      '<p class="not-clean" data-not-clean>1 case file could not be read: the run is not clean',
    );
    expect(page).toContain('<div class="total failed"><b>0</b>failed</div>');
  });

  it('has no such section or link when every case file was read', () => {
    const clean = renderSignoffHtml(buildReport([aTestRecord()], RUN_FACTS), () => undefined);
    expect(clean).not.toContain('bad-case-files');
    expect(clean).not.toContain('data-not-clean');
    expect(clean).toContain('<div class="verdict ok">All 1 ran green</div>');
  });
});
