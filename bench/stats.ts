// Medians with min and max over repeated runs: these machines are shared and noisy.

export interface Figure {
  name: string;
  unit: 'ms' | 'per s' | '%';
  median: number;
  min: number;
  max: number;
  runs: number;
  target?: string;
}

/** What one run of `once` costs: its wall-clock time, or this process's CPU time (user + system). */
export type Clock = 'wall' | 'cpu';

/** The cost of `once` in ms (by `clock`, the wall clock unless told), over `runs` runs after a warm-up. */
export async function measure(
  name: string,
  runs: number,
  once: () => Promise<unknown>,
  options: { warmup?: number; target?: string; clock?: Clock } = {},
): Promise<Figure> {
  const costOfOneRun = options.clock === 'cpu' ? cpuTimeOf : wallTimeOf;
  for (let index = 0; index < (options.warmup ?? 3); index += 1) await once();
  const samples: number[] = [];
  for (let index = 0; index < runs; index += 1) samples.push(await costOfOneRun(once));
  samples.sort((a, b) => a - b);
  return {
    name,
    unit: 'ms',
    median: samples[Math.floor(samples.length / 2)]!,
    min: samples[0]!,
    max: samples.at(-1)!,
    runs,
    target: options.target,
  };
}

async function wallTimeOf(once: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await once();
  return performance.now() - start;
}

async function cpuTimeOf(once: () => Promise<unknown>): Promise<number> {
  const start = process.cpuUsage();
  await once();
  const spent = process.cpuUsage(start);
  return (spent.user + spent.system) / 1000;
}

export function table(figures: Figure[]): string {
  const rows = figures.map(
    (figure) =>
      `| ${figure.name} | ${figure.median.toFixed(1)} ${figure.unit} | ${figure.min.toFixed(1)} | ${figure.max.toFixed(1)} | ${figure.runs} | ${figure.target ?? ''} |`,
  );
  return ['| measure | median | min | max | runs | target |', '|---|---|---|---|---|---|', ...rows].join(
    '\n',
  );
}

export function medianOf(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** One measured figure of `npm run bench`, shown beside its contenders in the same section. */
export interface Row {
  section: string;
  subject: string;
  contender: string;
  unit: string;
  median: number;
  min: number;
  max: number;
  runs: number;
  target?: string;
  /** Other columns: a decode rate, a ratio to a floor, a verdict against the target. */
  extra?: Record<string, string>;
}

/** Times `once` `runs` times after warm-ups: a row in ms. */
export async function timeRow(
  row: Omit<Row, 'median' | 'min' | 'max' | 'runs' | 'unit'>,
  runs: number,
  once: () => Promise<unknown>,
  warmup = 3,
): Promise<Row> {
  const figure = await measure(row.contender, runs, once, { warmup });
  return { ...row, unit: 'ms', median: figure.median, min: figure.min, max: figure.max, runs };
}

const format = (value: number) =>
  Number.isFinite(value) ? (value >= 100 ? value.toFixed(0) : value.toFixed(value >= 10 ? 1 : 2)) : '—';

export function rowsTable(rows: Row[]): string {
  const extras = [...new Set(rows.flatMap((row) => Object.keys(row.extra ?? {})))];
  const head = ['subject', 'contender', 'median', 'min', 'max', 'runs', ...extras, 'target'];
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map(
      (row) =>
        `| ${row.subject} | ${row.contender} | ${format(row.median)} ${row.unit} | ${format(row.min)} | ${format(row.max)} | ${row.runs} | ${extras.map((key) => row.extra?.[key] ?? '').join(' | ')}${extras.length ? ' | ' : ''}${row.target ?? ''} |`,
    ),
  ].join('\n');
}
