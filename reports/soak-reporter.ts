// The reporter of `npm run soak`: collects each run of each test and writes the tally
// (lab-output/soak/soak.json), printing the flaky and broken tests at the end.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { labOutputPaths } from './output-paths.ts';
import { testKeyOf } from './signoff-model.ts';
import { describeSoak, type SoakOutcome, tallySoak } from './soak-tally.ts';

export default class SoakReporter implements Reporter {
  readonly #outcomes: SoakOutcome[] = [];
  onTestEnd(test: TestCase, result: TestResult): void {
    this.#outcomes.push({
      key: testKeyOf(test),
      status: result.status,
      durationMs: result.duration,
      ...(result.error?.message ? { error: result.error.message } : {}),
    });
  }

  onEnd(): void {
    const tally = tallySoak(this.#outcomes);
    const folder = join(labOutputPaths().root, 'soak');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'soak.json'), `${JSON.stringify(tally, null, 2)}\n`);
    console.log(`\n${describeSoak(tally)}\nWritten: ${join(folder, 'soak.json')}`);
  }

  printsToStdio(): boolean {
    return true;
  }
}
