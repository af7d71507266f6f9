// The report tests (`npm test` runs them): they run small lab runs into a temporary folder,
// one of them failing on purpose and two of them as shards, then read what those runs wrote.

import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../common/chromium.ts';

const executablePath = findChromium();

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../lab-output/report-tests',
  workers: 1,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1366, height: 900 },
    launchOptions: { args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) },
  },
});
