// `npm run mutants`: switches each catalogued fault on (LAB_FAULT, product/faults.ts), runs the
// journeys and cases whose tags claim what it breaks, the tests named to check it and a small sample
// of others, and writes the kill matrix (lab-output/mutants/kill-matrix.json): per fault and test,
// caught or not, by which assertion, in how long. The matrix is saved after every fault, and a
// fault already in it with the same tests is not run again (resumable; --fresh runs everything).
//
//   npm run mutants                              every fault, Face ID in French and English
//   npm run mutants -- --fault done-does-nothing,gate-never-advances
//   npm run mutants -- --only portal             one layer (portal, ibkr-app, ios, apns, ...)
//   npm run mutants -- --ci-sample               the fixed sample CI runs; fails if one survives
//   npm run mutants -- --unit [protocol|server]  Stryker on protocol/ and the server (stryker.config.mjs)
//   npm run mutants -- --unit server --sample 150 [--seed 7]   Stryker on a random sample of them,
//                                                the score estimated with its 95% interval
//
// Other flags: --projects a,b (Playwright projects; default faceid-fr-FR,faceid-en-US,cases,portal),
// --max-claimed N (tagged tests per project, default 2), --sample N (others, default 1),
// --workers N (default 1), --faults-at-once N (faults run side by side, default the number of
// cores), --baseline (first run the chosen tests without a fault: one that fails
// anyway proves nothing), --fresh, --list (print what each fault would run, run nothing).

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  checkedByOf,
  FAULT_LAYERS,
  FAULTS,
  type FaultDefinition,
  type FaultLayer,
  parseFaultSwitch,
  readCheckedBy,
} from '../product/index.ts';
import { currentCommit } from './current-commit.ts';
import {
  type FaultResult,
  judgeFault,
  type KillMatrix,
  killMatrixPath,
  type PlannedTest,
  type RunOutcome,
  readKillMatrix,
  type SelectedTest,
  selectTests,
} from './kill-matrix.ts';
import type { MutantRunFile } from './mutant-reporter.ts';
import {
  drawSample,
  type InventoriedMutant,
  inventoryOf,
  mutateRangeOf,
  type SampleScore,
  type StrykerReport,
  scoreOfSample,
  sourcesUnder,
} from './mutant-sample.ts';
import mutationScopeFolders from './mutation-scopes.json' with { type: 'json' };
import { formatDuration } from './signoff-model.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const REPORTER = join(ROOT, 'reports/mutant-reporter.ts');

/** What CI runs on every change: fast faults across layers, each caught by an English Face ID journey or a check. */
const CI_SAMPLE = [
  'gate-never-advances',
  'done-does-nothing',
  'banner-opens-safari-when-installed',
  'apns-strips-custom-payload',
  'case-expect-not-checked',
  'matrix-failed-shown-passed',
] as const;

interface Options {
  faults: FaultDefinition[];
  projects: string[];
  maxClaimed: number;
  sample: number;
  workers: number;
  faultsAtOnce: number;
  baseline: boolean;
  fresh: boolean;
  list: boolean;
  ciSample: boolean;
  output: string;
}

class UsageError extends Error {}

function wholeNumber(flag: string, value: string | undefined, min: number): number {
  const number = Number(value);
  if (value === undefined || !Number.isInteger(number) || number < min)
    throw new UsageError(`${flag} takes a whole number of at least ${min}, not "${value ?? ''}".`);
  return number;
}

