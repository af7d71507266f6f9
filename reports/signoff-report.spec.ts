// The sign-off report as its readers get it: a small lab run with one journey made to fail, and
// the same run split into two shards and merged. Checked in Chromium (matrix, images, the
// failure first with its replay command), as CTRF and JUnit, for leaked secrets, and for the
// merge giving what a single run gives.

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
import { runPlaywright } from './test-support/run-lab.ts';

const SUBSET = [
  '--project=provoked-failure',
  '--project=faceid-en-US',
  '--project=passcode-fr-FR',
  '--grep=provoked|already installed|Deny:|Unregistered',
  '--workers=2',
];
const SEED = '4711';

interface Ctrf {
  results: {
    summary: Record<string, number>;
    tests: { name: string; status: string; device?: string; parameters?: { locale?: string } }[];
  };
}

// LAB_REPORT_TEST_FOLDER keeps the runs' output for a second look (and reuses it when rerun).
const kept = process.env.LAB_REPORT_TEST_FOLDER;
const folder = kept ?? mkdtempSync(join(tmpdir(), 'lab-report-test-'));
const ledger = join(folder, 'secrets.jsonl');
// What the runs wrote, apart from the ledger of the secrets they generated.
const runs = join(folder, 'runs');
const single = join(runs, 'single');
const merged = join(runs, 'merged');
const labEnv = (output: string) => ({
  LAB_OUTPUT_DIR: output,
  LAB_PROVOKE_FAILURE: '1',
  LAB_SECRET_LEDGER: ledger,
  LAB_SEED: SEED,
});
const readCtrf = (output: string) =>
  JSON.parse(readFileSync(join(output, 'signoff/ctrf.json'), 'utf8')) as Ctrf;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(900_000);
  if (kept && existsSync(join(folder, 'ready'))) return;
  mkdirSync(folder, { recursive: true });
  const run = await runPlaywright(['test', ...SUBSET], labEnv(single));
  // One journey fails on purpose: the run must say so with its exit code.
  expect(run.exitCode, run.output).toBe(1);
  expect(run.output).toContain('1 failed');

  const blobs = join(runs, 'blobs');
  mkdirSync(blobs);
  for (const shard of ['1/2', '2/2']) {
    const output = join(runs, `shard-${shard[0]}`);
    const part = await runPlaywright(['test', ...SUBSET, `--shard=${shard}`], labEnv(output));
    expect([0, 1], part.output).toContain(part.exitCode);
    for (const blob of readdirSync(join(output, 'blob')))
      cpSync(join(output, 'blob', blob), join(blobs, blob));
  }
  const merge = await runPlaywright(['merge-reports', '--config', 'reports/merge.config.ts', blobs], {
    LAB_OUTPUT_DIR: merged,
  });
  expect(merge.exitCode, merge.output).toBe(0);
  writeFileSync(join(folder, 'ready'), '');
});

test.afterAll(() => {
  if (!kept) rmSync(folder, { recursive: true, force: true });
});

test('the matrix has a cell per journey × profile × locale, each linking to its detail', async ({ page }) => {
  const ctrf = readCtrf(single);
  await page.goto(pathToFileURL(join(single, 'signoff/index.html')).href);
  const columns = await page.locator('table.matrix th.col').allTextContents();
  expect(columns.map((column) => column.trim())).toEqual(['Face ID · en-US', 'Passcode · fr-FR']);
  const rows = page.locator('table.matrix tbody tr');
  await expect(rows).toHaveCount(4);
  // Every row has one cell per column; every test that ran has a linked status cell.
  await expect(page.locator('table.matrix td.cell')).toHaveCount(4 * columns.length);
  const links = page.locator('table.matrix td.cell a.pill');
  await expect(links).toHaveCount(ctrf.results.tests.length);
  for (const href of await links.evaluateAll((all) => all.map((link) => link.getAttribute('href')!)))
    await expect(page.locator(href)).toHaveCount(1);
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
  expect(document.results.summary).toMatchObject({ tests: 7, passed: 6, failed: 1 });
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

test('no password, activation credential, nonce or private key is in any file the runs wrote', async () => {
  const secrets = parseLedger(readFileSync(ledger, 'utf8'));
  for (const kind of ['password', 'activation-credential', 'nonce', 'private-key'])
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
  expect(readFileSync(join(merged, 'junit.xml'), 'utf8')).toContain('tests="7"');
});
