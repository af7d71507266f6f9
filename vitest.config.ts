import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['protocol/**/*.test.ts', 'mocks/**/*.unit.test.ts', 'drivers/**/*.unit.test.ts'],
        },
      },
    ],
  },
});
