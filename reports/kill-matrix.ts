// The kill matrix of `npm run mutants`: for each catalogued fault (product/faults.ts), the tests run
// with it switched on and whether each caught it (failed, and by which assertion) or let it through.
// Which tests a fault is run against, how a run's outcomes become verdicts, and what the sign-off
// report says of it are here, apart from the runner that spawns Playwright and Vitest
// (run-mutants.ts), so they can be tested without running anything.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkedByOf, type FaultDefinition, readCheckedBy } from '../product/index.ts';
import { labOutputPaths } from './output-paths.ts';

/** A test the runner can run: a Playwright test in a project, or a Vitest file. */
export interface PlannedTest {
  /** Playwright: project › file › titles; Vitest: the file. */
  key: string;
  kind: 'playwright' | 'vitest';
  project: string;
  /** fr-FR, en-US, or "any" for a test whose language does not matter (a unit test). */
  locale: string;
  file: string;
  title: string;
  /** Coverage ids its tags claim (step-11, cause-qr-used, kb2260). */
  covers: string[];
}

export type TestRole = 'claims' | 'checks' | 'sample';

export interface SelectedTest extends PlannedTest {
  /** Why it runs: its tags claim what the fault breaks, its file is named to check it, or the sample. */
  role: TestRole;
}

export interface TestVerdict {
  key: string;
  project: string;
  locale: string;
  file: string;
  title: string;
  role: TestRole;
  /** caught: it failed with the fault on; survived: it passed; failsAnyway: it fails without the fault too. */
  verdict: 'caught' | 'survived' | 'skipped' | 'failsAnyway' | 'notRun';
  /** The first line of the error that caught it, with where it was raised. */
  assertion?: string;
  durationMs: number;
}

export interface FaultResult {
  name: string;
  layer: string;
  breaks: string[];
  description: string;
  locale?: string;
  ranAt: string;
  commit: string;
  /** Wall time of its runs (Playwright with its lab, and Vitest). */
  durationMs: number;
  /** A digest of the keys of the tests it ran, to know a resumed run would run the same ones. */
  selection: string;
  tests: TestVerdict[];
  verdict: 'caught' | 'survived';
  /** The languages in which some test caught it ("any" for a unit test, which stands for all). */
  caughtIn: string[];
  /** The languages it ran in where nothing caught it. */
  missedIn: string[];
}

export interface KillMatrix {
  version: 1;
  updatedAt: string;
  faults: Record<string, FaultResult>;
}

export const killMatrixPath = (root = labOutputPaths().root): string =>
  join(root, 'mutants', 'kill-matrix.json');

export function readKillMatrix(path = killMatrixPath()): KillMatrix | undefined {
  if (!existsSync(path)) return undefined;
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as KillMatrix;
  if (parsed.version !== 1 || typeof parsed.faults !== 'object')
    throw new Error(
      `${path} is not a kill matrix this lab writes (version 1); delete it or run npm run mutants -- --fresh.`,
    );
  return parsed;
}

export interface SelectionOptions {
  /** Tagged tests run at most this many per project (the fault's checkedBy files first). */
  maxClaimed: number;
  /** Other tests run besides, per fault: a sample that says whether a fault breaks more than it claims. */
  sample: number;
}

/** A stable pseudo-random order for the sample, the same for a fault from one run to the next. */
const rank = (fault: string, key: string) => createHash('sha256').update(`${fault}\n${key}`).digest('hex');

/**
 * The tests one fault runs against, from the tests that exist in the chosen projects: those whose
 * tags claim what it breaks and those in the files that check it (in its language only when it
 * has one), at most `maxClaimed` per project, plus a sample of the others.
 */
export function selectTests(
  fault: FaultDefinition,
  tests: readonly PlannedTest[],
  options: SelectionOptions,
): SelectedTest[] {
  const inLanguage = (test: PlannedTest) =>
    !fault.locale || test.locale === fault.locale || test.locale === 'any';
  const isChecker = (test: PlannedTest) =>
    checkedByOf(fault).some((entry) => {
      const { file, titleWords } = readCheckedBy(entry);
      return test.file === file && (!titleWords || test.title.includes(titleWords));
    });
  const claims = (test: PlannedTest) => test.covers.some((id) => fault.breaks.includes(id));
  const chosen: SelectedTest[] = [];
  const byProject = new Map<string, PlannedTest[]>();
  for (const test of tests) {
    if (!inLanguage(test) || !(claims(test) || isChecker(test))) continue;
    // A case names its own language: its lane is the cases project in that language.
    const lane = `${test.project} ${test.locale}`;
    byProject.set(lane, [...(byProject.get(lane) ?? []), test]);
  }
  for (const candidates of byProject.values()) {
    // Checked-by files first; a unit test file always runs whole.
    const ordered = [...candidates].sort(
      (a, b) => Number(isChecker(b)) - Number(isChecker(a)) || a.key.localeCompare(b.key),
    );
    for (const test of ordered.slice(0, options.maxClaimed))
      chosen.push({ ...test, role: claims(test) ? 'claims' : 'checks' });
  }
  // The report's and the case runner's faults are checked by their own tests, not by journeys.
  if (fault.breaks.length === 0) return chosen;
  const taken = new Set(chosen.map((test) => test.key));
  const others = tests
    .filter((test) => test.kind === 'playwright' && !taken.has(test.key) && inLanguage(test))
    .sort((a, b) => rank(fault.name, a.key).localeCompare(rank(fault.name, b.key)))
    .slice(0, options.sample);
  return [...chosen, ...others.map((test) => ({ ...test, role: 'sample' as const }))];
}

