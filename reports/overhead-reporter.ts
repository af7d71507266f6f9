// A light reporter for the suite benchmark: each test's duration and lab overhead (lab-overhead.ts),
// written as <LAB_OUTPUT_DIR>/overhead.json, without the evidence the sign-off report keeps.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { labOverheadMs } from './lab-overhead.ts';
import { labOutputPaths } from './output-paths.ts';
import { testKeyOf } from './signoff-model.ts';

export interface OverheadRecord {
  key: string;
  status: TestResult['status'];
  durationMs: number;
  overheadMs: number;
}

export default class OverheadReporter implements Reporter {
  readonly #records: OverheadRecord[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    this.#records.push({
      key: testKeyOf(test),
      status: result.status,
      durationMs: result.duration,
      overheadMs: labOverheadMs(result),
    });
  }

  onEnd(): void {
    const { root } = labOutputPaths();
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'overhead.json'), `${JSON.stringify(this.#records, null, 2)}\n`);
  }
}
