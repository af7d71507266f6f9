import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { probeContainerRuntime, probeImage } from './mocks/state/container-runtime.ts';
import { DEFAULT_PG_IMAGE } from './mocks/state/testcontainers-store.ts';

// Integration tests run once per store kind: embedded always, Testcontainers when a container
// runtime answers (CI starts one), so both code paths are exercised on every CI run. On the second
// kind only the tests whose outcome can depend on the store run (its start and stop, connections
// lost, concurrent transactions): the other tests send the same SQL to the same schema, and the
// lab's journeys already run on Testcontainers in CI. LAB_TEST_ALL_ON_EVERY_STORE=1 runs them all.
const STORE_SENSITIVE_TESTS = [
  'mocks/state/**/*.int.test.ts',
  'mocks/sls/database-faults.int.test.ts',
  'mocks/sls/*-race.int.test.ts',
  'mocks/sls/unfinished-sends.int.test.ts',
  'lab/lab.int.test.ts',
];
const EVERY_INTEGRATION_TEST = '{lab,mocks,drivers,scenarios}/**/*.int.test.ts';

export default defineConfig(async () => {
  const requested = process.env.LAB_TEST_STORES?.split(',').map((kind) => kind.trim());
  let storeKinds = requested ?? ['embedded'];
  if (!requested) {
    const image = process.env.LAB_PG_IMAGE || DEFAULT_PG_IMAGE;
    const runtime = await probeContainerRuntime();
    const probe = runtime.available ? await probeImage(image) : runtime;
    if (probe.available) storeKinds = ['embedded', 'testcontainers'];
    else
      console.log(
        `Integration tests run on the embedded store only (${probe.detail}; .ci/run sets up both).`,
      );
  }
  return {
    test: {
      // Vitest's default on two cores is one worker, and the integration tests spend about half
      // their time waiting on the processes they start (servers, PostgreSQL, Appium): one more
      // worker than cores keeps both cores busy (the test files in 298 s instead of 508 here).
      maxWorkers: availableParallelism() + 1,
      projects: [
        {
          test: {
            name: 'unit',
            include: [
              'protocol/**/*.test.ts',
              '{product,common,lab,mocks,drivers,scenarios,reports,scripts}/**/*.unit.test.ts',
            ],
          },
        },
        ...storeKinds.map((kind, index) => ({
          test: {
            name: `integration-${kind}`,
            include:
              index === 0 || process.env.LAB_TEST_ALL_ON_EVERY_STORE === '1'
                ? [EVERY_INTEGRATION_TEST]
                : STORE_SENSITIVE_TESTS,
            globalSetup: ['./mocks/state/vitest-global-store.ts'],
            testTimeout: 60_000,
            hookTimeout: 120_000,
          },
        })),
      ],
    },
  };
});
