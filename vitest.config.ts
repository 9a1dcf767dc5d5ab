import { defineConfig } from 'vitest/config';

export default defineConfig({
  define: { __XMLPOOL_VERSION__: JSON.stringify('0.0.0-test') },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Pool tests start real workers from the built worker script (out/cli/worker.cjs).
    globalSetup: ['test/global-setup.ts'],
    // Property tests run with a fixed seed unless asked otherwise (see the file).
    setupFiles: ['test/fast-check-seed.ts'],
    // Sized for a 2-core machine: a few test files at a time, each may start 2 workers.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
