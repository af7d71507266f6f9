// `npm run bench`: every benchmark, side by side in one run; writes lab-output/bench/bench.json
// and bench.md. `--only qr,phone,server,journey,suite` runs some; `--runs N` sets repetitions;
// `--qr-photos <dir>` measures another photo set; the suite section runs the lab with `--workers
// 2,4` and, with `--against <commit>`, that commit's lab beside ours. Never fails on speed, only on
// a broken lab.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../common/chromium.ts';
import { QrPhotoSetError } from '../drivers/camera/test-support/qr-photos.ts';
import { PortalPages } from '../drivers/portal/index.ts';
import { wholeLab } from '../lab/index.ts';
import { probeContainerRuntime, probeImage } from '../mocks/state/container-runtime.ts';
import { startStateStore } from '../mocks/state/index.ts';
import { DEFAULT_PG_IMAGE } from '../mocks/state/testcontainers-store.ts';
import { labOutputPaths } from '../reports/output-paths.ts';
import { benchDrivers } from './drivers.ts';
import { checkOutEarlier, EarlierCheckoutError, resolveCommit } from './earlier-checkout.ts';
import { benchColdStart, benchHappyPath, benchServeStop } from './journey.ts';
import { benchQrCapture, cameraFrames, chooseQrPhotoSet, type QrFrame, qrPhotoFrames } from './qr-capture.ts';
import { benchServerThroughput } from './server-throughput.ts';
import type { Row } from './stats.ts';
import { rowsTable } from './stats.ts';
import { benchSuite, PROJECT_ROOT } from './suite.ts';

const SECTIONS = ['qr', 'phone', 'server', 'journey', 'suite'] as const;

