// The sign-off report's data, built from Playwright's reporter objects: one record per test with
// its phone, locale, coverage, steps and evidence, and the run's summary. The renderers (HTML,
// Markdown, CTRF) read only this, so a single run and a merge of shards give the same report.
// Coverage is what a run did, not what its tags say: an article step counts only when the test
// is tagged with it and its run recorded doing it (a `performed` annotation).

import type { TestCase, TestResult, TestStep } from '@playwright/test/reporter';
import { faultOn } from '../product/index.ts';
import { ARTICLE_COVERAGE, type CoverageItem, coverageOf } from './article-coverage.ts';
import type { KillMatrixSummary } from './kill-matrix.ts';
import { EVIDENCE_STEP, labOverheadMs } from './lab-overhead.ts';
import { maskSecrets } from './mask-secrets.ts';
import type { SinceBaseline } from './since-baseline.ts';

export type Outcome = 'passed' | 'failed' | 'flaky' | 'skipped';

export interface Evidence {
  /** The attachment as it came: a file path or bytes. */
  path?: string;
  body?: Buffer;
}

export interface StepRecord {
  title: string;
  /** With the checks folded into it. */
  durationMs: number;
  error?: string;
  /** The passing checks (top-level expects) that followed this step and are folded into it. */
  checks?: string[];
  portal?: Evidence;
  phone?: Evidence;
}

export interface TestRecord {
  /** Stable across runs and shards: project and title path. */
  key: string;
  journey: string;
  title: string;
  file: string;
  project: string;
  phone: string;
  locale: string;
  /** What its tags claim it covers (step-4.2, kb2260, cause-qr-used). */
  covers: string[];
  /** What its run recorded doing (`performed` annotations: step-3, step-4.2, …). */
  performed: string[];
  tags: string[];
  outcome: Outcome;
  durationMs: number;
  /** Of durationMs, the time spent on the lab, not the product: fixtures and evidence (lab-overhead.ts). */
  overheadMs?: number;
  retries: number;
  startedAt?: string;
  error?: string;
  steps: StepRecord[];
  /** Index into steps of the step that failed. */
  failedStep?: number;
  apnsPayloads?: unknown[];
  stateBefore?: unknown;
  stateAfter?: unknown;
  transcript?: unknown[];
  replay: string;
  /** Set when the test stands for a customer case file that could not be read (not a journey). */
  badCaseFile?: BadCaseFile;
}

export interface BadCaseFile {
  /** Relative to the project root, or absolute when the file is outside it. */
  path: string;
  /** "12:5 steps 3 (biometrics): biometrics takes pass, fail or cancel". */
  problems: string[];
}

/** A passed test whose tags claim article steps its run did not perform. */
export interface UnperformedClaim {
  key: string;
  title: string;
  project: string;
  phone: string;
  locale: string;
  steps: string[];
}

export interface RunFacts {
  startedAt: string;
  durationMs: number;
  commit: string;
  seed: string;
  storeModes: string[];
  versions: Record<string, string>;
}

export interface SignoffReport {
  facts: RunFacts;
  /** The median lab overhead of the tests that ran to the end (undefined when none did). */
  overheadMedianMs?: number;
  tests: TestRecord[];
  totals: Record<Outcome, number> & { total: number };
  columns: string[];
  rows: { journey: string; title: string; cells: Record<string, { outcome: Outcome; key: string }> }[];
  coverage: {
    item: CoverageItem;
    coveredBy: string[];
    passing: boolean;
    /** Titles of passed tests tagged with this step whose run did not perform it. */
    claimedBy: string[];
  }[];
  /** Passed and flaky tests whose tags claim steps their run did not perform. */
  unperformedClaims: UnperformedClaim[];
  /** Customer case files that could not be read: no journey ran for them. */
  badCaseFiles: BadCaseFile[];
  /** What changed since a previous run (--baseline), when one was given. */
  sinceBaseline?: SinceBaseline;
  /** What this lab would catch: the kill matrix of `npm run mutants`, when one was written. */
  wouldCatch?: KillMatrixSummary;
  /** Where the phone gallery (npm run phone:gallery) is from the report's page, when it has been written. */
  phoneGalleryHref?: string;
}

const annotation = (test: TestCase, result: TestResult | undefined, type: string): string | undefined =>
  [...(result?.annotations ?? []), ...test.annotations].find((note) => note.type === type)?.description;

const annotationsOf = (test: TestCase, result: TestResult | undefined, type: string): string[] => [
  ...new Set(
    [...(result?.annotations ?? []), ...test.annotations]
      .filter((note) => note.type === type && note.description)
      .map((note) => note.description!),
  ),
];

