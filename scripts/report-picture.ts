// `npm run report:picture`: the picture of the sign-off report at the top of the README, made
// from a real lab run (three journeys on every phone in both languages, into a temporary
// folder), opened in Chromium and photographed at a laptop's window size.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../common/chromium.ts';

const PROJECT_ROOT = resolve(import.meta.dirname, '..');
const PICTURE = join(PROJECT_ROOT, 'docs', 'signoff-report.png');
const JOURNEYS = 'already installed|not installed yet|notifications denied';

const output = mkdtempSync(join(tmpdir(), 'ibkey-lab-picture-'));
try {
  console.log(`Running the lab (journeys matching "${JOURNEYS}") into ${output}…`);
  const run = spawnSync(
    process.execPath,
    [join(PROJECT_ROOT, 'node_modules/@playwright/test/cli.js'), 'test', '--grep', JOURNEYS],
    { cwd: PROJECT_ROOT, env: { ...process.env, LAB_OUTPUT_DIR: output }, stdio: 'inherit' },
  );
  if (run.status !== 0)
    throw new Error(`The lab run failed (exit ${run.status}); the picture shows a green run only.`);
  const executablePath = findChromium();
  const browser = await chromium.launch({
    args: CHROMIUM_ARGS,
    ...(executablePath ? { executablePath } : {}),
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    await page.goto(pathToFileURL(join(output, 'signoff', 'index.html')).href);
    await page.screenshot({ path: PICTURE });
  } finally {
    await browser.close();
  }
  console.log(`Wrote ${PICTURE}`);
} finally {
  rmSync(output, { recursive: true, force: true });
}