function parseCli() {
  try {
    const { values } = parseArgs({
      options: {
        only: { type: 'string' },
        runs: { type: 'string', default: '5' },
        'qr-photos': { type: 'string' },
        against: { type: 'string' },
        workers: { type: 'string', default: '2,4' },
      },
      strict: true,
    });
    const only = values.only ? values.only.split(',').map((name) => name.trim()) : [...SECTIONS];
    const unknown = only.filter((name) => !SECTIONS.includes(name as (typeof SECTIONS)[number]));
    if (unknown.length) throw new Error(`--only ${unknown.join(',')}: choose among ${SECTIONS.join(', ')}.`);
    const runs = Number(values.runs);
    if (!Number.isInteger(runs) || runs < 1 || runs > 100)
      throw new Error(`--runs ${values.runs}: give a whole number from 1 to 100.`);
    if (values.against !== undefined && !only.includes('suite'))
      throw new Error(`--against compares whole lab runs: add suite to --only (now ${values.only}).`);
    const workers = values.workers.split(',').map((count) => Number(count.trim()));
    if (workers.some((count) => !Number.isInteger(count) || count < 1 || count > 16))
      throw new Error(
        `--workers ${values.workers}: give worker counts from 1 to 16, separated by commas (e.g. 2,4).`,
      );
    return { only: new Set(only), runs, qrPhotos: values['qr-photos'], against: values.against, workers };
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
}

/** The portal's gate, screenshotted by Chromium at two window sizes: the frames the phone gets. */
async function gateScreenshots(): Promise<{ frames: QrFrame[] }> {
  const lab = await wholeLab({ label: 'bench_gate', seed: 11 }).start();
  const executablePath = findChromium();
  const browser = await chromium.launch({
    args: CHROMIUM_ARGS,
    ...(executablePath ? { executablePath } : {}),
  });
  try {
    const { user } = await lab.createUser({ locale: 'en-US' });
    const frames: QrFrame[] = [];
    for (const [width, height] of [
      [1280, 800],
      [1920, 1080],
    ] as const) {
      const page = await browser.newPage({ viewport: { width, height } });
      const pages = new PortalPages(page, lab.portalUrl, 'en-US');
      await pages.logIn(user.username, user.password);
      const link = (await pages.gateQr.getAttribute('data-activation-link')) ?? '';
      frames.push({
        set: `gate screenshot ${width}x${height}`,
        name: `${width}x${height}`,
        image: await page.screenshot(),
        expected: link,
      });
      await page.close();
    }
    return { frames };
  } finally {
    await browser.close();
    await lab.stop();
  }
}

async function testcontainersUnavailable(): Promise<string | undefined> {
  const runtime = await probeContainerRuntime();
  const probe = runtime.available ? await probeImage(process.env.LAB_PG_IMAGE || DEFAULT_PG_IMAGE) : runtime;
  return probe.available ? undefined : probe.detail;
}

/** The QR photo frames, read before any section starts so a wrong folder stops the bench at once. */
function qrPhotosOrExit(flag: string | undefined): QrFrame[] {
  try {
    const { frames, description } = qrPhotoFrames(chooseQrPhotoSet(flag, process.env.LAB_QR_PHOTOS));
    console.log(`bench: QR photos: ${description}.`);
    return frames;
  } catch (error) {
    if (!(error instanceof QrPhotoSetError)) throw error;
    console.error(`bench: ${error.message}`);
    process.exit(2);
  }
}

/** The commit given with --against, checked before any section starts so a wrong one stops the bench at once. */
async function commitOrExit(revision: string | undefined): Promise<void> {
  if (revision === undefined) return;
  try {
    await resolveCommit(PROJECT_ROOT, revision);
  } catch (error) {
    if (!(error instanceof EarlierCheckoutError)) throw error;
    console.error(`bench: ${error.message}`);
    process.exit(2);
  }
}

const { only, runs, qrPhotos, against, workers } = parseCli();
const photoFrames = only.has('qr') ? qrPhotosOrExit(qrPhotos) : [];
await commitOrExit(against);
const rows: Row[] = [];
const notes: string[] = [];
const section = async (name: (typeof SECTIONS)[number], work: () => Promise<void>) => {
  if (!only.has(name)) return;
  const start = performance.now();
  console.log(`bench: ${name}…`);
  await work();
  console.log(`bench: ${name} done in ${((performance.now() - start) / 1000).toFixed(0)} s`);
};

await section('qr', async () => {
  // Each login issues a fresh activation: a frame is judged by the link it shows.
  const { frames } = await gateScreenshots();
  const camera = await cameraFrames(frames[0]!.image, frames[0]!.expected!);
  rows.push(...(await benchQrCapture([...frames, ...camera, ...photoFrames], runs)));
});
await section('phone', async () => {
  rows.push(...(await benchDrivers(runs * 20)));
});
await section('server', async () => {
  const options = {
    concurrencies: [1, 8, 32],
    perRun: (concurrency: number) => Math.max(40, concurrency * 6),
    runs: Math.min(runs, 3),
  };
  const embedded = await startStateStore({ mode: 'embedded' });
  try {
    rows.push(...(await benchServerThroughput(embedded.url, 'embedded', options)));
  } finally {
    await embedded.stop();
  }
  const missing = await testcontainersUnavailable();
  if (missing)
    notes.push(
      `Server throughput in Testcontainers mode not measured: ${missing} (.ci/run sets up a runtime and the image).`,
    );
  else {
    const container = await startStateStore({ mode: 'testcontainers' });
    try {
      rows.push(...(await benchServerThroughput(container.url, 'testcontainers', options)));
    } finally {
      await container.stop();
    }
  }
});
await section('journey', async () => {
  rows.push(...(await benchHappyPath(runs)));
  rows.push(...(await benchColdStart('embedded', Math.min(runs, 3))));
  rows.push(...(await benchServeStop(runs)));
  const missing = await testcontainersUnavailable();
  if (missing) notes.push(`Cold start in Testcontainers mode not measured: ${missing}.`);
  else rows.push(...(await benchColdStart('testcontainers', Math.min(runs, 3))));
});
await section('suite', async () => {
  if (against === undefined) {
    rows.push(...(await benchSuite(workers)));
    return;
  }
  console.log(`bench: checking out ${against} beside this checkout and installing its dependencies…`);
  const earlier = await checkOutEarlier(PROJECT_ROOT, against).catch((error: Error) => {
    notes.push(`The lab at ${against} not measured: ${error.message}`);
    return undefined;
  });
  try {
    rows.push(...(await benchSuite(workers, earlier)));
  } finally {
    earlier?.remove();
  }
});

const folder = join(labOutputPaths().root, 'bench');
mkdirSync(folder, { recursive: true });
const machine = `Node ${process.version}, ${(await import('node:os')).cpus().length} cores, ${new Date().toISOString()}`;
writeFileSync(join(folder, 'bench.json'), `${JSON.stringify({ machine, rows, notes }, null, 2)}\n`);
const markdown = [
  `# ibkey-lab benchmarks`,
  '',
  `${machine}. Medians with min and max over repeated runs, contenders side by side in the same run.`,
  '',
  ...[...new Set(rows.map((row) => row.section))].flatMap((name) => [
    `## ${name}`,
    '',
    rowsTable(rows.filter((row) => row.section === name)),
    '',
  ]),
  ...(notes.length ? ['## Notes', '', ...notes.map((note) => `- ${note}`), ''] : []),
].join('\n');
writeFileSync(join(folder, 'bench.md'), markdown);
console.log(`\n${markdown}\nWritten: ${join(folder, 'bench.json')} and bench.md`);
