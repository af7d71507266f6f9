// The sign-off report as one HTML page: summary, the case files that could not be read, the
// journeys x phones x locales matrix, the article's coverage (with the tests that claim steps
// they did not perform), then each journey's timeline with both screens side by side. No script
// or style from outside: it opens from disk and prints (details open themselves for printing).

import { createHash } from 'node:crypto';
import { html, type Markup, trusted } from '../common/index.ts';
import { ARTICLE_COVERAGE } from './article-coverage.ts';
import type { ImageSource } from './evidence-images.ts';
import { type KillMatrixSummary, languagesOfFault } from './kill-matrix.ts';
import {
  caseFilesNotRead,
  columnOfTest,
  type Evidence,
  formatDuration,
  type Outcome,
  runProblems,
  type SignoffReport,
  type StepRecord,
  type TestRecord,
  testsClaimingUnperformedSteps,
  withoutTags,
} from './signoff-model.ts';
import { type ChangedTest, changesToShow, type SinceBaseline } from './since-baseline.ts';

const MAX_SLUG_LENGTH = 48;

/**
 * A journey's id in the page, the same in every run and merge: its project and title to read
 * ("t-faceid-fr-fr-deny-the-portal-says-the-login-was-refused-…") and a hash of its whole key,
 * so tests that share a project and a title in other files or describes still differ.
 */
