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

export async function measure(
  name: string,
  runs: number,
  once: () => Promise<unknown>,
  options: { warmup?: number; target?: string } = {},
): Promise<Figure> {
  for (let index = 0; index < (options.warmup ?? 3); index += 1) await once();
  const samples: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    const start = performance.now();
    await once();
    samples.push(performance.now() - start);
  }
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

export function table(figures: Figure[]): string {
  const rows = figures.map(
    (figure) =>
      `| ${figure.name} | ${figure.median.toFixed(1)} ${figure.unit} | ${figure.min.toFixed(1)} | ${figure.max.toFixed(1)} | ${figure.runs} | ${figure.target ?? ''} |`,
  );
  return ['| measure | median | min | max | runs | target |', '|---|---|---|---|---|---|', ...rows].join(
    '\n',
  );
}
