// Mutation testing below the journeys (issue 17 part 4): Stryker changes protocol/ and the
// server's logic (mocks/sls) one small edit at a time and runs the Vitest tests that cover each
// edit (vitest.stryker.config.ts); a mutant no test notices is a behaviour nothing checks.
// Run it with `npm run mutants -- --unit [protocol|server]`; LAB_MUTANTS_SCOPE carries the choice
// here. Each scope keeps its own report and incremental file in lab-output/mutants-unit/<scope>/
// (git-ignored): a rerun tests only the mutants whose code or covering tests changed.

import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import scopeFolders from './reports/mutation-scopes.json' with { type: 'json' };

// The folders of each scope, also read by `npm run mutants -- --unit <scope> --sample N`, which
// leaves out the same files (reports/mutant-sample.ts, isLeftOutOfMutation).
const notTheCode = ['!**/*.test.ts', '!**/test-support/**', '!**/assets/**'];
const scopes = Object.fromEntries(
  Object.entries(scopeFolders).map(([name, folders]) => [
    name,
    [...folders.map((folder) => `${folder}/**/*.ts`), ...notTheCode],
  ]),
);
const scope = process.env.LAB_MUTANTS_SCOPE || 'all';
if (!(scope in scopes))
  throw new Error(
    `LAB_MUTANTS_SCOPE is "${scope}", which is not a scope of the unit mutation run: use ${Object.keys(scopes).join(', ')}.`,
  );
// LAB_MUTATE=file,glob,... mutates only those (a quick look at one module); its report is apart.
// LAB_MUTANTS_SAMPLE=<file> mutates only the sampled mutants' places that `npm run mutants --
// --unit <scope> --sample N` wrote there (reports/mutant-sample.ts), with a report of its own.
const sampleFile = process.env.LAB_MUTANTS_SAMPLE;
const sampledRanges = sampleFile ? JSON.parse(readFileSync(sampleFile, 'utf8')).ranges : undefined;
const narrowed = sampledRanges ?? process.env.LAB_MUTATE?.split(',').filter(Boolean);
const unitTestsOnly = process.env.LAB_MUTANTS_TESTS === 'unit' ? '-unit-tests' : '';
const label = sampledRanges ? `${scope}-sample` : narrowed ? 'narrowed' : scope;
const output = `lab-output/mutants-unit/${label}${unitTestsOnly}`;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts' },
  plugins: [
    '@stryker-mutator/vitest-runner',
    ...(sampledRanges ? ['./reports/stryker-sample-ignorer.mjs'] : []),
  ],
  ignorers: sampledRanges ? ['lab-sample'] : [],
  mutate: narrowed ? [...narrowed, ...notTheCode] : scopes[scope],
  // Each mutant runs only the tests that executed it in the dry run.
  coverageAnalysis: 'perTest',
  // A static mutant (in code run once at import: the message schemas, the error table, the
  // patterns) needs every test run again, 200 of them with the integration tests, about 3 min
  // each: half of protocol/'s mutants would take days. They are left out of the score unless
  // LAB_MUTANTS_STATIC=1 (a long run); the report counts them as ignored.
  ignoreStatic: process.env.LAB_MUTANTS_STATIC !== '1',
  // Two cores shared with the rest of the machine.
  concurrency: Number(process.env.LAB_MUTANTS_CONCURRENCY || 1),
  incremental: true,
  incrementalFile: `${output}/incremental.json`,
  // Stryker copies the project and mutates the copy; outside the checkout, so that the copy's
  // biome.json and tests are not seen by `npm run lint` or Vitest while it runs.
  tempDirName: join(tmpdir(), 'ibkey-lab-stryker'),
  cleanTempDir: 'always',
  ignorePatterns: ['lab-output', 'case-reports', 'test-results', 'playwright-report', 'blob-report'],
  // Stryker rewrites the tsconfig's extends and references for the sandbox with TypeScript's JS
  // API, which TypeScript 7 (the native compiler) no longer has; ours has neither, so it is
  // pointed at a file that does not exist and left as it is.
  tsconfigFile: 'no-tsconfig-to-rewrite.json',
  // The integration tests start a server on a fresh database per file: a mutant that hangs one
  // is a timeout (counted as caught) after this long beyond the dry run's time.
  timeoutMS: 20_000,
  dryRunTimeoutMinutes: 20,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `${output}/mutation.html` },
  jsonReporter: { fileName: `${output}/mutation.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: false },
  thresholds: { high: 85, low: 75, break: null },
};
