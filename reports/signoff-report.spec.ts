// The sign-off report as its readers get it: a small lab run with one journey made to fail, and
// the same run split into two shards and merged. Checked in Chromium (matrix, images, the
// failure first with its replay command), as CTRF and JUnit, for leaked secrets, and for the
// merge giving what a single run gives; the merge again against a baseline (changed by hand to
// have one change of each kind) and against a baseline that does not exist.

import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import { validate } from 'ctrf';
import { findLeakedSecrets, parseLedger } from './find-leaked-secrets.ts';
import { runLabScript, runPlaywright } from './test-support/run-lab.ts';

// faceid-en-US and faceid-fr-FR: the same journeys on projects whose names have the same length.
const SUBSET = [
  '--project=provoked-failure',
  '--project=faceid-en-US',
  '--project=faceid-fr-FR',
  '--project=passcode-fr-FR',
  '--grep=provoked|already installed|Deny:|Unregistered',
  // One worker a run: the three runs side by side already keep both cores busy. With two each, a
  // machine at half speed had a journey's database read miss its timeout (503), 1 CI run in 2.
  '--workers=1',
];
const SEED = '4711';
/** Three lab runs share the cores: each may take up to three times as long as alone (about 1.5 min here). */
const THREE_RUNS_AT_ONCE_MS = 600_000;

interface CtrfTest {
  testId: string;
  name: string;
  status: string;
  device?: string;
  parameters?: { locale?: string; project?: string };
  steps?: { name: string; status: string; extra?: { durationMs?: number } }[];
  trace?: string;
}

interface Ctrf {
  results: { summary: Record<string, number>; tests: CtrfTest[] };
}

// LAB_REPORT_TEST_FOLDER keeps the runs' output for a second look (and reuses it when rerun).
const kept = process.env.LAB_REPORT_TEST_FOLDER;
const folder = kept ?? mkdtempSync(join(tmpdir(), 'lab-report-test-'));
const ledger = join(folder, 'secrets.jsonl');
// What the runs wrote, apart from the ledger of the secrets they generated.
const runs = join(folder, 'runs');
const single = join(runs, 'single');
const merged = join(runs, 'merged');
const mergedVsBaseline = join(runs, 'merged-vs-baseline');
const mergedVsMissingBaseline = join(runs, 'merged-vs-missing-baseline');
const editedBaseline = join(runs, 'baseline-ctrf.json');
const missingBaseline = join(runs, 'no-such-baseline.json');
const missingBaselineOutput = join(folder, 'missing-baseline-output.txt');
const labEnv = (output: string) => ({
  LAB_OUTPUT_DIR: output,
  LAB_PROVOKE_FAILURE: '1',
  LAB_SECRET_LEDGER: ledger,
  LAB_SEED: SEED,
});
const readCtrf = (output: string) =>
  JSON.parse(readFileSync(join(output, 'signoff/ctrf.json'), 'utf8')) as Ctrf;

const RETIRED_JOURNEY = 'a retired journey';

/**
 * The journeys of a run that failed without being made to, each with the start of its error: when
 * a machine is too slow for the lab, the test says which journey and why, not only a count.
 */
function unprovokedFailures(output: string) {
  return readCtrf(output)
    .results.tests.filter(
      (test) => test.status === 'failed' && test.parameters?.project !== 'provoked-failure',
    )
    .map((test) => `${test.testId}\n${(test.trace ?? '').split('\n').slice(0, 12).join('\n')}`);
}

/** The activation journey's steps on faceid-en-US whose titles occur once, slowest first. */
function activationSteps(ctrf: Ctrf) {
  const activation = ctrf.results.tests.find(
    (test) => test.name.includes('already installed') && test.parameters?.project === 'faceid-en-US',
  )!;
  const steps = activation.steps ?? [];
  const duration = (step: (typeof steps)[number]) => step.extra?.durationMs ?? 0;
  return steps
    .filter((step) => steps.filter((other) => other.name === step.name).length === 1)
    .sort((a, b) => duration(b) - duration(a));
}

/**
 * A baseline that differs from the merged run by one change of each kind: the provoked failure
 * passed, Deny on faceid-fr-FR failed, the activation's slowest step took a third of its time
 * (and its next slowest two thirds, which is not enough to count), the Unregistered journey on
 * passcode-fr-FR did not exist, and a retired journey did.
 */
