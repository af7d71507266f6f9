// Stopping `npm run serve` as a person or a CI job does: Ctrl-C (SIGINT) or SIGTERM, sent to the
// process or to its whole group, 20 times. Each stop: exit 0, no stack trace, no process and no
// folder left, and the time it took, printed. (Stops after a fault, and `npm run appium`'s, are in
// stop-after-faults.int.test.ts, so that the two files run side by side.)

import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  expectCleanStop,
  expectUnderASecond,
  StopTimes,
  startServe,
} from './test-support/serve-portal-stops.ts';

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
    'on %s to the %s, 5 times: exit 0, no stack trace, no postgres and no folder left, in under a second',
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
      expectUnderASecond(times);
    },
    150_000,
  );
});