export const selectionDigest = (tests: readonly Pick<PlannedTest, 'key'>[]): string =>
  createHash('sha256')
    .update(
      tests
        .map((test) => test.key)
        .sort()
        .join('\n'),
    )
    .digest('hex')
    .slice(0, 16);

/** How a test ended with the fault on, as the runner read it from Playwright or Vitest. */
export interface RunOutcome {
  key: string;
  status: 'passed' | 'failed' | 'skipped';
  error?: string;
  durationMs: number;
}

/** The first meaningful line of an error: the assertion that caught the fault, not a stack frame. */
export function firstErrorLine(error: string | undefined): string | undefined {
  if (!error) return undefined;
  const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
  const line = error
    .replace(ansi, '')
    .split('\n')
    .map((text) => text.trim())
    .find((text) => text.length > 0 && !text.startsWith('at '));
  return line && line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/**
 * The fault's verdict from its tests' outcomes: caught when a test failed with it on (a test that
 * also fails without it, as the baseline found, proves nothing); in which languages.
 */
export function judgeFault(
  fault: FaultDefinition,
  selected: readonly SelectedTest[],
  outcomes: ReadonlyMap<string, RunOutcome>,
  failsWithoutFault: ReadonlySet<string>,
  run: { ranAt: string; commit: string; durationMs: number },
): FaultResult {
  const tests: TestVerdict[] = selected.map((test) => {
    const outcome = outcomes.get(test.key);
    const verdict: TestVerdict['verdict'] = !outcome
      ? 'notRun'
      : outcome.status === 'skipped'
        ? 'skipped'
        : failsWithoutFault.has(test.key)
          ? 'failsAnyway'
          : outcome.status === 'failed'
            ? 'caught'
            : 'survived';
    const assertion = verdict === 'caught' ? firstErrorLine(outcome?.error) : undefined;
    return {
      key: test.key,
      project: test.project,
      locale: test.locale,
      file: test.file,
      title: test.title,
      role: test.role,
      verdict,
      ...(assertion ? { assertion } : {}),
      durationMs: outcome?.durationMs ?? 0,
    };
  });
  const languages = (which: TestVerdict['verdict']) => [
    ...new Set(tests.filter((test) => test.verdict === which).map((test) => test.locale)),
  ];
  const caughtIn = languages('caught').sort();
  const ranIn = [...new Set([...languages('caught'), ...languages('survived')])];
  const caughtEverywhere = caughtIn.includes('any');
  return {
    name: fault.name,
    layer: fault.layer,
    breaks: [...fault.breaks],
    description: fault.description,
    ...(fault.locale ? { locale: fault.locale } : {}),
    ranAt: run.ranAt,
    commit: run.commit,
    durationMs: run.durationMs,
    selection: selectionDigest(selected),
    tests,
    verdict: caughtIn.length > 0 ? 'caught' : 'survived',
    caughtIn,
    missedIn: caughtEverywhere ? [] : ranIn.filter((locale) => !caughtIn.includes(locale)).sort(),
  };
}

/** What the sign-off report shows of a kill matrix: one row per fault, and the totals. */
export interface KillMatrixSummary {
  updatedAt: string;
  faults: {
    name: string;
    layer: string;
    breaks: string[];
    description: string;
    verdict: 'caught' | 'survived';
    caughtBy: { title: string; project: string; assertion?: string }[];
    caughtIn: string[];
    missedIn: string[];
    testsRun: number;
    durationMs: number;
  }[];
  caught: number;
  survived: number;
  /** Catalogued faults no run has tried yet. */
  notRun: string[];
}

/** The languages column of the report: where a fault was caught, then where it was not ("fr-FR, not en-US"). */
export const languagesOfFault = (fault: Pick<FaultResult, 'caughtIn' | 'missedIn'>): string =>
  [...fault.caughtIn, ...fault.missedIn.map((locale) => `not ${locale}`)].join(', ');

export function summarizeKillMatrix(matrix: KillMatrix, catalogue: readonly string[]): KillMatrixSummary {
  const faults = Object.values(matrix.faults)
    .filter((result) => catalogue.includes(result.name))
    .sort((a, b) => catalogue.indexOf(a.name) - catalogue.indexOf(b.name))
    .map((result) => ({
      name: result.name,
      layer: result.layer,
      breaks: result.breaks,
      description: result.description,
      verdict: result.verdict,
      caughtBy: result.tests
        .filter((test) => test.verdict === 'caught')
        .map((test) => ({
          title: test.title,
          project: test.project,
          ...(test.assertion ? { assertion: test.assertion } : {}),
        })),
      caughtIn: result.caughtIn,
      missedIn: result.missedIn,
      testsRun: result.tests.filter((test) => test.verdict !== 'notRun' && test.verdict !== 'skipped').length,
      durationMs: result.durationMs,
    }));
  return {
    updatedAt: matrix.updatedAt,
    faults,
    caught: faults.filter((fault) => fault.verdict === 'caught').length,
    survived: faults.filter((fault) => fault.verdict === 'survived').length,
    notRun: catalogue.filter((name) => !matrix.faults[name]),
  };
}