export function anchorOf(key: string): string {
  const parts = key.split(' › ');
  const slug = `${parts[0]} ${withoutTags(parts.at(-1) ?? '')}`
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/^-+|-+$/g, '');
  return `t-${slug}-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}

const OUTCOME_LABEL: Record<Outcome, string> = {
  passed: 'Passed',
  failed: 'Failed',
  flaky: 'Flaky',
  skipped: 'Skipped',
};

const pill = (outcome: Outcome) => html`<span class="pill ${outcome}">${OUTCOME_LABEL[outcome]}</span>`;

/** Fragments one per line, so the page's source reads row by row. */
const onePerLine = (fragments: readonly Markup[]): Markup[] =>
  fragments.map((fragment, index) => (index === 0 ? fragment : html`\n${fragment}`));

const STYLE = `
:root { --ink:#1c2430; --muted:#5d6b7e; --line:#e3e8ef; --bg:#f5f7fa; --card:#fff;
  --pass:#1f8a4c; --pass-bg:#e3f5ea; --fail:#c62a2f; --fail-bg:#fdeaea; --flaky:#a86400; --flaky-bg:#fff2d9;
  --skip:#6b7785; --skip-bg:#eef1f4; --accent:#0b5cad; }
* { box-sizing: border-box; }
body { margin:0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:var(--bg); }
header.top { background:#102a43; color:#fff; padding:20px 32px; display:flex; justify-content:space-between; align-items:flex-end; gap:24px; flex-wrap:wrap; }
header.top h1 { margin:0; font-size:22px; font-weight:600; }
header.top .sub { color:#bcccdc; font-size:13px; margin-top:4px; }
.verdict { font-size:15px; font-weight:600; padding:6px 14px; border-radius:999px; }
.verdict.ok { background:var(--pass); } .verdict.ko { background:var(--fail); }
main { max-width:1240px; margin:0 auto; padding:20px 32px 48px; }
section.card { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:18px 22px; margin:18px 0; }
h2 { font-size:17px; margin:0 0 12px; }
.totals { display:grid; grid-template-columns:repeat(5, 1fr); gap:12px; margin-bottom:14px; }
.total { border:1px solid var(--line); border-radius:8px; padding:10px 14px; }
.total b { display:block; font-size:24px; }
.total.passed b { color:var(--pass); } .total.failed b { color:var(--fail); } .total.flaky b { color:var(--flaky); } .total.skipped b { color:var(--skip); }
dl.facts { display:grid; grid-template-columns:max-content 1fr max-content 1fr; gap:4px 16px; margin:0; font-size:13px; }
dl.facts dt { color:var(--muted); } dl.facts dd { margin:0; font-family: ui-monospace, Menlo, monospace; font-size:12.5px; word-break:break-all; }
table { border-collapse:collapse; width:100%; }
th, td { text-align:left; padding:6px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
th { font-size:12px; text-transform:uppercase; letter-spacing:.03em; color:var(--muted); font-weight:600; }
table.matrix td.cell { text-align:center; white-space:nowrap; padding:6px 4px; }
table.matrix th.col { text-align:center; white-space:normal; min-width:72px; padding:6px 4px; }
table.matrix td.scenario { min-width:260px; }
.scroll { overflow-x:auto; }
table.matrix td.journey { color:var(--muted); font-size:12px; }
.pill { display:inline-block; min-width:56px; padding:2px 8px; border-radius:999px; font-size:12px; font-weight:600; text-align:center; text-decoration:none; }
a.pill:hover { outline:2px solid var(--accent); }
.pill.passed { background:var(--pass-bg); color:var(--pass); } .pill.failed { background:var(--fail-bg); color:var(--fail); }
.pill.flaky { background:var(--flaky-bg); color:var(--flaky); } .pill.skipped { background:var(--skip-bg); color:var(--skip); }
.na { color:#c0c8d2; }
.gap { background:var(--fail-bg); color:var(--fail); font-weight:600; border-radius:6px; padding:1px 8px; font-size:12px; }
.covered { color:var(--pass); font-weight:600; font-size:12px; } .notpassing { color:var(--flaky); font-weight:600; font-size:12px; }
details.test { border:1px solid var(--line); border-radius:8px; margin:10px 0; background:#fff; }
details.test > summary { cursor:pointer; padding:10px 14px; display:flex; gap:12px; align-items:center; list-style:none; }
details.test > summary::-webkit-details-marker { display:none; }
details.test > summary .title { flex:1; font-weight:600; }
details.test > summary .meta { color:var(--muted); font-size:12px; white-space:nowrap; }
details.test[open] > summary { border-bottom:1px solid var(--line); }
.body { padding:12px 16px 16px; }
.failure { border-left:4px solid var(--fail); background:var(--fail-bg); padding:10px 14px; border-radius:6px; margin-bottom:14px; }
.failure h3 { margin:0 0 6px; font-size:14px; color:var(--fail); }
pre { background:#0f1720; color:#e6edf3; padding:10px 12px; border-radius:6px; overflow:auto; font-size:12px; white-space:pre-wrap; word-break:break-word; margin:6px 0; }
pre.error { background:#fff; color:var(--fail); border:1px solid #f3c4c6; }
code.replay { display:block; background:#102a43; color:#fff; padding:8px 12px; border-radius:6px; font-size:12px; word-break:break-all; }
ol.timeline { list-style:none; padding:0; margin:0; counter-reset:step; }
ol.timeline > li { border-top:1px solid var(--line); padding:10px 0; counter-increment:step; }
ol.timeline > li.failed .step-title { color:var(--fail); }
.step-head { display:flex; gap:10px; align-items:baseline; }
.step-head::before { content:counter(step); min-width:22px; height:22px; border-radius:50%; background:var(--bg); border:1px solid var(--line); font-size:11px; display:inline-flex; align-items:center; justify-content:center; }
.step-title { flex:1; font-weight:500; } .step-time { color:var(--muted); font-size:12px; font-variant-numeric:tabular-nums; }
.screens { display:flex; gap:14px; margin:8px 0 0 32px; align-items:flex-start; }
.screens figure { margin:0; } .screens figcaption { font-size:11px; color:var(--muted); margin-bottom:3px; }
.screens img { display:block; border:1px solid var(--line); border-radius:6px; background:#fff; }
.screens img.portal { width:340px; } .screens img.phone { width:130px; border-radius:14px; }
.extras { display:flex; flex-direction:column; gap:8px; margin-top:14px; }
.extras pre, .extras table.rows { max-height:420px; overflow:auto; display:block; }
.extras details { border:1px solid var(--line); border-radius:6px; padding:6px 10px; }
.extras summary { cursor:pointer; font-weight:600; font-size:13px; }
table.rows td, table.rows th { font-size:12px; font-family: ui-monospace, Menlo, monospace; word-break:break-all; }
tr.changed td { background:#fff8e1; }
ul.checks { margin:6px 0 0 32px; padding:0; list-style:none; color:var(--muted); font-size:12px; font-family: ui-monospace, Menlo, monospace; }
ul.checks li::before { content:"✓ "; color:var(--pass); }
#since-baseline h3 { font-size:14px; margin:14px 0 4px; } #since-baseline h3 .meta, #since-baseline li .meta { color:var(--muted); font-weight:400; font-size:12px; }
#since-baseline ul { margin:0; padding-left:20px; } #since-baseline a { color:var(--accent); }
.baseline-of { color:var(--muted); font-size:13px; margin:0 0 6px; }
.change.new-failure h3 { color:var(--fail); } .change.fixed h3 { color:var(--pass); } .change.slower-step h3 { color:var(--flaky); }
.baseline-problem { border-left:4px solid var(--flaky); background:var(--flaky-bg); padding:8px 12px; border-radius:6px; margin:0; }
.not-clean { border-left:4px solid var(--fail); background:var(--fail-bg); color:var(--fail); font-weight:600; padding:8px 12px; border-radius:6px; margin:0 0 14px; }
.not-clean a, #claimed-not-performed a { color:var(--accent); }
.bad-case-file h3 { font-size:14px; margin:12px 0 4px; } .bad-case-file ul { margin:0; padding-left:20px; }
.bad-case-file li { font-family: ui-monospace, Menlo, monospace; font-size:12.5px; color:var(--fail); }
#claimed-not-performed { margin-top:18px; } #claimed-not-performed h3 { font-size:14px; margin:0 0 4px; color:var(--flaky); }
.explain { color:var(--muted); font-size:13px; margin:0 0 8px; }
nav.toc a { margin-right:14px; color:var(--accent); text-decoration:none; font-weight:500; }
@media print { body { background:#fff; } header.top { background:#fff; color:#000; border-bottom:2px solid #000; }
  header.top .sub { color:#333; } section.card, details.test { break-inside:avoid; } nav.toc { display:none; }
  .screens img.portal { width:260px; } .screens img.phone { width:100px; } }
@media (max-width: 900px) { .totals { grid-template-columns:repeat(2, 1fr); } dl.facts { grid-template-columns:max-content 1fr; } }
`;

function renderSummary(report: SignoffReport): Markup {
  const { facts, totals } = report;
  const versions = Object.entries(facts.versions).map(
    ([name, version]) => html`<dt>${name}</dt><dd>${version}</dd>`,
  );
  const total = (outcome: Outcome | 'total', label: string) =>
    html`<div class="total ${outcome}"><b>${outcome === 'total' ? totals.total : totals[outcome]}</b>${label}</div>`;
  const badFiles = report.badCaseFiles.length;
  const notClean =
    badFiles > 0
      ? html`<p class="not-clean" data-not-clean>${caseFilesNotRead(badFiles)}: the run is not clean, whatever the journeys did. See <a href="#bad-case-files">Case files that could not be read</a>.</p>`
      : '';
  return html`<section class="card" id="summary"><h2>Summary</h2>
${notClean}<div class="totals">${total('total', 'tests')}${total('passed', 'passed')}${total('failed', 'failed')}${total('flaky', 'flaky')}${total('skipped', 'skipped')}</div>
<dl class="facts">
<dt>date</dt><dd>${facts.startedAt}</dd><dt>duration</dt><dd>${formatDuration(facts.durationMs)}</dd>${
    report.overheadMedianMs === undefined
      ? ''
      : html`<dt>lab overhead</dt><dd data-overhead-median>${formatDuration(report.overheadMedianMs)} per test (median): fixtures and evidence, not the product's steps</dd>`
  }
<dt>commit</dt><dd>${facts.commit}</dd><dt>seed</dt><dd>${facts.seed}</dd>
<dt>store</dt><dd>${facts.storeModes.join(', ') || 'not started'}</dd>${versions}
</dl></section>`;
}

function renderSinceBaseline(since: SinceBaseline): Markup {
  const title = html`<h2>Since the baseline</h2>`;
  if ('problem' in since)
    return html`<section class="card" id="since-baseline">${title}<p class="baseline-problem" data-baseline-problem>${since.problem}</p></section>`;
  const shown = changesToShow(since.changes);
  const linkTo = (test: ChangedTest, linked: boolean) =>
    linked ? html`<a href="#${anchorOf(test.key)}">${test.name}</a>` : test.name;
  const lists = shown.lists.map(({ id, heading, meaning, tests, linked }) => {
    const items = tests.map(
      (test) =>
        html`<li data-change="${id}">${linkTo(test, linked)} <span class="meta">${test.project}</span></li>`,
    );
    return html`<div class="change ${id}"><h3>${heading} (${items.length}) <span class="meta">${meaning}</span></h3><ul>${items}</ul></div>`;
  });
  const slower = shown.slowerSteps.map(
    (step) =>
      html`<tr data-change="slower-step"><td>${linkTo(step, true)} <span class="meta">${step.project}</span></td><td>${step.step}</td><td>${formatDuration(step.beforeMs)}</td><td>${formatDuration(step.nowMs)}</td><td>${step.slowdown}</td></tr>`,
  );
  const slowerTable =
    slower.length > 0
      ? html`<div class="change slower-step"><h3>${shown.slowerStepsHeading} (${slower.length})</h3>
<table><thead><tr><th>test</th><th>step</th><th>before</th><th>now</th><th>slower</th></tr></thead><tbody>${onePerLine(slower)}</tbody></table></div>`
      : '';
  return html`<section class="card" id="since-baseline">${title}
<p class="baseline-of">Compared with <code>${since.file}</code> · ${since.timestamp} · commit ${since.commit}</p>
${shown.nothingChanged ? html`<p data-no-changes>${shown.nothingChanged}</p>` : html`${onePerLine(lists)}${slowerTable}`}</section>`;
}

/** The kill matrix of `npm run mutants`: each catalogued fault, and the tests that noticed it. */
function renderWouldCatch(summary: KillMatrixSummary): Markup {
  const tried = summary.caught + summary.survived;
  const rows = summary.faults.map((fault) => {
    const first = fault.caughtBy[0];
    const languages = languagesOfFault(fault);
    return html`<tr data-fault="${fault.name}" data-verdict="${fault.verdict}" class="${fault.verdict === 'caught' ? 'passed' : 'failed'}">
<td><code>${fault.name}</code><div class="meta">${fault.description}</div></td><td>${fault.layer}</td><td>${fault.breaks.join(', ') || '—'}</td>
<td>${fault.verdict === 'caught' ? `${fault.caughtBy.length} of ${fault.testsRun}` : `survived (0 of ${fault.testsRun})`}</td><td>${languages || '—'}</td>
<td>${first ? html`${first.title} <span class="meta">${first.project}</span><div class="meta">${first.assertion ?? ''}</div>` : '—'}</td><td>${formatDuration(fault.durationMs)}</td></tr>`;
  });
  return html`<section class="card" id="would-catch"><h2>What this run would catch</h2>
<p data-would-catch>${summary.caught} of ${tried} faults tried were caught (npm run mutants, ${summary.updatedAt})${summary.notRun.length ? `; ${summary.notRun.length} catalogued faults not tried yet: ${summary.notRun.join(', ')}` : ''}.</p>
<table><thead><tr><th>fault</th><th>layer</th><th>breaks</th><th>caught by</th><th>languages</th><th>first catch</th><th>time</th></tr></thead><tbody>${onePerLine(rows)}</tbody></table></section>`;
}

function renderBadCaseFiles(report: SignoffReport): Markup {
  const files = report.badCaseFiles.map(
    (file) =>
      html`<div class="bad-case-file" data-bad-case-file="${file.path}"><h3><code>${file.path}</code></h3>
<ul>${onePerLine(file.problems.map((problem) => html`<li>${problem}</li>`))}</ul></div>`,
  );
  return html`<section class="card" id="bad-case-files"><h2>Case files that could not be read (${files.length})</h2>
<p class="explain">No journey ran for these files. Fix each problem (line:column, then where in the case and what is wrong) and run the case again.</p>
${onePerLine(files)}</section>`;
}

function renderMatrix(report: SignoffReport): Markup {
  const head = report.columns.map((column) => html`<th class="col">${column}</th>`);
  let lastJourney = '';
  const rows = report.rows.map((row) => {
    const journey = row.journey !== lastJourney ? row.journey : '';
    lastJourney = row.journey;
    const cells = report.columns.map((column) => {
      const cell = row.cells[column];
      return cell
        ? html`<td class="cell" data-column="${column}"><a class="pill ${cell.outcome}" href="#${anchorOf(cell.key)}">${OUTCOME_LABEL[cell.outcome]}</a></td>`
        : html`<td class="cell na" data-column="${column}">—</td>`;
    });
    return html`<tr><td class="journey">${journey}</td><td class="scenario">${row.title}</td>${cells}</tr>`;
  });
  return html`<section class="card" id="matrix"><h2>Journeys × phones × languages</h2>
<div class="scroll"><table class="matrix"><thead><tr><th>journey</th><th>scenario</th>${head}</tr></thead><tbody>
${onePerLine(rows)}
</tbody></table></div></section>`;
}

function renderCoverage(report: SignoffReport): Markup {
  const kinds = { step: 'Article steps', cause: 'Documented error causes', kb: 'Related KB articles' };
  const body = (Object.keys(kinds) as (keyof typeof kinds)[]).map((kind) => {
    const items = report.coverage.filter((entry) => entry.item.kind === kind);
    const rows = items.map(({ item, coveredBy, passing, claimedBy }) => {
      const state =
        coveredBy.length > 0
          ? passing
            ? html`<span class="covered">covered</span>`
            : html`<span class="notpassing">covered, not passing</span>`
          : claimedBy.length > 0
            ? html`<span class="gap">gap: claimed, not performed</span>`
            : html`<span class="gap">gap: not covered</span>`;
      const by = coveredBy.map((title) => html`<div>${title}</div>`);
      return html`<tr data-coverage="${item.id}"><td>${item.label}</td><td>${state}</td><td>${by}</td></tr>`;
    });
    return html`<tr><th colspan="3">${kinds[kind]}</th></tr>${onePerLine(rows)}`;
  });
  const gaps = report.coverage.filter((entry) => entry.coveredBy.length === 0).length;
  const claims = report.unperformedClaims.length;
  const heading = [
    `${ARTICLE_COVERAGE.length - gaps} of ${ARTICLE_COVERAGE.length} covered`,
    ...(claims > 0 ? [testsClaimingUnperformedSteps(claims)] : []),
  ].join(' · ');
  return html`<section class="card" id="coverage"><h2>Coverage of the article (${heading})</h2>
<p class="explain">An article step counts only for a test tagged with it whose run performed it; a cause or a KB article counts by its tag.</p>
<table><thead><tr><th>what</th><th>state</th><th>covered by</th></tr></thead><tbody>${onePerLine(body)}</tbody></table>
${claims > 0 ? renderUnperformedClaims(report) : ''}</section>`;
}

function renderUnperformedClaims(report: SignoffReport): Markup {
  const rows = report.unperformedClaims.map(
    (claim) =>
      html`<tr data-claim="${claim.key}"><td><a href="#${anchorOf(claim.key)}">${claim.title}</a></td><td>${claim.project}</td><td>${[claim.phone || 'browser only', claim.locale].filter(Boolean).join(' · ')}</td><td>${claim.steps.join(', ')}</td></tr>`,
  );
  return html`<div id="claimed-not-performed"><h3>Claimed but not performed (${rows.length})</h3>
<p class="explain">These tests passed, but their tags name article steps their run did not perform: those steps do not count for them. Fix the tags, or make the test do the steps.</p>
<table><thead><tr><th>test</th><th>project</th><th>phone · language</th><th>steps claimed, not performed</th></tr></thead><tbody>${onePerLine(rows)}</tbody></table></div>`;
}

function renderScreens(step: StepRecord, imageSrc: ImageSource): Markup | undefined {
  const figure = (evidence: Evidence | undefined, screen: 'portal' | 'phone') => {
    const src = evidence && imageSrc(evidence);
    return src
      ? html`<figure><figcaption>${screen}</figcaption><img class="${screen}" src="${src}" alt="${screen} after: ${step.title}" loading="lazy"></figure>`
      : undefined;
  };
  const figures = [figure(step.portal, 'portal'), figure(step.phone, 'phone')].filter(
    (shown): shown is Markup => shown !== undefined,
  );
  return figures.length > 0 ? html`<div class="screens">${figures}</div>` : undefined;
}

function renderStep(step: StepRecord, imageSrc: ImageSource): Markup {
  const checks = step.checks?.map((check) => html`<li>${check}</li>`);
  return html`<li class="${step.error ? 'failed' : 'ok'}"><div class="step-head"><span class="step-title">${step.title}</span><span class="step-time">${formatDuration(step.durationMs)}</span></div>
${step.error ? html`<pre class="error">${step.error}</pre>` : ''}${renderScreens(step, imageSrc)}${checks ? html`<ul class="checks">${checks}</ul>` : ''}</li>`;
}

function rowsOf(state: unknown, table: string): string[] {
  const value = (state as Record<string, unknown> | undefined)?.[table];
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map((row) => JSON.stringify(row));
}

/** Rows before and after, table by table, with changed rows marked. */
function renderStateChange(before: unknown, after: unknown): Markup {
  const tables = new Set([...Object.keys((before as object) ?? {}), ...Object.keys((after as object) ?? {})]);
  const parts = [...tables].map((table) => {
    const beforeRows = rowsOf(before, table);
    const afterRows = rowsOf(after, table);
    const removed = beforeRows.filter((row) => !afterRows.includes(row));
    const lines = [
      ...removed.map((row) => html`<tr><td>before</td><td>${row}</td></tr>`),
      ...afterRows.map((row) => {
        const kept = beforeRows.includes(row);
        return html`<tr class="${kept ? '' : 'changed'}"><td>${kept ? 'unchanged' : 'after'}</td><td>${row}</td></tr>`;
      }),
    ];
    return html`<tr><th colspan="2">${table} (${beforeRows.length} → ${afterRows.length})</th></tr>${lines}`;
  });
  return html`<table class="rows">${parts}</table>`;
}

function renderTest(test: TestRecord, imageSrc: ImageSource): Markup {
  const failed = test.failedStep !== undefined ? test.steps[test.failedStep] : undefined;
  // A failing check attaches no screens: the last ones before it show what it saw.
  const lastScreens = test.steps
    .slice(0, (test.failedStep ?? -1) + 1)
    .findLast((step) => step.portal || step.phone);
  const failure =
    test.outcome === 'failed'
      ? html`<div class="failure" data-failure><h3>Failed at: ${failed?.title ?? 'the test itself (a fixture or a hook)'}</h3>
<pre class="error">${test.error ?? failed?.error ?? ''}</pre>
${lastScreens ? renderScreens(lastScreens, imageSrc) : ''}
<p>Replay it exactly:</p><code class="replay" data-replay>${test.replay}</code></div>`
      : '';
  const json = (value: unknown) => html`<pre>${JSON.stringify(value ?? null, null, 2)}</pre>`;
  const apns = test.apnsPayloads ?? [];
  const retries = test.retries ? ` · ${test.retries} retr${test.retries > 1 ? 'ies' : 'y'}` : '';
  return html`<details class="test" id="${anchorOf(test.key)}" data-column="${columnOfTest(test)}" data-outcome="${test.outcome}" ${test.outcome === 'failed' ? 'open' : ''}>
<summary>${pill(test.outcome)}<span class="title">${test.title}</span><span class="meta">${test.phone || test.project} · ${test.locale} · ${formatDuration(test.durationMs)}${test.overheadMs === undefined ? '' : html` (lab ${formatDuration(test.overheadMs)})`}${retries}</span></summary>
<div class="body">${failure}
<ol class="timeline">${onePerLine(test.steps.map((step) => renderStep(step, imageSrc)))}</ol>
<div class="extras">
<details><summary>APNs payloads sent (${apns.length})</summary>${json(apns)}</details>
<details><summary>Server state: before and after</summary>${renderStateChange(test.stateBefore, test.stateAfter)}</details>
<details><summary>Device transcript (${test.transcript?.length ?? 0} entries)</summary>${json(test.transcript)}</details>
<details><summary>Replay command</summary><code class="replay">${test.replay}</code></details>
</div></div></details>`;
}

export function renderSignoffHtml(report: SignoffReport, imageSrc: ImageSource): string {
  const problems = runProblems(report);
  const ok = problems.length === 0;
  // Failed journeys come first, each opening at its failing step.
  const ordered = [...report.tests].sort(
    (a, b) => Number(b.outcome === 'failed') - Number(a.outcome === 'failed'),
  );
  const verdict = ok ? `All ${report.totals.total - report.totals.skipped} ran green` : problems.join(' · ');
  const hasBadCaseFiles = report.badCaseFiles.length > 0;
  // STYLE is this file's own constant with no report data in it, so it goes in unescaped.
  const style = trusted(STYLE);
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>IB Key lab · sign-off report · ${report.facts.startedAt.slice(0, 10)}</title>
<style>${style}</style></head>
<body>
<header class="top"><div><h1>IB Key activation · release sign-off</h1>
<div class="sub">${report.facts.startedAt} · commit ${report.facts.commit} · seed ${report.facts.seed}</div></div>
<div class="verdict ${ok ? 'ok' : 'ko'}">${verdict}</div></header>
<main>
<nav class="toc"><a href="#summary">Summary</a>${hasBadCaseFiles ? html`<a href="#bad-case-files">Case files that could not be read</a>` : ''}${report.sinceBaseline ? html`<a href="#since-baseline">Since the baseline</a>` : ''}<a href="#matrix">Matrix</a><a href="#coverage">Coverage</a>${report.wouldCatch ? html`<a href="#would-catch">What this run would catch</a>` : ''}<a href="#journeys">Journeys</a>${report.phoneGalleryHref ? html`<a href="${report.phoneGalleryHref}">Every phone screen</a>` : ''}</nav>
${renderSummary(report)}
${hasBadCaseFiles ? renderBadCaseFiles(report) : ''}
${report.sinceBaseline ? renderSinceBaseline(report.sinceBaseline) : ''}
${renderMatrix(report)}
${renderCoverage(report)}
${report.wouldCatch ? renderWouldCatch(report.wouldCatch) : ''}
<section class="card" id="journeys"><h2>Journeys</h2>
${onePerLine(ordered.map((test) => renderTest(test, imageSrc)))}
</section></main>
<script>addEventListener('beforeprint', () => document.querySelectorAll('details').forEach((d) => d.setAttribute('open', '')));</script>
</body></html>
`.value;
}
