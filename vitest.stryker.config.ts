import { defineConfig } from 'vitest/config';

// The tests Stryker runs against each mutant (stryker.config.mjs). protocol/ is tested by its
// own unit tests (protocol/*.test.ts: vectors, the clients against small fake servers). The
// server's logic is tested by its unit tests and, unless LAB_MUTANTS_TESTS=unit, its integration
// tests on the embedded store (one PostgreSQL for the run, started once by the global setup). Left
// out, because a mutant run would pay for them without learning more: the fuzz (2,000 random
// requests per run), the database faults (SIGSTOP of the shared store, timeouts of seconds) and the
// unfinished sends (a child portal process, which runs the code unmutated).
//
// Modules stay loaded between runs (isolate: false): Stryker switches mutants at run time, so a
// fresh module graph per file would only add seconds to every mutant.
const scope = process.env.LAB_MUTANTS_SCOPE || 'all';
const withIntegration = scope !== 'protocol' && process.env.LAB_MUTANTS_TESTS !== 'unit';

export default defineConfig({
  test: {
    isolate: false,
    projects: [
      {
        test: {
          name: 'unit',
          isolate: false,
          include: [
            'protocol/**/*.test.ts',
            ...(scope === 'protocol' ? [] : ['mocks/sls/**/*.unit.test.ts']),
          ],
        },
      },
      ...(withIntegration
        ? [
            {
              test: {
                name: 'integration-embedded',
                isolate: false,
                include: ['mocks/sls/**/*.int.test.ts'],
                exclude: [
                  'mocks/sls/fuzz.int.test.ts',
                  'mocks/sls/database-faults.int.test.ts',
                  'mocks/sls/unfinished-sends.int.test.ts',
                ],
                globalSetup: ['./mocks/state/vitest-global-store.ts'],
                testTimeout: 60_000,
                hookTimeout: 120_000,
              },
            },
          ]
        : []),
    ],
  },
});
