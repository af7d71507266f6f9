// Trends for a pull request: what changed since a previous run's ctrf.json (`--baseline`): new
// failures, fixed tests, new and removed tests, and steps that now take at least twice as long.
// Both runs are read as CTRF documents, matched by each test's stable key (its testId).

import { readFileSync } from 'node:fs';
import { type CTRFReport, validate } from 'ctrf';

/** A step is slower when it now takes at least this many times as long as it did. */
export const SLOWER_FACTOR = 2;
/** Steps shorter than this are mostly timer noise: their time counts as this much. */
export const NOISE_FLOOR_MS = 50;

type CtrfTest = CTRFReport['results']['tests'][number];

export interface ChangedTest {
  key: string;
  name: string;
  project: string;
}

export interface SlowerStep extends ChangedTest {
  step: string;
  beforeMs: number;
  nowMs: number;
}

export interface Changes {
  /** Failed now, passed in the baseline. */
  newFailures: ChangedTest[];
  /** Passed now, failed in the baseline. */
  fixed: ChangedTest[];
  newTests: ChangedTest[];
  removedTests: ChangedTest[];
  slowerSteps: SlowerStep[];
}

export type SinceBaseline =
  | { file: string; problem: string }
  | { file: string; timestamp: string; commit: string; changes: Changes };

const keyOf = (test: CtrfTest): string => test.testId ?? '';

const changedTest = (test: CtrfTest): ChangedTest => ({
  key: keyOf(test),
  name: test.name,
  project: String(test.parameters?.project ?? ''),
});

/** Each passed step's duration, by title and occurrence ("scan the QR", then "scan the QR #2"). */
function stepDurations(test: CtrfTest): Map<string, number> {
  const durations = new Map<string, number>();
  const seen = new Map<string, number>();
  for (const step of test.steps ?? []) {
    const occurrence = (seen.get(step.name) ?? 0) + 1;
    seen.set(step.name, occurrence);
    const duration = step.extra?.durationMs;
    if (step.status !== 'passed' || typeof duration !== 'number') continue;
    durations.set(occurrence > 1 ? `${step.name} #${occurrence}` : step.name, duration);
  }
  return durations;
}

function slowerStepsOf(before: CtrfTest, now: CtrfTest): SlowerStep[] {
  const beforeSteps = stepDurations(before);
  return [...stepDurations(now)].flatMap(([step, nowMs]) => {
    const beforeMs = beforeSteps.get(step);
    if (beforeMs === undefined || nowMs < SLOWER_FACTOR * Math.max(beforeMs, NOISE_FLOOR_MS)) return [];
    return [{ ...changedTest(now), step, beforeMs, nowMs }];
  });
}

/** The tests that are journeys: a case file that could not be read has its own section instead. */
const journeysOf = (report: CTRFReport): CtrfTest[] =>
  report.results.tests.filter((test) => !test.extra?.badCaseFile);

/** What changed from the baseline run to this one, test by test (matched by testId). */
export function compareRuns(baseline: CTRFReport, current: CTRFReport): Changes {
  const before = new Map(journeysOf(baseline).map((test) => [keyOf(test), test]));
  const now = new Map(journeysOf(current).map((test) => [keyOf(test), test]));
  const changes: Changes = { newFailures: [], fixed: [], newTests: [], removedTests: [], slowerSteps: [] };
  for (const [key, test] of now) {
    const previous = before.get(key);
    if (!previous) {
      changes.newTests.push(changedTest(test));
      continue;
    }
    if (test.status === 'failed' && previous.status === 'passed') changes.newFailures.push(changedTest(test));
    if (test.status === 'passed' && previous.status === 'failed') changes.fixed.push(changedTest(test));
    changes.slowerSteps.push(...slowerStepsOf(previous, test));
  }
  for (const [key, test] of before) if (!now.has(key)) changes.removedTests.push(changedTest(test));
  return changes;
}

