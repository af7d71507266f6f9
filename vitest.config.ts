import { defineConfig } from 'vitest/config';
import { probeContainerRuntime, probeImage } from './mocks/state/container-runtime.ts';
import { DEFAULT_PG_IMAGE } from './mocks/state/testcontainers-store.ts';

// Integration tests run once per store kind: embedded always, Testcontainers when a container
// runtime answers (CI starts one), so both code paths are exercised on every CI run.
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
        ...storeKinds.map((kind) => ({
          test: {
            name: `integration-${kind}`,
            include: ['{lab,mocks,drivers,scenarios}/**/*.int.test.ts'],
            globalSetup: ['./mocks/state/vitest-global-store.ts'],
            testTimeout: 60_000,
            hookTimeout: 120_000,
          },
        })),
      ],
    },
  };
});
