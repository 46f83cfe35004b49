import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Unit tests (and decoder tests against the protocols' real Node clients and servers, test/protocols/) run in parallel, on every core:
// vitest's default leaves one core free, which on a 2-core machine ran them one file at a time (they run before the browser tests, alone).
// Browser tests run two files at a time: most of a browser test's time is spent waiting (browser start-up,
// round trips, the service worker), so two keep both cores busy (16 min serial, about 13 min two at a time).
// They wait on signals, never on fixed delays, so the extra load slows them without making them fail.
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/protocols/**/*.test.ts'],
          testTimeout: 60_000,
          maxWorkers: availableParallelism(),
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          maxWorkers: 2,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
