import { defineConfig } from 'vitest/config';

// The tests Stryker runs against each mutant of protocol/ and mocks/sls (stryker.config.mjs):
// the unit tests beside that code, and the server's integration tests on the embedded store only
// (one PostgreSQL for the whole run, started once by the global setup). Left out, because a
// mutant run would pay for them without learning more: the fuzz (2,000 random requests per run),
// the database faults (SIGSTOP of the shared store, timeouts of seconds) and the unfinished sends
// (a child portal process, which runs the code unmutated).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['protocol/**/*.test.ts', 'mocks/sls/**/*.unit.test.ts'],
        },
      },
      {
        test: {
          name: 'integration-embedded',
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
    ],
  },
});
