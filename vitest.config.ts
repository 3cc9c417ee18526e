import { defineConfig } from 'vitest/config';

// Test tiers (see test/README.md): unit tests mirror src/, conformance runs the
// shared backend suite, properties/ holds the fast-check properties over
// regimes, e2e drives the CLI. Coverage is measured on src/ and must stay ≥ 85%
// of lines.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'properties/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Says which external tools (Chromium, xmllint, genhtml) were found and which checks are skipped.
    globalSetup: ['test/support/global-setup.ts'],
    // vitest's summary, then the plain "N passed, N failed" line CI tools read.
    reporters: ['default', './test/reporters/closing-line.ts'],
    // Tests never read or write the working directory's failure database;
    // the ones about it pass --db explicitly.
    env: { NC_CHECK_DB: 'off' },
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: 'coverage',
      thresholds: { lines: 85 },
    },
  },
});
