// Section 5: the whole lab run (`npm run lab`) with 2 and 4 workers (one and two per core on the
// 2-core machine; the default is two per core): wall time, and the peak memory of the run's process
// tree (Playwright, its workers, Chromium, Appium, PostgreSQL), sampled from /proc every 250 ms.

import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { OverheadRecord } from '../reports/overhead-reporter.ts';
import { medianOf, type Row } from './stats.ts';

const PROJECT_ROOT = resolve(import.meta.dirname, '..');

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

export async function runSuiteOnce(workers: number): Promise<{
  wallMs: number;
  peakBytes: number;
  exitCode: number | null;
  summary: string;
  overheads: OverheadRecord[];
}> {
  const output = mkdtempSync(join(tmpdir(), 'lab-bench-suite-'));
  const start = performance.now();
  const child = spawn(
    process.execPath,
    [
      resolve(PROJECT_ROOT, 'node_modules/@playwright/test/cli.js'),
      'test',
      `--reporter=dot,${resolve(PROJECT_ROOT, 'reports/overhead-reporter.ts')}`,
    ],
    {
      cwd: PROJECT_ROOT,
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
  const overheads = readOverheads(join(output, 'overhead.json'));
  rmSync(output, { recursive: true, force: true });
  const summary = text
    .split('\n')
    .filter((line) => /^\s+\d+ (passed|failed|flaky|skipped)/.test(line))
    .map((line) => line.trim())
    .join(', ');
  return { wallMs: performance.now() - start, peakBytes, exitCode, summary, overheads };
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

export async function benchSuite(workerCounts: number[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const workers of workerCounts) {
    const run = await runSuiteOnce(workers);
    rows.push({
      section: 'Suite',
      subject: `npm run lab, ${workers} worker${workers > 1 ? 's' : ''}`,
      contender: 'wall time',
      unit: 's',
      median: run.wallMs / 1000,
      min: run.wallMs / 1000,
      max: run.wallMs / 1000,
      runs: 1,
      extra: {
        'peak memory': `${(run.peakBytes / 2 ** 30).toFixed(2)} GiB`,
        result: run.summary || `exit ${run.exitCode}`,
      },
    });
    const overheads = run.overheads.map((record) => record.overheadMs / 1000);
    if (overheads.length)
      rows.push({
        section: 'Suite',
        subject: `lab overhead per test, ${workers} worker${workers > 1 ? 's' : ''}`,
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