function outcomeOf(test: TestCase): Outcome {
  const outcome = test.outcome();
  if (outcome === 'expected') return 'passed';
  if (outcome === 'unexpected') return 'failed';
  return outcome;
}

/** A short column name: "Face ID · fr-FR". */
export function columnOf(phone: string, locale: string): string {
  if (!phone) return `browser only · ${locale}`;
  const biometry = /\(([^)]+)\)/.exec(phone)?.[1] ?? phone;
  // "passcode only" reads as "Passcode" beside "Face ID" and "Touch ID".
  const kind = biometry.replace(/ only$/, '').replace(/^./, (first) => first.toUpperCase());
  return [kind, locale].filter(Boolean).join(' · ');
}

/** The matrix column a test's cell is in (a test without phone or locale: its project). */
export const columnOfTest = (test: Pick<TestRecord, 'phone' | 'locale' | 'project'>): string =>
  columnOf(test.phone, test.locale) || test.project;

/**
 * The screenshot ("<task> · portal", "<task> · phone") a task took once it ran, in its own
 * "capture evidence" step. Read from that step, not by name across the test: a composite task's
 * inner tasks take theirs deeper, and an inner "log in" would otherwise lend its picture (the
 * activation gate) to a later top-level "log in" (which shows "Check your phone").
 */
function evidenceOf(step: TestStep, screen: 'portal' | 'phone'): Evidence | undefined {
  const capture = step.steps.findLast((child) => child.title === EVIDENCE_STEP);
  const found = capture?.attachments.find(
    (attachment) => attachment.contentType === 'image/png' && attachment.name.endsWith(` · ${screen}`),
  );
  return found && { path: found.path, body: found.body };
}