function parseOptions(args: string[]): Options {
  const options: Options = {
    faults: [...FAULTS],
    projects: ['faceid-fr-FR', 'faceid-en-US', 'cases', 'portal'],
    maxClaimed: 2,
    sample: 1,
    workers: 1,
    faultsAtOnce: availableParallelism(),
    baseline: false,
    fresh: false,
    list: false,
    ciSample: false,
    output: killMatrixPath(),
  };
  for (let index = 0; index < args.length; index += 1) {
    const flag = args[index]!;
    const value = () => {
      index += 1;
      return args[index];
    };
    switch (flag) {
      case '--fault': {
        const names = parseFaultSwitch(value());
        if (names.size === 0) throw new UsageError('--fault takes one or more fault names, comma-separated.');
        // In the order given: the ones that matter most first.
        options.faults = [...names].map((name) => FAULTS.find((fault) => fault.name === name)!);
        break;
      }
      case '--only': {
        const layer = value();
        if (!(FAULT_LAYERS as readonly string[]).includes(layer ?? ''))
          throw new UsageError(`--only takes a layer: ${FAULT_LAYERS.join(', ')}; not "${layer ?? ''}".`);
        options.faults = options.faults.filter((fault) => fault.layer === (layer as FaultLayer));
        break;
      }
      case '--ci-sample':
        options.faults = FAULTS.filter((fault) => (CI_SAMPLE as readonly string[]).includes(fault.name));
        options.projects = ['faceid-en-US', 'cases'];
        options.maxClaimed = 1;
        options.sample = 0;
        options.fresh = true;
        options.ciSample = true;
        options.output = join(dirname(killMatrixPath()), 'ci-sample.json');
        break;
      case '--projects':
        options.projects = (value() ?? '').split(',').filter(Boolean);
        if (options.projects.length === 0)
          throw new UsageError('--projects takes project names, comma-separated.');
        break;
      case '--max-claimed':
        options.maxClaimed = wholeNumber(flag, value(), 1);
        break;
      case '--sample':
        options.sample = wholeNumber(flag, value(), 0);
        break;
      case '--workers':
        options.workers = wholeNumber(flag, value(), 1);
        break;
      case '--faults-at-once':
        options.faultsAtOnce = wholeNumber(flag, value(), 1);
        break;
      case '--baseline':
        options.baseline = true;
        break;
      case '--fresh':
        options.fresh = true;
        break;
      case '--list':
        options.list = true;
        break;
      default:
        throw new UsageError(
          `npm run mutants does not know "${flag}"; it takes --fault, --only, --ci-sample, --unit, --projects, --max-claimed, --sample, --workers, --faults-at-once, --baseline, --fresh and --list (see the top of reports/run-mutants.ts).`,
        );
    }
  }
  if (options.faults.length === 0) throw new UsageError('No fault matches the --fault and --only given.');
  return options;
}

/** Runs a command to its end; its output goes to the log file (and the terminal's with `echo`). */
function run(command: string, args: string[], env: NodeJS.ProcessEnv, log: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: 'pipe' });
    const lines: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => lines.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => lines.push(chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      writeFileSync(log, Buffer.concat(lines));
      resolve(code ?? 1);
    });
  });
}

const playwrightCli = join(ROOT, 'node_modules/@playwright/test/cli.js');
const vitestCli = join(ROOT, 'node_modules/vitest/vitest.mjs');

/** The locale each customer case runs in (its first phone's), by case id. */
function caseLocales(): Map<string, string> {
  const folder = join(ROOT, 'scenarios/cases/customer-cases');
  const locales = new Map<string, string>();
  for (const name of readdirSync(folder).filter((file) => file.endsWith('.yaml'))) {
    try {
      const data = parseYaml(readFileSync(join(folder, name), 'utf8')) as {
        id?: string;
        phone?: { locale?: string };
        phones?: Record<string, { locale?: string }>;
      };
      const locale = data.phone?.locale ?? Object.values(data.phones ?? {})[0]?.locale;
      if (data.id && locale) locales.set(data.id, locale);
    } catch {
      // A file that does not parse is its own test (a bad case file), in no language.
    }
  }
  return locales;
}

/** The Playwright tests there are in the chosen projects, the cases' and the portal's. */
async function listTests(projects: string[], workFolder: string): Promise<PlannedTest[]> {
  const output = join(workFolder, 'list.json');
  const code = await run(
    process.execPath,
    [
      playwrightCli,
      'test',
      '--list',
      `--reporter=${REPORTER}`,
      ...projects.map((name) => `--project=${name}`),
    ],
    { LAB_MUTANT_OUTPUT: output },
    join(workFolder, 'list.log'),
  );
  if (code !== 0 || !existsSync(output))
    throw new Error(
      `Listing the lab's tests failed (exit ${code}); see ${relative(ROOT, join(workFolder, 'list.log'))}.`,
    );
  const locales = caseLocales();
  const listed = (JSON.parse(readFileSync(output, 'utf8')) as MutantRunFile).tests;
  return listed.map((test) => {
    if (test.locale) return test;
    const caseId = test.key.split(' › ').find((part) => locales.has(part));
    return {
      ...test,
      locale: caseId ? locales.get(caseId)! : (/(fr-FR|en-US)/.exec(test.key)?.[1] ?? 'en-US'),
    };
  });
}

