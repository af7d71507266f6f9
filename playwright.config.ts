import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './scenarios/support/chromium.ts';

const executablePath = findChromium();

export default defineConfig({
  testDir: './scenarios',
  testMatch: '**/*.spec.ts',
  outputDir: './lab-output/test-results',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  workers: process.env.CI ? 2 : undefined,
  reporter: process.env.CI
    ? [['list'], ['html', { outputFolder: 'lab-output/playwright-report', open: 'never' }]]
    : 'list',
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    launchOptions: { args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) },
    trace: 'retain-on-failure',
  },
});