function baselineFrom(current: Ctrf): Ctrf {
  const baseline = structuredClone(current);
  const { tests } = baseline.results;
  const find = (name: string, project: string) =>
    tests.find((test) => test.name.includes(name) && test.parameters?.project === project)!;
  Object.assign(find('provoked', 'provoked-failure'), { status: 'passed', steps: [] });
  find('Deny:', 'faceid-fr-FR').status = 'failed';
  const [slowest, nextSlowest] = activationSteps(baseline);
  slowest!.extra = { durationMs: Math.floor(slowest!.extra!.durationMs! / 3) };
  nextSlowest!.extra = { durationMs: Math.ceil(nextSlowest!.extra!.durationMs! / 1.5) };
  tests.splice(tests.indexOf(find('Unregistered', 'passcode-fr-FR')), 1);
  tests.push({
    ...tests[0]!,
    testId: `faceid-en-US › journeys/retired.spec.ts › ${RETIRED_JOURNEY}`,
    name: `retired › ${RETIRED_JOURNEY}`,
    status: 'passed',
  });
  return baseline;
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(900_000);
  if (kept && existsSync(join(folder, 'ready'))) return;
  mkdirSync(folder, { recursive: true });
  const blobs = join(runs, 'blobs');
  // A kept folder's runs that did not finish are run again: none of their blobs may be merged.
  rmSync(runs, { recursive: true, force: true });
  mkdirSync(blobs, { recursive: true });
  // The single run and the two shards side by side, as CI machines run them; all have ended before
  // any is judged.
  const shards = ['1/2', '2/2'].map((shard) => ({ output: join(runs, `shard-${shard[0]}`), shard }));
  const [run, ...parts] = await Promise.all([
    runLabScript(['test', ...SUBSET], labEnv(single), THREE_RUNS_AT_ONCE_MS),
    ...shards.map(({ output, shard }) =>
      runPlaywright(['test', ...SUBSET, `--shard=${shard}`], labEnv(output), THREE_RUNS_AT_ONCE_MS),
    ),
  ]);
  // One journey fails on purpose: the run must say so with its exit code.
  expect(run!.exitCode, run!.output).toBe(1);
  expect(unprovokedFailures(single), 'the single run had journeys fail on their own').toEqual([]);
  expect(run!.output).toContain('1 failed');
  for (const [index, part] of parts.entries()) {
    expect([0, 1], part.output).toContain(part.exitCode);
    const { output } = shards[index]!;
    expect(
      unprovokedFailures(output),
      `shard ${shards[index]!.shard} had journeys fail on their own`,
    ).toEqual([]);
    for (const blob of readdirSync(join(output, 'blob')))
      cpSync(join(output, 'blob', blob), join(blobs, blob));
  }
  const merge = await runPlaywright(['merge-reports', '--config', 'reports/merge.config.ts', blobs], {
    LAB_OUTPUT_DIR: merged,
  });
  expect(merge.exitCode, merge.output).toBe(0);

  // As `npm run lab:merge -- --baseline <file> <blobs>` runs it. A merge unpacks the blobs into
  // their folder: two merges side by side each need a folder of their own, or one reads the
  // events file the other is writing.
  writeFileSync(editedBaseline, JSON.stringify(baselineFrom(readCtrf(merged)), null, 2));
  const blobsAgain = join(runs, 'blobs-again');
  mkdirSync(blobsAgain);
  for (const blob of readdirSync(blobs).filter((name) => name.endsWith('.zip')))
    cpSync(join(blobs, blob), join(blobsAgain, blob));
  const [compared, uncompared] = await Promise.all([
    runLabScript(['merge', '--baseline', editedBaseline, blobs], { LAB_OUTPUT_DIR: mergedVsBaseline }),
    runLabScript(['merge', `--baseline=${missingBaseline}`, blobsAgain], {
      LAB_OUTPUT_DIR: mergedVsMissingBaseline,
    }),
  ]);
  expect(compared.exitCode, compared.output).toBe(0);
  expect(uncompared.exitCode, uncompared.output).toBe(0);
  writeFileSync(missingBaselineOutput, uncompared.output);
  writeFileSync(join(folder, 'ready'), '');
});

test.afterAll(() => {
  if (!kept) rmSync(folder, { recursive: true, force: true });
});