function parseJsonAttachment(result: TestResult, name: string): unknown {
  const found = result.attachments.find((attachment) => attachment.name === name);
  if (!found?.body) return undefined;
  try {
    return JSON.parse(found.body.toString('utf8'));
  } catch {
    return undefined;
  }
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
/** Text without the terminal's colour codes that Playwright's errors carry. */
export const withoutAnsi = (text: string): string => text.replace(ANSI, '');
const clean = (text: string | undefined) => (text ? maskSecrets(withoutAnsi(text)) : undefined);

const EXPECT_TITLE = /^Expect "(.+)"$/;
const MAX_EXPECTED_LENGTH = 60;

/**
 * What a top-level expect checks, as the code reads: Playwright titles every one `Expect "toBe"`
 * (a custom message is kept as it is).
 *   → check: expect(getByTestId('status')).toHaveText("IB Key is active")
 *   → check: expect.poll(…).toHaveLength(1)
 */
export function checkTitle(title: string, params: Record<string, unknown> = {}): string {
  const matcher = EXPECT_TITLE.exec(title)?.[1];
  if (!matcher) return title;
  const words = matcher.split(' ');
  const name = words.at(-1)!;
  const modifiers = new Set(words.slice(0, -1));
  const subject = typeof params.locator === 'string' ? params.locator : '…';
  const json = 'expected' in params ? (JSON.stringify(params.expected) ?? '') : '';
  const expected = json.length > MAX_EXPECTED_LENGTH ? `${json.slice(0, MAX_EXPECTED_LENGTH)}…` : json;
  const how = ['poll', 'soft'].filter((word) => modifiers.has(word)).map((word) => `.${word}`);
  return `check: expect${how.join('')}(${subject})${modifiers.has('not') ? '.not' : ''}.${name}(${expected})`;
}

/**
 * The test's timeline: its tasks (boxed test.step) and what failed. A passing top-level expect
 * checks what the task before it did, so it is folded into that task (its time added, its check
 * listed); a failing one stays a step of its own, titled with what it checks, so it shows as the
 * failing step.
 */
export function timelineOf(result: TestResult | undefined): StepRecord[] {
  const steps: StepRecord[] = [];
  for (const step of result?.steps ?? []) {
    const isCheck = step.category === 'expect';
    if (!isCheck && step.category !== 'test.step' && !step.error) continue;
    const title = isCheck ? (clean(checkTitle(step.title, step.params)) ?? step.title) : step.title;
    const previous = steps.at(-1);
    if (isCheck && !step.error && previous) {
      previous.durationMs += step.duration;
      previous.checks = [...(previous.checks ?? []), title];
      continue;
    }
    steps.push({
      title,
      durationMs: step.duration,
      error: clean(step.error?.message),
      portal: evidenceOf(step, 'portal'),
      phone: evidenceOf(step, 'phone'),
    });
  }
  return steps;
}

/** Quotes a title for a shell and a --grep regular expression. */
function grepFor(title: string): string {
  const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/'/g, "'\\''");
  return `'${escaped}'`;
}

/** "journeys/activation-app-installed.spec.ts" → "activation app installed". */
function journeyName(file: string): string {
  return (file.split('/').at(-1) ?? file).replace(/\.spec\.ts$/, '').replace(/-/g, ' ');
}

/** A title without its coverage tags, which the report shows in its own column. */
export const withoutTags = (title: string): string => title.replace(/\s+@[\w.-]+/g, '').trim();

/**
 * The bad-case-file annotation's description: `{"path": …, "problems": […]}`. A description that
 * is not that JSON is kept as the one problem, so a bad file is never hidden by a bad annotation.
 */
export function parseBadCaseFile(description: string): BadCaseFile {
  try {
    const parsed = JSON.parse(description) as { path?: unknown; problems?: unknown };
    const problems = Array.isArray(parsed.problems) ? parsed.problems.map(String) : [];
    if (typeof parsed.path === 'string') return { path: parsed.path, problems };
  } catch {
    // Not JSON: shown as it came.
  }
  return { path: 'a case file', problems: [description] };
}

const kindOf = new Map(ARTICLE_COVERAGE.map((item) => [item.id, item.kind]));

/**
 * Whether a test counts for a coverage item: an article step only when it is tagged with it and
 * its run performed it; a cause or a KB article by its tag (the run's own words for it are not
 * needed, and a test that names one it performed counts too).
 */
export function countsFor(test: Pick<TestRecord, 'covers' | 'performed'>, id: string): boolean {
  if (kindOf.get(id) === 'step')
    return (
      test.covers.includes(id) &&
      (test.performed.includes(id) || faultOn('coverage-counts-unperformed-steps'))
    );
  return test.covers.includes(id) || test.performed.includes(id);
}

/** The article steps a test's tags claim and its run did not perform. */
export const unperformedStepsOf = (test: Pick<TestRecord, 'covers' | 'performed'>): string[] =>
  test.covers.filter((id) => kindOf.get(id) === 'step' && !test.performed.includes(id));

/** A test's stable key across runs and shards: its project and title path. */
export function testKeyOf(test: TestCase): string {
  return [test.parent.project()?.name ?? '', ...test.titlePath().slice(2)].join(' › ');
}

export function recordTest(test: TestCase, seed: string): TestRecord {
  const result = test.results.at(-1);
  const project = test.parent.project();
  const use = (project?.use ?? {}) as { phoneProfile?: string; locale?: string };
  const phone = use.phoneProfile ?? annotation(test, result, 'phone') ?? '';
  const locale = use.locale ?? annotation(test, result, 'locale') ?? '';
  const [, , file, ...titles] = test.titlePath();
  const steps = timelineOf(result);
  const failedStep = steps.findIndex((step) => step.error);
  const error = clean(result?.errors.map((problem) => problem.message ?? problem.value ?? '').join('\n\n'));
  const projectName = project?.name ?? '';
  const badCaseFile = annotation(test, result, 'bad-case-file');
  return {
    key: testKeyOf(test),
    journey: withoutTags(titles.length > 1 ? titles[0]! : journeyName(file ?? test.location.file)),
    title: withoutTags(titles.at(-1) ?? test.title),
    file: file ?? test.location.file,
    project: projectName,
    phone,
    locale,
    covers: coverageOf(test.tags),
    performed: annotationsOf(test, result, 'performed'),
    tags: test.tags,
    outcome: outcomeOf(test),
    durationMs: result?.duration ?? 0,
    overheadMs: labOverheadMs(result),
    retries: Math.max(0, test.results.length - 1),
    startedAt: result?.startTime.toISOString(),
    error: error || undefined,
    steps,
    failedStep: failedStep >= 0 ? failedStep : undefined,
    apnsPayloads: result && (parseJsonAttachment(result, 'apns payloads') as unknown[] | undefined),
    stateBefore: result && parseJsonAttachment(result, 'server state before'),
    stateAfter: result && parseJsonAttachment(result, 'server state after'),
    transcript: result && (parseJsonAttachment(result, 'device transcript') as unknown[] | undefined),
    replay: [
      ...annotationsOf(test, result, 'replay-env'),
      `LAB_SEED=${annotation(test, result, 'seed') ?? seed}`,
      `npm run lab -- --project ${projectName} --grep ${grepFor(test.title)}`,
    ].join(' '),
    ...(badCaseFile ? { badCaseFile: parseBadCaseFile(badCaseFile) } : {}),
  };
}

const SEVERITY: Outcome[] = ['skipped', 'passed', 'flaky', 'failed'];
const worse = (a: Outcome, b: Outcome): Outcome => (SEVERITY.indexOf(a) >= SEVERITY.indexOf(b) ? a : b);

/** The bad case files, one entry per file (a file is one test, but a merge may repeat it). */
function badCaseFilesOf(tests: readonly TestRecord[]): BadCaseFile[] {
  const byPath = new Map<string, BadCaseFile>();
  for (const { badCaseFile } of tests) {
    if (!badCaseFile) continue;
    const known = byPath.get(badCaseFile.path);
    byPath.set(badCaseFile.path, {
      path: badCaseFile.path,
      problems: [...new Set([...(known?.problems ?? []), ...badCaseFile.problems])],
    });
  }
  return [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
}

/** The middle value (the mean of the two middle ones for an even count); 0 for none. */
export function medianOf(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function buildReport(allTests: TestRecord[], facts: RunFacts): SignoffReport {
  // A case file that could not be read is not a journey: it has its own section, not a row.
  const tests = allTests.filter((test) => !test.badCaseFile);
  const totals = { total: tests.length, passed: 0, failed: 0, flaky: 0, skipped: 0 };
  for (const test of tests) totals[test.outcome] += 1;

  const columnOrder = new Map<string, number>();
  for (const test of tests) {
    const column = columnOfTest(test);
    if (!columnOrder.has(column)) columnOrder.set(column, columnOrder.size);
  }
  const columns = [...columnOrder.keys()].sort((a, b) => a.localeCompare(b));

  const rows = new Map<string, SignoffReport['rows'][number]>();
  for (const test of tests) {
    const rowKey = `${test.file} › ${test.journey} › ${test.title}`;
    const row = rows.get(rowKey) ?? { journey: test.journey, title: test.title, cells: {} };
    const column = columnOfTest(test);
    const existing = row.cells[column];
    const outcome =
      test.outcome === 'failed' && faultOn('matrix-failed-shown-passed') ? 'passed' : test.outcome;
    row.cells[column] = existing
      ? {
          outcome: worse(existing.outcome, outcome),
          key: test.outcome === 'failed' ? test.key : existing.key,
        }
      : { outcome, key: test.key };
    rows.set(rowKey, row);
  }

  // A failed or skipped test stopped early: the steps it did not reach are no claim to list.
  const finished = tests.filter((test) => test.outcome === 'passed' || test.outcome === 'flaky');
  const coverage = ARTICLE_COVERAGE.map((item) => {
    const covering = tests.filter((test) => countsFor(test, item.id));
    const ran = covering.filter((test) => test.outcome !== 'skipped');
    const claiming = finished.filter((test) => unperformedStepsOf(test).includes(item.id));
    return {
      item,
      coveredBy: [...new Set(covering.map((test) => test.title))],
      passing: ran.length > 0 && ran.every((test) => test.outcome === 'passed' || test.outcome === 'flaky'),
      claimedBy: [...new Set(claiming.map((test) => test.title))],
    };
  });
  const unperformedClaims = finished.flatMap((test) => {
    const steps = unperformedStepsOf(test);
    if (steps.length === 0) return [];
    const { key, title, project, phone, locale } = test;
    return [{ key, title, project, phone, locale, steps }];
  });

  const overheads = finished.flatMap((test) => (test.overheadMs === undefined ? [] : [test.overheadMs]));
  return {
    facts,
    overheadMedianMs: overheads.length ? medianOf(overheads) : undefined,
    tests: [...tests].sort((a, b) => a.key.localeCompare(b.key)),
    totals,
    columns,
    rows: [...rows.values()],
    coverage,
    unperformedClaims: unperformedClaims.sort((a, b) => a.key.localeCompare(b.key)),
    badCaseFiles: badCaseFilesOf(allTests),
  };
}

/** "1 case file could not be read", "2 case files could not be read". */
export const caseFilesNotRead = (count: number): string =>
  `${count} case file${count === 1 ? '' : 's'} could not be read`;

/** "2 tests claim steps their run did not perform". */
export const testsClaimingUnperformedSteps = (count: number): string =>
  `${count} test${count === 1 ? ' claims' : 's claim'} steps ${count === 1 ? 'its' : 'their'} run did not perform`;

/**
 * What keeps the run from being clean, worded once for every rendering: ["2 failed",
 * "1 case file could not be read"]; empty when it is clean.
 */
export function runProblems(report: Pick<SignoffReport, 'totals' | 'badCaseFiles'>): string[] {
  return [
    ...(report.totals.failed > 0 ? [`${report.totals.failed} failed`] : []),
    ...(report.badCaseFiles.length > 0 ? [caseFilesNotRead(report.badCaseFiles.length)] : []),
  ];
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}
