// Stopping `npm run serve` as a person or a CI job does: Ctrl-C (SIGINT) or SIGTERM, sent to the
// process or to its whole group, 20 times. Each stop: exit 0, no stack trace, no process and no
// folder left, and the time it took, printed. (Stops after a fault are in
// stop-after-faults.int.test.ts, so that the two files run side by side.)

import { afterAll, describe, expect, inject, it } from 'vitest';
import { expectCleanStop, expectPromptStops, startServe } from './test-support/serve-portal-stops.ts';

/** The stop times of one test file, by kind of stop, printed together at its end. */
class StopTimes {
  readonly #times: { kind: string; ms: number }[] = [];

  record(kind: string, ms: number): void {
    this.#times.push({ kind, ms });
  }

  print(): void {
    if (this.#times.length === 0) return;
    const kinds = [...new Set(this.#times.map((time) => time.kind))];
    const of = (kind: string) => this.#times.filter((time) => time.kind === kind).map((time) => time.ms);
    console.log(
      [
        'npm run serve, time from the signal to the exit:',
        ...kinds.map((kind) => summary(kind, of(kind))),
        summary(
          'all',
          this.#times.map((time) => time.ms),
        ),
      ].join('\n  '),
    );
  }
}

function summary(kind: string, times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (fraction: number) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!);
  return `${kind}: n=${sorted.length} min=${at(0)} ms median=${at(0.5)} ms max=${at(1)} ms`;
}

const stopTimes = new StopTimes();
afterAll(() => stopTimes.print());

describe.runIf(inject('storeKind') === 'embedded')('npm run serve stops cleanly', () => {
  const kinds: [NodeJS.Signals, 'process' | 'group'][] = [
    ['SIGINT', 'group'],
    ['SIGINT', 'process'],
    ['SIGTERM', 'group'],
    ['SIGTERM', 'process'],
  ];

  it.each(kinds)(
    'on %s to the %s, 5 times: exit 0, no stack trace, no postgres and no folder left, promptly',
    async (signal, to) => {
      const times: number[] = [];
      for (let cycle = 1; cycle <= 5; cycle += 1) {
        const running = await startServe();
        expect((await fetch(`${running.portalUrl}/health`)).status).toBe(200);
        const stopped = await running.serve.stop(signal, to);
        times.push(stopped.ms);
        stopTimes.record(`${signal} to the ${to}`, stopped.ms);
        await expectCleanStop(running, stopped);
      }
      expectPromptStops(times);
    },
    150_000,
  );
});