test('the matrix has a cell per journey × profile × locale, each linking to its own journey', async ({
  page,
}) => {
  const ctrf = readCtrf(single);
  await page.goto(pathToFileURL(join(single, 'signoff/index.html')).href);
  const columns = await page.locator('table.matrix th.col').allTextContents();
  expect(columns.map((column) => column.trim())).toEqual([
    'Face ID · en-US',
    'Face ID · fr-FR',
    'Passcode · fr-FR',
  ]);
  const rows = page.locator('table.matrix tbody tr');
  await expect(rows).toHaveCount(4);
  // Every row has one cell per column; every test that ran has a linked status cell.
  await expect(page.locator('table.matrix td.cell')).toHaveCount(4 * columns.length);
  const links = page.locator('table.matrix td.cell a.pill');
  await expect(links).toHaveCount(ctrf.results.tests.length);
  const cells = await links.evaluateAll((all) =>
    all.map((link) => ({
      href: link.getAttribute('href')!,
      column: link.closest('td')!.dataset.column,
      title: link.closest('tr')!.querySelector('td.scenario')!.textContent,
    })),
  );
  expect(new Set(cells.map((cell) => cell.href)).size, 'every cell links to a journey of its own').toBe(
    cells.length,
  );
  for (const cell of cells) {
    const journey = page.locator(`details.test${cell.href}`);
    await expect(journey, `${cell.title} · ${cell.column}`).toHaveCount(1);
    await expect(journey).toHaveAttribute('data-column', cell.column!);
    await expect(journey.locator('summary .title')).toHaveText(cell.title!);
  }
});

test('steps are titled in the language of the journey', async ({ page }) => {
  await page.goto(pathToFileURL(join(single, 'signoff/index.html')).href);
  const titlesIn = (column: string) =>
    page.locator(`details.test[data-column="${column}"] .step-title`).allTextContents();
  expect(await titlesIn('Face ID · fr-FR')).toContain('se connecter au Portail Client');
  expect(await titlesIn('Face ID · fr-FR')).not.toContain('log in to the Client Portal');
  expect(await titlesIn('Face ID · en-US')).toContain('log in to the Client Portal');
});

for (const [run, output] of [
  ['a single run', single],
  ['a merge of shards', merged],
] as const) {
  test(`every evidence image loads, in the report of ${run}`, async ({ page }) => {
    await page.goto(pathToFileURL(join(output, 'signoff/index.html')).href);
    await page.locator('details').evaluateAll((all) => {
      for (const details of all) details.setAttribute('open', '');
    });
    const images = page.locator('img');
    expect(await images.count()).toBeGreaterThan(20);
    await images.evaluateAll((all) => {
      for (const image of all) (image as HTMLImageElement).loading = 'eager';
    });
    await expect
      .poll(() =>
        images.evaluateAll((all) => all.filter((image) => !(image as HTMLImageElement).complete).length),
      )
      .toBe(0);
    const broken = await images.evaluateAll((all) =>
      all
        .filter((image) => (image as HTMLImageElement).naturalWidth === 0)
        .map((image) => image.getAttribute('src')),
    );
    expect(broken).toEqual([]);
    await test.info().attach('sign-off report', {
      body: await page.screenshot({ fullPage: false }),
      contentType: 'image/png',
    });
  });
}

test('a failing journey comes first, open at its failing step, with the command that replays it', async ({
  page,
}) => {
  await page.goto(pathToFileURL(join(single, 'signoff/index.html')).href);
  await expect(page.locator('.verdict')).toHaveText('1 failed');
  const first = page.locator('details.test').first();
  await expect(first).toHaveAttribute('data-outcome', 'failed');
  await expect(first).toHaveAttribute('open', '');
  const failure = first.locator('[data-failure]');
  await expect(failure.locator('h3')).toHaveText(
    'Failed at: see the gate say IB Key is active before activating it',
  );
  await expect(failure.locator('img.portal')).toBeVisible();
  await expect(failure.locator('img.phone')).toBeVisible();
  await expect(failure.locator('[data-replay]')).toHaveText(
    `LAB_PROVOKE_FAILURE=1 LAB_SEED=${SEED} npm run lab -- --project provoked-failure --grep 'a provoked failure: the gate cannot be active before the phone finishes @step-1'`,
  );
  const markdown = readFileSync(join(single, 'signoff/summary.md'), 'utf8');
  expect(markdown).toContain('**1 failed**');
  expect(markdown).toContain('Failed at: see the gate say IB Key is active before activating it');
});

test('ctrf.json is a valid CTRF document with each test’s device and locale', () => {
  const document = readCtrf(single);
  const validation = validate(document);
  expect(validation.errors ?? [], JSON.stringify(validation.errors)).toEqual([]);
  expect(validation.valid).toBe(true);
  expect(document.results.summary).toMatchObject({ tests: 10, passed: 9, failed: 1 });
  for (const entry of document.results.tests) {
    expect(entry.device, entry.name).toMatch(/^iPhone /);
    expect(entry.parameters?.locale, entry.name).toMatch(/^(fr-FR|en-US)$/);
  }
});

test('the JUnit XML carries the article steps each test covers', () => {
  const junit = readFileSync(join(single, 'junit.xml'), 'utf8');
  const activation =
    /<testcase name="\[faceid-en-US\] activates when IBKR Mobile is already installed[^"]*"[\s\S]*?<\/testcase>/.exec(
      junit,
    )?.[0];
  expect(activation).toBeDefined();
  for (const step of ['step-1', 'step-4.2', 'step-9', 'step-11', 'kb2260'])
    expect(activation).toContain(`<property name="covers" value="${step}">`);
  expect(existsSync(join(single, 'playwright-report/index.html'))).toBe(true);
});

