import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './common/chromium.ts';
import { labOutputPaths, labReporters } from './reports/output-paths.ts';
import {
  labWorkers,
  playwrightTestArgs,
  workersPerProject,
} from './scenarios/support/workers-per-project.ts';

const executablePath = findChromium();
const output = labOutputPaths();

/** Device profiles x locales: every journey runs on each phone in French and English. */
const PHONES = [
  { id: 'faceid', phoneProfile: 'iPhone 15 (Face ID)' },
  { id: 'touchid', phoneProfile: 'iPhone SE (Touch ID)' },
  { id: 'passcode', phoneProfile: 'iPhone 11 (passcode only)' },
];
const LOCALES = ['fr-FR', 'en-US'];

/** One worker per project at a time when the run takes several (see workers-per-project.ts). */
const projectWorkers = workersPerProject(playwrightTestArgs());
const workersOfProject = projectWorkers ? { workers: projectWorkers } : {};

export default defineConfig({
  testDir: './scenarios',
  outputDir: output.testResults,
  globalSetup: './scenarios/support/global-setup.ts',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  // Two per core: a test waits on the processes it drives (see labWorkers).
  workers: labWorkers(),
  timeout: 90_000,
  expect: { timeout: 10_000 },
  // A shard also writes a blob, which `npm run lab:merge` turns into the same reports as one run.
  reporter: labReporters(output, { sharded: process.argv.some((arg) => arg.startsWith('--shard')) }),
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    launchOptions: { args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) },
    // Traces are kept on failure by the maskedTrace fixture, with secrets masked.
    trace: 'off',
  },
  projects: [
    // Each customer case names its own phone and language.
    { name: 'cases', testMatch: 'cases/**/*.spec.ts', ...workersOfProject },
    // Only for the report tests: a journey that fails on purpose.
    ...(process.env.LAB_PROVOKE_FAILURE
      ? [
          {
            name: 'provoked-failure',
            testMatch: 'report-checks/**/*.spec.ts',
            use: { locale: 'en-US' },
            ...workersOfProject,
          },
        ]
      : []),
    ...PHONES.flatMap((phone) =>
      LOCALES.map((locale) => ({
        name: `${phone.id}-${locale}`,
        testMatch: 'journeys/**/*.spec.ts',
        use: { locale, phoneProfile: phone.phoneProfile },
        ...workersOfProject,
      })),
    ),
    { name: 'portal', testMatch: 'portal/**/*.spec.ts', use: { locale: 'en-US' }, ...workersOfProject },
  ],
});
