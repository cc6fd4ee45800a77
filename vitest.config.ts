import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
          globalSetup: ['test/support/clear-logs.ts'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        // Runs after the others (see package.json): reads every log line they wrote.
        test: { name: 'logs', include: ['test/logs/**/*.test.ts'] },
      },
    ],
  },
});