/** The Vitest files faults name to check them: each a test of its own, in no particular language. */
function vitestTests(): PlannedTest[] {
  const files = new Set(
    FAULTS.flatMap((fault) => checkedByOf(fault).map((entry) => readCheckedBy(entry).file)).filter((file) =>
      file.endsWith('.test.ts'),
    ),
  );
  return [...files].map((file) => ({
    key: file,
    kind: 'vitest',
    project: 'vitest',
    locale: 'any',
    file,
    title: file,
    covers: [],
  }));
}

/** Whether a fault runs Playwright tests: journeys that claim what it breaks, or a spec named to check it. */
const runsPlaywrightTests = (fault: FaultDefinition): boolean =>
  fault.breaks.length > 0 ||
  checkedByOf(fault).some((entry) => !readCheckedBy(entry).file.endsWith('.test.ts'));

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Runs the chosen Playwright tests, with LAB_FAULT as given, and reads back how each ended. */
async function runPlaywright(
  tests: readonly SelectedTest[],
  fault: string,
  options: Options,
  folder: string,
): Promise<Map<string, RunOutcome>> {
  const outcomes = new Map<string, RunOutcome>();
  const playwrightTests = tests.filter((test) => test.kind === 'playwright');
  if (playwrightTests.length === 0) return outcomes;
  const output = join(folder, 'playwright.json');
  rmSync(output, { force: true });
  const titles = [...new Set(playwrightTests.map((test) => escapeRegExp(test.title)))];
  const files = [
    ...new Set(playwrightTests.map((test) => escapeRegExp(test.file.replace(/^scenarios\//, '')))),
  ];
  const projects = [...new Set(playwrightTests.map((test) => test.project))];
  await run(
    process.execPath,
    [
      playwrightCli,
      'test',
      `--reporter=${REPORTER}`,
      '--retries=0',
      `--workers=${options.workers}`,
      ...projects.map((name) => `--project=${name}`),
      `--grep=${titles.join('|')}`,
      ...files,
    ],
    { LAB_FAULT: fault, LAB_MUTANT_OUTPUT: output, LAB_OUTPUT_DIR: join(folder, 'lab-output') },
    join(folder, 'playwright.log'),
  );
  if (!existsSync(output)) return outcomes;
  const wanted = new Set(playwrightTests.map((test) => test.key));
  for (const outcome of (JSON.parse(readFileSync(output, 'utf8')) as MutantRunFile).outcomes)
    if (wanted.has(outcome.key)) outcomes.set(outcome.key, outcome);
  return outcomes;
}

interface VitestJson {
  testResults: {
    name: string;
    assertionResults: { status: string; fullName: string; failureMessages: string[] }[];
  }[];
}

/** Runs the chosen Vitest files, with LAB_FAULT as given: a file catches the fault when a test in it fails. */
async function runVitest(
  tests: readonly SelectedTest[],
  fault: string,
  folder: string,
): Promise<Map<string, RunOutcome>> {
  const outcomes = new Map<string, RunOutcome>();
  for (const test of tests.filter((candidate) => candidate.kind === 'vitest')) {
    const named = `vitest-${test.file.replace(/\W+/g, '-')}`;
    const output = join(folder, `${named}.json`);
    rmSync(output, { force: true });
    const started = performance.now();
    await run(
      process.execPath,
      [vitestCli, 'run', test.file, '--reporter=json', `--outputFile=${output}`],
      { LAB_FAULT: fault },
      // One log per file: a shared one kept only the last file's output.
      join(folder, `${named}.log`),
    );
    const durationMs = performance.now() - started;
    if (!existsSync(output)) continue;
    const results = (JSON.parse(readFileSync(output, 'utf8')) as VitestJson).testResults.flatMap(
      (file) => file.assertionResults,
    );
    const failed = results.find((result) => result.status === 'failed');
    outcomes.set(
      test.key,
      failed
        ? {
            key: test.key,
            status: 'failed',
            error: `${failed.fullName}: ${failed.failureMessages[0] ?? ''}`,
            durationMs,
          }
        : { key: test.key, status: 'passed', durationMs },
    );
  }
  return outcomes;
}

/** Writes one fault's result into the matrix on disk as it is now (another run may have added to it). */
function saveResult(path: string, result: FaultResult): void {
  mkdirSync(dirname(path), { recursive: true });
  const matrix: KillMatrix = readKillMatrix(path) ?? { version: 1, updatedAt: '', faults: {} };
  matrix.faults[result.name] = result;
  matrix.updatedAt = new Date().toISOString();
  writeFileSync(path, `${JSON.stringify(matrix, null, 2)}\n`);
}

function describeResult(result: FaultResult): string {
  const caught = result.tests.filter((test) => test.verdict === 'caught');
  const ran = result.tests.filter((test) => test.verdict === 'caught' || test.verdict === 'survived');
  const where = result.caughtIn.length ? ` in ${result.caughtIn.join(', ')}` : '';
  const missed = result.missedIn.length ? `; missed in ${result.missedIn.join(', ')}` : '';
  const head = result.verdict === 'caught' ? 'caught' : 'SURVIVED';
  const first = caught[0]?.assertion
    ? `\n      first catch: ${caught[0].title.slice(0, 70)}: ${caught[0].assertion}`
    : '';
  return `${head} by ${caught.length} of ${ran.length} tests${where}${missed} (${formatDuration(result.durationMs)})${first}`;
}

/**
 * Runs `work` on each item, at most `limit` at a time, in order of the items. After a failure it
 * starts no other item, waits for those under way (each a lab run to end, not to orphan), then
 * throws the first error.
 */
async function eachAtMost<T>(limit: number, items: T[], work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const errors: unknown[] = [];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined && errors.length === 0; item = queue.shift()) {
      await work(item).catch((error: unknown) => {
        errors.push(error);
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (errors.length > 0) throw errors[0];
}

/** The folders of each scope, as stryker.config.mjs reads them. */
const UNIT_SCOPE_FOLDERS: Record<string, string[]> = mutationScopeFolders;

interface UnitSample {
  count: number;
  seed: string;
}

/** Takes --sample N and --seed S out of the arguments meant for Stryker. */
function takeSampleFlags(args: string[]): { sample: UnitSample | undefined; rest: string[] } {
  const rest: string[] = [];
  let count: number | undefined;
  let seed = '1';
  const queue = [...args];
  for (let flag = queue.shift(); flag !== undefined; flag = queue.shift()) {
    if (flag === '--sample') count = wholeNumber('--sample', queue.shift(), 1);
    else if (flag === '--seed') {
      const value = queue.shift();
      if (!value || value.startsWith('-'))
        throw new UsageError('--seed takes a word or number, e.g. --seed 7.');
      seed = value;
    } else rest.push(flag);
  }
  if (count === undefined && args.includes('--seed'))
    throw new UsageError('--seed chooses the sample of --sample N; give --sample too.');
  return { sample: count === undefined ? undefined : { count, seed }, rest };
}

async function runUnitMutants(args: string[]): Promise<number> {
  const [scopeArgument, ...afterScope] = args;
  const config = join(ROOT, 'stryker.config.mjs');
  if (!existsSync(config))
    throw new UsageError('npm run mutants -- --unit needs stryker.config.mjs at the project root.');
  const scoped = scopeArgument && !scopeArgument.startsWith('-') ? scopeArgument : undefined;
  if (scoped && !(scoped in UNIT_SCOPE_FOLDERS))
    throw new UsageError(
      `--unit takes a scope: ${Object.keys(UNIT_SCOPE_FOLDERS).join(', ')}; not "${scoped}".`,
    );
  const { sample, rest } = takeSampleFlags(scoped ? afterScope : args);
  const scope = scoped ?? 'all';
  const env: NodeJS.ProcessEnv = { ...process.env, LAB_MUTANTS_SCOPE: scope };
  let sampled: InventoriedMutant[] = [];
  // Where stryker.config.mjs writes a sampled run's report: the sample and its score go beside it.
  const testsOnly = process.env.LAB_MUTANTS_TESTS === 'unit' ? '-unit-tests' : '';
  const sampleFolder = join(ROOT, 'lab-output/mutants-unit', `${scope}-sample${testsOnly}`);
  if (sample) {
    const files = sourcesUnder(ROOT, UNIT_SCOPE_FOLDERS[scope] ?? []);
    const inventory = await inventoryOf(ROOT, files);
    sampled = drawSample(inventory, sample.count, sample.seed);
    mkdirSync(sampleFolder, { recursive: true });
    const sampleFile = join(sampleFolder, 'sample.json');
    writeFileSync(
      sampleFile,
      JSON.stringify(
        { seed: sample.seed, of: inventory.length, ranges: sampled.map(mutateRangeOf), sampled },
        null,
        2,
      ),
    );
    env.LAB_MUTANTS_SAMPLE = sampleFile;
    // A mutant in code a test file runs before its tests (a route's schema, registered as the
    // server starts in beforeAll) is "static": per-test coverage would send it only to a test that
    // happened to run it again, and report it survived. A sample is small enough to give each of
    // those every test instead.
    env.LAB_MUTANTS_STATIC ??= '1';
    console.log(
      `Sampling ${sampled.length} of the ${inventory.length} mutants of ${scope} (${files.length} files, seed ${sample.seed}): ${relative(ROOT, sampleFile)}`,
    );
  }
  const child = spawn(
    process.execPath,
    [join(ROOT, 'node_modules/@stryker-mutator/core/bin/stryker.js'), 'run', config, ...rest],
    { cwd: ROOT, stdio: 'inherit', env },
  );
  const code = await new Promise<number>((resolve) => child.on('exit', (exit) => resolve(exit ?? 1)));
  if (!sample || code !== 0) return code;
  const report = JSON.parse(readFileSync(join(sampleFolder, 'mutation.json'), 'utf8')) as StrykerReport;
  const scores = scoreOfSample(sampled, report);
  writeFileSync(join(sampleFolder, 'sample-score.json'), JSON.stringify(scores, null, 2));
  console.log(
    `\nEstimated mutation score of ${scope} from ${sampled.length} sampled mutants (95% interval):`,
  );
  for (const line of scores) console.log(describeSampleScore(line));
  return 0;
}

function describeSampleScore(line: SampleScore): string {
  const score =
    line.score === undefined || !line.interval
      ? 'no counted mutant'
      : `${line.score.toFixed(1)}% (${line.interval[0].toFixed(0)}-${line.interval[1].toFixed(0)}%)`;
  const notCounted = line.notCounted ? `, ${line.notCounted} ignored or errors` : '';
  const missing = line.missing ? `, ${line.missing} not in the report` : '';
  return `  ${line.folder.padEnd(18)} ${score}: ${line.detected} caught, ${line.undetected} not, of ${line.sampled}${notCounted}${missing}`;
}

async function main(args: string[]): Promise<number> {
  if (args[0] === '--unit') return runUnitMutants(args.slice(1));
  const options = parseOptions(args);
  const started = performance.now();
  const workFolder = join(dirname(options.output), 'runs');
  mkdirSync(workFolder, { recursive: true });
  const needsPlaywright = options.faults.some(runsPlaywrightTests);
  const projects = options.projects;
  console.log(`Listing the tests of ${projects.join(', ')}…`);
  const planned = [...(needsPlaywright ? await listTests(projects, workFolder) : []), ...vitestTests()];
  const selections = options.faults.map((fault) => {
    const tests = selectTests(fault, planned, { maxClaimed: options.maxClaimed, sample: options.sample });
    // The CI sample keeps to the journeys for a product fault: the cases are the runner's checks there.
    const kept =
      options.ciSample && fault.breaks.length > 0 ? tests.filter((test) => test.project !== 'cases') : tests;
    return { fault, tests: kept };
  });
  if (options.list) {
    for (const { fault, tests } of selections) {
      console.log(
        `${fault.name} (${fault.layer}; breaks ${fault.breaks.join(', ') || 'the report or the runner'}):`,
      );
      for (const test of tests)
        console.log(`  ${test.role.padEnd(6)} ${test.project} ${test.locale} ${test.title.slice(0, 90)}`);
    }
    return 0;
  }

  // The verdicts already recorded (none with --fresh); saveResult merges each new one into the file.
  const recorded: KillMatrix['faults'] = options.fresh ? {} : (readKillMatrix(options.output)?.faults ?? {});
  const failsWithoutFault = new Set<string>();
  if (options.baseline) {
    const everything = [
      ...new Map(selections.flatMap(({ tests }) => tests).map((test) => [test.key, test])).values(),
    ];
    console.log(`Baseline: ${everything.length} tests without any fault…`);
    const folder = join(workFolder, 'baseline');
    mkdirSync(folder, { recursive: true });
    const outcomes = new Map([
      ...(await runPlaywright(everything, '', options, folder)),
      ...(await runVitest(everything, '', folder)),
    ]);
    for (const outcome of outcomes.values())
      if (outcome.status === 'failed') failsWithoutFault.add(outcome.key);
    console.log(
      failsWithoutFault.size
        ? `  ${failsWithoutFault.size} fail without a fault, and count for no fault: ${[...failsWithoutFault].join('; ')}`
        : '  all pass without a fault',
    );
  }

  const commit = currentCommit(ROOT);
  const results: (FaultResult | undefined)[] = [];
  const labFailures: string[] = [];
  // Each fault is its own lab run, and most of its time is waiting (a test's start, an assertion
  // waiting out its timeout on the broken product): several at once keep the cores busy.
  await eachAtMost(options.faultsAtOnce, [...selections.entries()], async ([index, { fault, tests }]) => {
    const progress = `[${index + 1}/${selections.length}] ${fault.name}`;
    const known = recorded[fault.name];
    // Already run with these tests (or more): its verdicts stand.
    const ranBefore = new Set(
      known?.tests.filter((test) => test.verdict !== 'notRun').map((test) => test.key),
    );
    if (known && tests.every((test) => ranBefore.has(test.key))) {
      console.log(
        `${progress} (${fault.layer}): already in the matrix, ${known.verdict} (--fresh runs it again)`,
      );
      results[index] = known;
      return;
    }
    if (tests.length === 0) {
      console.log(
        `${progress} (${fault.layer}): no test of ${options.projects.join(', ')} checks it; left out (--projects)`,
      );
      return;
    }
    console.log(`${progress} (${fault.layer}): ${tests.length} tests…`);
    const folder = join(workFolder, fault.name);
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    const faultStarted = performance.now();
    const outcomes = new Map([
      ...(await runPlaywright(tests, fault.name, options, folder)),
      ...(await runVitest(tests, fault.name, folder)),
    ]);
    const result = judgeFault(fault, tests, outcomes, failsWithoutFault, {
      ranAt: new Date().toISOString(),
      commit,
      durationMs: performance.now() - faultStarted,
    });
    const ran = result.tests.some((test) => test.verdict === 'caught' || test.verdict === 'survived');
    if (!ran) {
      // The lab itself failed (a run that could not start): no verdict on the fault.
      console.log(
        `${progress}: none of its tests ran: no verdict; see ${relative(ROOT, join(folder, 'playwright.log'))}`,
      );
      labFailures.push(fault.name);
      return;
    }
    saveResult(options.output, result);
    results[index] = result;
    const notRun = result.tests.filter((test) => test.verdict === 'notRun');
    console.log(
      `${progress}: ${describeResult(result)}${notRun.length ? `\n    ${notRun.length} tests did not run; see ${relative(ROOT, join(folder, 'playwright.log'))}` : ''}`,
    );
  });
  const thisRun = results.filter((result) => result !== undefined);

  const survivors = thisRun.filter((result) => result.verdict === 'survived');
  const partly = thisRun.filter((result) => result.verdict === 'caught' && result.missedIn.length > 0);
  console.log(
    `\n${thisRun.length - survivors.length} of ${thisRun.length} faults caught, in ${formatDuration(performance.now() - started)}. Kill matrix: ${relative(ROOT, options.output)}`,
  );
  for (const result of survivors) console.log(`  survived: ${result.name}: ${result.description}`);
  for (const result of partly) console.log(`  missed in ${result.missedIn.join(', ')}: ${result.name}`);
  if (labFailures.length)
    console.log(`  no verdict (their tests did not run, the lab failed): ${labFailures.sort().join(', ')}`);
  return survivors.length > 0 || labFailures.length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`\n${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
