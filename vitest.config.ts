import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
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

// The files that take a minute or more, started first so that none of them is the last one left
// running: Vitest starts the files that took longest last time first, but a fresh clone (CI) has
// no such record and would start them in the order it found them.
const LONGEST_FILES = [
  'lab/stop.int.test.ts',
  'lab/stop-after-faults.int.test.ts',
  'lab/serve-appium.int.test.ts',
  'drivers/sim-iphone/local-authentication.int.test.ts',
  'drivers/sim-iphone/xcuitest-timing-conformance.int.test.ts',
];
for (const file of LONGEST_FILES)
  if (!existsSync(fileURLToPath(new URL(file, import.meta.url))))
    throw new Error(`vitest.config.ts names ${file} among the longest test files, and it does not exist.`);

const SHUFFLED = process.argv.some((arg) => arg.startsWith('--sequence.shuffle'));

class LongestFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (spec: TestSpecification) => {
      const index = LONGEST_FILES.indexOf(relative(spec.project.config.root, spec.moduleId));
      return index === -1 ? LONGEST_FILES.length : index;
    };
    // Array.prototype.sort is stable: the rest keep Vitest's order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

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
      // worker than cores keeps both cores busy (the test files in 289 s instead of 508 here).
      maxWorkers: availableParallelism() + 1,
      // --sequence.shuffle.files checks that no test file depends on another's order: Vitest
      // shuffles only with its own sequencer.
      sequence: SHUFFLED ? {} : { sequencer: LongestFilesFirst },
      projects: [
        {
          test: {
            name: 'unit',
            // A project's test files share one module graph per worker instead of each loading
            // its own (unit 36 s -> 14 s, integration 224 s -> 179 s here). They keep no state
            // between files: both pass with the files in shuffled orders (--sequence.shuffle.files).
            isolate: false,
            include: [
              'protocol/**/*.test.ts',
              '{product,common,lab,mocks,drivers,scenarios,reports,scripts,bench}/**/*.unit.test.ts',
            ],
          },
        },
        ...storeKinds.map((kind, index) => ({
          test: {
            name: `integration-${kind}`,
            isolate: false, // as the unit tests'
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
