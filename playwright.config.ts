import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './common/chromium.ts';
import { labOutputPaths, labReporters } from './reports/output-paths.ts';

const executablePath = findChromium();
const output = labOutputPaths();

/** Device profiles x locales: every journey runs on each phone in French and English. */
const PHONES = [
  { id: 'faceid', phoneProfile: 'iPhone 15 (Face ID)' },
  { id: 'touchid', phoneProfile: 'iPhone SE (Touch ID)' },
  { id: 'passcode', phoneProfile: 'iPhone 11 (passcode only)' },
];
const LOCALES = ['fr-FR', 'en-US'];

/**
 * A worker serves one project (a phone and a language): a test of another project needs a new
 * worker (a process, its lab, its browser: about 5 CPU-seconds). When a run has several projects,
 * each runs in one worker at a time, so that workers start once per project rather than once per
 * project and worker; the largest projects come first, so that the last to finish is a short one.
 * A run of one project (--project faceid-en-US) keeps every worker on it.
 */
const projectsNamed = process.argv.filter(
  (arg) => arg === '--project' || arg.startsWith('--project='),
).length;
const workersPerProject = projectsNamed === 1 ? {} : { workers: 1 };

export default defineConfig({
  testDir: './scenarios',
  outputDir: output.testResults,
  globalSetup: './scenarios/support/global-setup.ts',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  workers: process.env.LAB_WORKERS ? Number(process.env.LAB_WORKERS) : '100%',
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
    { name: 'cases', testMatch: 'cases/**/*.spec.ts', ...workersPerProject },
    // Only for the report tests: a journey that fails on purpose.
    ...(process.env.LAB_PROVOKE_FAILURE
      ? [
          {
            name: 'provoked-failure',
            testMatch: 'report-checks/**/*.spec.ts',
            use: { locale: 'en-US' },
            ...workersPerProject,
          },
        ]
      : []),
    ...PHONES.flatMap((phone) =>
      LOCALES.map((locale) => ({
        name: `${phone.id}-${locale}`,
        testMatch: 'journeys/**/*.spec.ts',
        use: { locale, phoneProfile: phone.phoneProfile },
        ...workersPerProject,
      })),
    ),
    { name: 'portal', testMatch: 'portal/**/*.spec.ts', use: { locale: 'en-US' }, ...workersPerProject },
  ],
});
