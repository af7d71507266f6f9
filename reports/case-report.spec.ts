// `npm run case` as a support engineer uses it: two case files from a ticket kept outside the
// repository, one good and one that cannot be read, run from the ticket's folder. The one file it
// leaves to attach must show everything once copied alone, and hold no secret; the bad file is
// listed with its problems, never as a journey, and the run is not clean.

import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import { findLeakedSecrets, parseLedger } from './find-leaked-secrets.ts';
import { type LabRun, runCaseScript } from './test-support/run-lab.ts';

const REPOSITORY_CASE = resolve(
  import.meta.dirname,
  '../scenarios/cases/customer-cases/scan-setting-off.yaml',
);

const ticket = mkdtempSync(join(tmpdir(), 'lab-case-report-test-'));
const goodCase = join(ticket, 'attachments/scan-setting-off.yaml');
const badCase = join(ticket, 'more-attachments/wrong-biometrics.yaml');
const output = join(ticket, 'out');
const ledger = join(ticket, 'secrets.jsonl');
const selfContained = join(output, 'signoff/self-contained.html');
let run: LabRun;

interface CtrfTest {
  name: string;
  status: string;
  extra?: {
    performed?: string[];
    claimedNotPerformed?: string[];
    badCaseFile?: { path: string; problems: string[] };
  };
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  mkdirSync(join(ticket, 'attachments'));
  mkdirSync(join(ticket, 'more-attachments'));
  const good = readFileSync(REPOSITORY_CASE, 'utf8');
  writeFileSync(goodCase, good);
  // The same case with a biometric answer the lab does not know.
  expect(good).toContain('biometrics: pass');
  writeFileSync(
    badCase,
    good
      .replace('id: case-scan-setting-off', 'id: case-wrong-biometrics')
      .replace('biometrics: pass', 'biometrics: maybe'),
  );
  // A file and a folder, named from the ticket's folder as a person would type them.
  run = await runCaseScript(
    ['attachments/scan-setting-off.yaml', 'more-attachments', '--output', 'out'],
    ticket,
    { LAB_SEED: '4711', LAB_SECRET_LEDGER: ledger },
  );
});

test.afterAll(() => rmSync(ticket, { recursive: true, force: true }));

test('the run is not clean, and says where its one report is', () => {
  expect(run.exitCode, run.output).toBe(1);
  expect(run.output).toContain(`Report: ${join('out', 'signoff', 'self-contained.html')}`);
});

test('the report, copied alone, shows every screen of the case', async ({ page }) => {
  const alone = join(mkdtempSync(join(tmpdir(), 'lab-case-report-alone-')), 'ticket-4711.html');
  copyFileSync(selfContained, alone);
  await page.goto(pathToFileURL(alone).href);
  await page.locator('details').evaluateAll((all) => {
    for (const details of all) details.setAttribute('open', '');
  });
  const images = page.locator('img');
  // Both screens after each of the case's ten steps, at least.
  expect(await images.count()).toBeGreaterThanOrEqual(20);
  const sources = await images.evaluateAll((all) => all.map((image) => image.getAttribute('src') ?? ''));
  for (const src of sources) expect(src.slice(0, 22)).toBe('data:image/png;base64,');
  await images.evaluateAll((all) => {
    for (const image of all) (image as HTMLImageElement).loading = 'eager';
  });
  await expect
    .poll(() =>
      images.evaluateAll((all) => all.filter((image) => !(image as HTMLImageElement).complete).length),
    )
    .toBe(0);
  const broken = await images.evaluateAll(
    (all) => all.filter((image) => (image as HTMLImageElement).naturalWidth === 0).length,
  );
  expect(broken).toBe(0);
  const journey = page.locator('details.test');
  await expect(journey).toHaveCount(1);
  await expect(journey.locator('summary .title')).toHaveText(
    'The Camera shows no banner because Scan QR Codes is off',
  );
  await expect(journey.getByText(/^Device transcript \([1-9]\d* entries\)$/)).toBeVisible();
  await expect(journey.getByText('Server state: before and after')).toBeVisible();
  rmSync(alone, { force: true });
});

test('the file that could not be read has its own section, with its problems, and no journey', async ({
  page,
}) => {
  await page.goto(pathToFileURL(selfContained).href);
  await expect(page.locator('.verdict')).toHaveText('1 case file could not be read');
  await expect(page.locator('nav.toc a[href="#bad-case-files"]')).toHaveText(
    'Case files that could not be read',
  );
  const file = page.locator('[data-bad-case-file]');
  await expect(file).toHaveCount(1);
  await expect(file).toHaveAttribute('data-bad-case-file', badCase);
  await expect(file.locator('li')).toContainText([/biometrics/]);
  await expect(page.locator('table.matrix tbody tr')).toHaveCount(1);
  await expect(page.locator('.total.failed b')).toHaveText('0');

  const markdown = readFileSync(join(output, 'signoff/summary.md'), 'utf8');
  expect(markdown).toContain('**1 case file could not be read**');
  expect(markdown).toContain(`## Case files that could not be read (1)`);
  expect(markdown).toContain(`- \`${badCase}\``);
});

test('ctrf.json counts the bad file as "other", and the good case with the steps its run performed', () => {
  const ctrf = JSON.parse(readFileSync(join(output, 'signoff/ctrf.json'), 'utf8')) as {
    results: { summary: Record<string, number>; tests: CtrfTest[] };
  };
  expect(ctrf.results.summary).toMatchObject({ tests: 2, passed: 1, failed: 0, other: 1 });
  const [good, bad] = ctrf.results.tests;
  expect(good!.extra?.performed).toContain('step-3');
  expect(good!.extra?.claimedNotPerformed).toBeUndefined();
  expect(bad!.extra?.badCaseFile?.path).toBe(badCase);
});

test('no password, activation credential, nonce or private key is in what the case run wrote', async () => {
  const secrets = parseLedger(readFileSync(ledger, 'utf8'));
  expect(secrets.some((secret) => secret.kind === 'password')).toBe(true);
  const { leaks, filesSearched } = await findLeakedSecrets(
    output,
    secrets.filter((secret) => secret.value.length >= 8),
  );
  expect(filesSearched).toBeGreaterThan(10);
  expect(leaks).toEqual([]);
});