const ASK_FOR_A_BASELINE =
  'pass the ctrf.json of an earlier lab run (its lab-output/signoff/ctrf.json, copied aside before the next run replaces it)';

/** Reads and checks a baseline ctrf.json; a problem is one sentence that names the file. */
export function readBaseline(file: string): { document: CTRFReport } | { problem: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read';
    return {
      problem: `The baseline ${file} ${reason}, so nothing is compared with it: ${ASK_FOR_A_BASELINE}.`,
    };
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return {
      problem: `The baseline ${file} is not JSON (${(error as Error).message}), so nothing is compared with it: ${ASK_FOR_A_BASELINE}.`,
    };
  }
  const validation = validate(document);
  if (!validation.valid) {
    const first = validation.errors[0];
    const where = first ? ` (${first.path || 'the document'} ${first.message})` : '';
    return {
      problem: `The baseline ${file} is not a CTRF document${where}, so nothing is compared with it: ${ASK_FOR_A_BASELINE}.`,
    };
  }
  const report = document as CTRFReport;
  if (report.results.tests.some((test) => !test.testId))
    return {
      problem: `The baseline ${file} has tests without a testId (a lab older than its stable test keys wrote it), so nothing is compared with it: ${ASK_FOR_A_BASELINE}.`,
    };
  return { document: report };
}

/** The comparison the report shows, or the sentence saying why there is none. */
export function sinceBaseline(file: string, current: CTRFReport): SinceBaseline {
  const read = readBaseline(file);
  if ('problem' in read) return { file, problem: read.problem };
  const { document } = read;
  return {
    file,
    timestamp: document.timestamp ?? 'unknown',
    commit: String(document.results.environment?.commit ?? 'unknown'),
    changes: compareRuns(document, current),
  };
}

/** The lists of changed tests, in the order a reader wants them. */
const CHANGED_TEST_LISTS = [
  {
    field: 'newFailures',
    heading: 'New failures',
    meaning: 'failed now, passed in the baseline',
    id: 'new-failure',
  },
  { field: 'fixed', heading: 'Fixed', meaning: 'passed now, failed in the baseline', id: 'fixed' },
  { field: 'newTests', heading: 'New tests', meaning: 'not in the baseline', id: 'new-test' },
  {
    field: 'removedTests',
    heading: 'Removed tests',
    meaning: 'in the baseline, not in this run',
    id: 'removed-test',
  },
] as const satisfies readonly { field: keyof Changes; heading: string; meaning: string; id: string }[];

/** What the HTML page and summary.md both show of the changes, worded once. */
export interface ChangesToShow {
  /** The non-empty lists of changed tests; `linked` when the tests are in this run. */
  lists: { id: string; heading: string; meaning: string; tests: ChangedTest[]; linked: boolean }[];
  slowerStepsHeading: string;
  /** With "3.2×": how many times as long each step now takes. */
  slowerSteps: (SlowerStep & { slowdown: string })[];
  /** The sentence to show when nothing changed. */
  nothingChanged?: string;
}

export function changesToShow(changes: Changes): ChangesToShow {
  const nothing = !Object.values(changes).some((list) => list.length > 0);
  return {
    lists: CHANGED_TEST_LISTS.filter(({ field }) => changes[field].length > 0).map(
      ({ field, heading, meaning, id }) => ({
        id,
        heading,
        meaning,
        tests: changes[field],
        linked: field !== 'removedTests',
      }),
    ),
    slowerStepsHeading: `Steps at least ${SLOWER_FACTOR}× slower`,
    slowerSteps: changes.slowerSteps.map((step) => ({
      ...step,
      slowdown: `${(step.nowMs / Math.max(step.beforeMs, 1)).toFixed(1)}×`,
    })),
    nothingChanged: nothing
      ? `Nothing changed: the same tests with the same outcomes, and no step ${SLOWER_FACTOR}× slower.`
      : undefined,
  };
}
