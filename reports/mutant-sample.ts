// A seeded random sample of the mutants Stryker makes in a scope, and the mutation score estimated
// from it. The server's integration tests take 10-30 s per mutant, so a full run of its 2,600
// mutants takes most of a day; a sample of a few hundred, drawn without bias, gives the score
// within a stated margin in an hour. Stryker is given each sampled mutant's place as a mutate
// range; a range also takes in the mutants nested in it (a removed block holds its statements'
// mutants), which are tested but only the sampled ones are counted.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Instrumenter } from '@stryker-mutator/instrumenter';

export interface InventoriedMutant {
  fileName: string;
  mutatorName: string;
  replacement: string;
  /** As the instrumenter gives it: lines from 0, columns from 0. */
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
}

/** The source files Stryker mutates under these folders (stryker.config.mjs leaves out the same). */
export function sourcesUnder(root: string, folders: readonly string[]): string[] {
  return folders
    .flatMap((folder) =>
      readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' }).map(
        (path) => `${folder}/${path}`,
      ),
    )
    .filter((path) => path.endsWith('.ts') && !isLeftOutOfMutation(path))
    .sort();
}

/** Tests, their support and static assets are not the code under test. */
export function isLeftOutOfMutation(path: string): boolean {
  return path.endsWith('.test.ts') || path.includes('/test-support/') || path.includes('/assets/');
}

const quietLogger = {
  isTraceEnabled: () => false,
  isDebugEnabled: () => false,
  isInfoEnabled: () => false,
  isWarnEnabled: () => true,
  isErrorEnabled: () => true,
  isFatalEnabled: () => true,
  trace() {},
  debug() {},
  info() {},
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
  fatal: (message: string) => console.error(message),
};

/** Every mutant Stryker's instrumenter makes in these files (seconds, no test is run). */
export async function inventoryOf(root: string, files: readonly string[]): Promise<InventoriedMutant[]> {
  const instrumenter = new Instrumenter(quietLogger as never);
  const result = await instrumenter.instrument(
    files.map((name) => ({ name, content: readFileSync(join(root, name), 'utf8'), mutate: true as const })),
    { plugins: null, excludedMutations: [], ignorers: [] },
  );
  return result.mutants.map(({ fileName, mutatorName, replacement, location }) => ({
    fileName,
    mutatorName,
    replacement,
    location,
  }));
}

export function mutantKey(mutant: InventoriedMutant): string {
  const { start, end } = mutant.location;
  return `${mutant.fileName}:${start.line}:${start.column}-${end.line}:${end.column} ${mutant.mutatorName} ${mutant.replacement}`;
}

/** `count` mutants in an order fixed by the seed: the same seed and code give the same sample. */
export function drawSample(
  mutants: readonly InventoriedMutant[],
  count: number,
  seed: string,
): InventoriedMutant[] {
  const rank = (mutant: InventoriedMutant) =>
    createHash('sha256')
      .update(`${seed}\n${mutantKey(mutant)}`)
      .digest('hex');
  return mutants
    .map((mutant) => ({ mutant, rank: rank(mutant) }))
    .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0))
    .slice(0, count)
    .map(({ mutant }) => mutant);
}

/** The mutate pattern that makes Stryker test this mutant: its file and place (lines from 1). */
export function mutateRangeOf(mutant: InventoriedMutant): string {
  const { start, end } = mutant.location;
  return `${mutant.fileName}:${start.line + 1}:${start.column}-${end.line + 1}:${end.column}`;
}

/** A mutant as Stryker's JSON report gives it (mutation-testing-report-schema: lines and columns from 1). */
interface ReportedMutant {
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
}
export interface StrykerReport {
  files: Record<string, { mutants: ReportedMutant[] }>;
}

export interface SampleScore {
  folder: string;
  sampled: number;
  /** Killed or timed out. */
  detected: number;
  /** Survived or covered by no test. */
  undetected: number;
  /** Ignored (static, left out of the score as in a full run), compile or runtime errors. */
  notCounted: number;
  /** Sampled mutants the report does not have (the code changed between the draw and the run). */
  missing: number;
  /** detected / (detected + undetected), in percent; undefined when nothing counts. */
  score: number | undefined;
  /** Wilson's 95% interval of the score, in percent. */
  interval: [number, number] | undefined;
}

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

/** The score of the sampled mutants, per folder and for all of them ('all'). */
export function scoreOfSample(sample: readonly InventoriedMutant[], report: StrykerReport): SampleScore[] {
  const statusOf = new Map<string, string>();
  for (const [fileName, file] of Object.entries(report.files))
    for (const mutant of file.mutants) {
      const { start, end } = mutant.location;
      const location = {
        start: { line: start.line - 1, column: start.column - 1 },
        end: { line: end.line - 1, column: end.column - 1 },
      };
      const key = mutantKey({
        fileName,
        mutatorName: mutant.mutatorName,
        replacement: mutant.replacement ?? '',
        location,
      });
      statusOf.set(key, mutant.status);
    }
  const folders = ['all', ...new Set(sample.map((mutant) => dirname(mutant.fileName)))].sort();
  return folders.map((folder) => {
    const inFolder = sample.filter((mutant) => folder === 'all' || dirname(mutant.fileName) === folder);
    const statuses = inFolder.map((mutant) => statusOf.get(mutantKey(mutant)));
    const detected = statuses.filter((status) => status && DETECTED.has(status)).length;
    const undetected = statuses.filter((status) => status && UNDETECTED.has(status)).length;
    const missing = statuses.filter((status) => status === undefined).length;
    const counted = detected + undetected;
    return {
      folder,
      sampled: inFolder.length,
      detected,
      undetected,
      notCounted: inFolder.length - counted - missing,
      missing,
      score: counted ? (100 * detected) / counted : undefined,
      interval: counted ? wilsonInterval(detected, counted) : undefined,
    };
  });
}

/** Wilson's score interval at 95%: sound for small samples and scores near 0 or 100%. */
export function wilsonInterval(successes: number, trials: number): [number, number] {
  const z = 1.959964;
  const p = successes / trials;
  const denominator = 1 + (z * z) / trials;
  const centre = (p + (z * z) / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials))) / denominator;
  return [100 * Math.max(0, centre - half), 100 * Math.min(1, centre + half)];
}