test('no password, activation credential, nonce, private key or control token is in any file the runs wrote', async () => {
  const secrets = parseLedger(readFileSync(ledger, 'utf8'));
  for (const kind of ['password', 'activation-credential', 'nonce', 'private-key', 'control-token'])
    expect(
      secrets.some((secret) => secret.kind === kind),
      `the runs generated a ${kind}`,
    ).toBe(true);
  const traces = readdirSync(join(single, 'test-results'), { recursive: true }).filter((name) =>
    String(name).endsWith('trace.zip'),
  );
  expect(traces, 'the failed journey kept its trace').toHaveLength(1);
  const { leaks, filesSearched } = await findLeakedSecrets(
    runs,
    secrets.filter((secret) => secret.value.length >= 8),
  );
  expect(filesSearched).toBeGreaterThan(100);
  expect(leaks).toEqual([]);
});

test('two shards merged give the same totals and matrix as a single run', () => {
  const outcome = (output: string) =>
    readCtrf(output)
      .results.tests.map(
        (entry) => `${entry.name} | ${entry.device} | ${entry.parameters?.locale} | ${entry.status}`,
      )
      .sort();
  const { start: _s1, stop: _e1, ...singleTotals } = readCtrf(single).results.summary;
  const { start: _s2, stop: _e2, ...mergedTotals } = readCtrf(merged).results.summary;
  expect(mergedTotals).toEqual(singleTotals);
  expect(outcome(merged)).toEqual(outcome(single));
  const matrix = (output: string) =>
    readFileSync(join(output, 'signoff/summary.md'), 'utf8').split('## Journeys')[1]!.split('## Coverage')[0];
  expect(matrix(merged)).toBe(matrix(single));
  expect(existsSync(join(merged, 'playwright-report/index.html'))).toBe(true);
  expect(readFileSync(join(merged, 'junit.xml'), 'utf8')).toContain('tests="10"');
});

test('against a baseline, the report says what changed since: new failures, fixed, new and removed tests, slower steps', async ({
  page,
}) => {
  await page.goto(pathToFileURL(join(mergedVsBaseline, 'signoff/index.html')).href);
  const section = page.locator('#since-baseline');
  await expect(section.locator('.baseline-of')).toContainText(editedBaseline);
  const change = (kind: string) => section.locator(`[data-change="${kind}"]`);
  await expect(change('new-failure')).toHaveCount(1);
  await expect(change('new-failure')).toContainText('a provoked failure');
  await expect(change('fixed')).toHaveText(/Deny: the portal says the login was refused faceid-fr-FR/);
  await expect(change('new-test')).toHaveText(/Unregistered.* passcode-fr-FR/);
  await expect(change('removed-test')).toHaveText(new RegExp(RETIRED_JOURNEY));
  const [slowed] = activationSteps(readCtrf(merged));
  await expect(change('slower-step')).toHaveCount(1);
  const slowedCells = change('slower-step').locator('td');
  await expect(slowedCells.nth(0)).toContainText('already installed');
  await expect(slowedCells.nth(1)).toHaveText(slowed!.name);
  await expect(slowedCells.nth(4)).toHaveText(/^[3-4]\.\d×$/);
  // Each change names a journey of this run and links to it.
  const href = await change('new-failure').locator('a').getAttribute('href');
  await expect(page.locator(`details.test${href}`)).toHaveAttribute('data-outcome', 'failed');
  await test
    .info()
    .attach('since the baseline', { body: await section.screenshot(), contentType: 'image/png' });

  const markdown = readFileSync(join(mergedVsBaseline, 'signoff/summary.md'), 'utf8');
  expect(markdown).toContain('## Since the baseline');
  expect(markdown).toMatch(
    /### New failures \(1\): failed now, passed in the baseline\n\n- .*a provoked failure/,
  );
  expect(markdown).toContain('### Steps at least 2× slower (1)');
});

test('a baseline that does not exist is named in one sentence, and the report is still written', async ({
  page,
}) => {
  const output = readFileSync(missingBaselineOutput, 'utf8');
  const sentence = `The baseline ${missingBaseline} does not exist, so nothing is compared with it`;
  expect(output).toContain(sentence);
  await page.goto(pathToFileURL(join(mergedVsMissingBaseline, 'signoff/index.html')).href);
  await expect(page.locator('[data-baseline-problem]')).toContainText(sentence);
  await expect(page.locator('details.test')).toHaveCount(readCtrf(merged).results.tests.length);
});
