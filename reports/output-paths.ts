// Where a lab run writes: everything under one folder (LAB_OUTPUT_DIR, default lab-output), so a
// test can run the lab into a temporary folder and read back exactly what it wrote.

import { join, resolve } from 'node:path';
import type { ReporterDescription } from '@playwright/test';

export function labOutputPaths(root = process.env.LAB_OUTPUT_DIR || 'lab-output') {
  const base = resolve(root);
  return {
    root: base,
    testResults: join(base, 'test-results'),
    playwrightReport: join(base, 'playwright-report'),
    junit: join(base, 'junit.xml'),
    signoff: join(base, 'signoff'),
    blobs: join(base, 'blob'),
  };
}

/** The reporters of a run, and of a merge of shard blobs (which writes no blob). */
export function labReporters(
  paths = labOutputPaths(),
  { sharded = false, merging = false } = {},
): ReporterDescription[] {
  return [
    ...(merging ? [] : [['list'] as const]),
    ['html', { outputFolder: paths.playwrightReport, open: 'never' }],
    ['junit', { outputFile: paths.junit, includeProjectInTestName: true }],
    // By absolute path: Playwright resolves a reporter against the config's folder.
    [join(import.meta.dirname, 'signoff-reporter.ts'), { outputFolder: paths.signoff }],
    ...(sharded ? [['blob', { outputDir: paths.blobs }] as const] : []),
  ];
}
