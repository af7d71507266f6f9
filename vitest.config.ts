import { defineConfig } from 'vitest/config';
import { probeContainerRuntime } from './mocks/state/container-runtime.ts';

// Integration tests run once per store kind: embedded always, Testcontainers when a container
// runtime answers (CI starts one), so both code paths are exercised on every CI run.
export default defineConfig(async () => {
  const runtime = await probeContainerRuntime();
  const requested = process.env.LAB_TEST_STORES?.split(',').map((kind) => kind.trim());
  const storeKinds = requested ?? (runtime.available ? ['embedded', 'testcontainers'] : ['embedded']);
  if (!requested && !runtime.available) {
    console.log(`Integration tests run on the embedded store only (${runtime.detail}).`);
  }
  return {
    test: {
      projects: [
        {
          test: {
            name: 'unit',
            include: ['protocol/**/*.test.ts', '{mocks,drivers,scenarios,reports}/**/*.unit.test.ts'],
          },
        },
        ...storeKinds.map((kind) => ({
          test: {
            name: `integration-${kind}`,
            include: ['{mocks,drivers}/**/*.int.test.ts'],
            globalSetup: ['./mocks/state/vitest-global-store.ts'],
            testTimeout: 60_000,
            hookTimeout: 120_000,
          },
        })),
      ],
    },
  };
});
