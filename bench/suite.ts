// Section 5: the whole lab run (`npm run lab`) with 2 and 4 workers (one and two per core on the
// 2-core machine; the default is two per core): wall time, and the peak memory of the run's process
// tree (Playwright, its workers, Chromium, Appium, PostgreSQL), sampled from /proc every 250 ms.
// With an earlier commit checked out beside (earlier-checkout.ts), its lab runs just before ours
// with the same workers, so both are measured in the same hour.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { labOutputPaths } from '../reports/output-paths.ts';
import type { OverheadRecord } from '../reports/overhead-reporter.ts';
import type { EarlierCheckout } from './earlier-checkout.ts';
import { medianOf, type Row } from './stats.ts';

export const PROJECT_ROOT = resolve(import.meta.dirname, '..');

/** Resident memory of a process and all its descendants, in bytes (Linux /proc). */
function treeRss(rootPid: number): number {
  const parents = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
      rss.set(Number(entry), Number(fields[21]) * 4096);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  let total = 0;
  for (const [pid, bytes] of rss) {
    for (let ancestor: number | undefined = pid; ancestor && ancestor > 1; ancestor = parents.get(ancestor))
      if (ancestor === rootPid) {
        total += bytes;
        break;
      }
  }
  return total;
}

/**
 * One whole lab run of the checkout at `root` (this one unless told). This checkout's runs also
 * record each test's lab overhead; an earlier commit's steps may be named otherwise, so its overhead
 * is not counted.
 */
export async function runSuiteOnce(
  workers: number,
  root = PROJECT_ROOT,
): Promise<{
  wallMs: number;
  peakBytes: number;
  exitCode: number | null;
  summary: string;
  /** The tests that ran to an outcome (passed, failed or flaky; not skipped). */
  testsRun: number;
  overheads: OverheadRecord[];
  /** Where the run's output was written. */
  log: string;
}> {
  const output = mkdtempSync(join(tmpdir(), 'lab-bench-suite-'));
  const thisCheckout = root === PROJECT_ROOT;
  const reporters = thisCheckout ? `dot,${resolve(PROJECT_ROOT, 'reports/overhead-reporter.ts')}` : 'dot';
  const start = performance.now();
  const child = spawn(
    process.execPath,
    [resolve(root, 'node_modules/@playwright/test/cli.js'), 'test', `--reporter=${reporters}`],
    {
      cwd: root,
      env: { ...process.env, LAB_WORKERS: String(workers), LAB_OUTPUT_DIR: output },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let text = '';
  child.stdout.on('data', (chunk) => (text += chunk));
  child.stderr.on('data', (chunk) => (text += chunk));
  let peakBytes = 0;
  const sampler = setInterval(() => {
    if (child.pid) peakBytes = Math.max(peakBytes, treeRss(child.pid));
  }, 250);
  const exitCode = await new Promise<number | null>((done) => child.on('close', done));
  clearInterval(sampler);
  // What the run printed, kept beside the bench's tables: a run that failed says why there.
  const logFolder = join(labOutputPaths().root, 'bench');
  mkdirSync(logFolder, { recursive: true });
  const log = join(logFolder, `suite-${thisCheckout ? 'this-checkout' : 'earlier-commit'}-${workers}w.log`);
  writeFileSync(log, text);
  const overheads = readOverheads(join(output, 'overhead.json'));
  rmSync(output, { recursive: true, force: true });
  const { summary, testsRun } = outcomesOf(text);
  return {
    wallMs: performance.now() - start,
    peakBytes,
    exitCode,
    summary,
    testsRun,
    overheads,
    log,
  };
}

/** Playwright's closing counts ("171 passed (3.1m)", "4 skipped"), and how many tests ran to an outcome. */
export function outcomesOf(output: string): { summary: string; testsRun: number } {
  const counts = output
    .split('\n')
    .filter((line) => /^\s+\d+ (passed|failed|flaky|skipped|interrupted|did not run)\b/.test(line))
    .map((line) => line.trim());
  const testsRun = counts
    .filter((line) => /^\d+ (passed|failed|flaky)\b/.test(line))
    .reduce((sum, line) => sum + Number.parseInt(line, 10), 0);
  return { summary: counts.join(', '), testsRun };
}

/** The lab overhead of each test that passed (overhead-reporter.ts), slowest first. */
function readOverheads(path: string): OverheadRecord[] {
  try {
    const records = JSON.parse(readFileSync(path, 'utf8')) as OverheadRecord[];
    return records.filter((record) => record.status === 'passed').sort((a, b) => b.overheadMs - a.overheadMs);
  } catch {
    return [];
  }
}

function wallRows(subject: string, run: Awaited<ReturnType<typeof runSuiteOnce>>): Row[] {
  const seconds = run.wallMs / 1000;
  const figure = (contender: string, value: number) => ({
    median: value,
    min: value,
    max: value,
    runs: 1,
    contender,
  });
  return [
    {
      section: 'Suite',
      subject,
      unit: 's',
      ...figure('wall time', seconds),
      extra: {
        'peak memory': `${(run.peakBytes / 2 ** 30).toFixed(2)} GiB`,
        result: `${run.summary || `exit ${run.exitCode}`}${run.exitCode === 0 ? '' : ` (${relative(PROJECT_ROOT, run.log)})`}`,
      },
    },
    // Commits far apart run different numbers of tests: the time a test is the fair comparison.
    ...(run.testsRun > 0
      ? [{ section: 'Suite', subject, unit: 's', ...figure('wall time / test', seconds / run.testsRun) }]
      : []),
  ];
}

export async function benchSuite(workerCounts: number[], earlier?: EarlierCheckout): Promise<Row[]> {
  const rows: Row[] = [];
  for (const workers of workerCounts) {
    const withWorkers = `${workers} worker${workers > 1 ? 's' : ''}`;
    if (earlier)
      rows.push(
        ...wallRows(
          `npm run lab at ${earlier.label}, ${withWorkers}`,
          await runSuiteOnce(workers, earlier.root),
        ),
      );
    const run = await runSuiteOnce(workers);
    rows.push(...wallRows(`npm run lab, ${withWorkers}`, run));
    const overheads = run.overheads.map((record) => record.overheadMs / 1000);
    if (overheads.length)
      rows.push({
        section: 'Suite',
        subject: `lab overhead per test, ${withWorkers}`,
        contender: 'fixtures + evidence',
        unit: 's',
        median: medianOf(overheads),
        min: Math.min(...overheads),
        max: Math.max(...overheads),
        runs: overheads.length,
        target: '<= 0.5 s',
        extra: { slowest: run.overheads[0]?.key ?? '' },
      });
  }
  return rows;
}
