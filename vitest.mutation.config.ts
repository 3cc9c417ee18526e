import { defineConfig } from 'vitest/config';

// The unit tests `npm run mutation` (StrykerJS, stryker.config.mjs) runs against each mutant:
// those of the folders it mutates, and none of the slow tiers (e2e, conformance, CLI runs,
// properties), which cover the same code far more slowly. See docs/mutation.md.
export default defineConfig({
  test: {
    include: [
      'test/unit/measure/**/*.test.ts',
      'test/unit/verify/**/*.test.ts',
      'test/unit/theorem/**/*.test.ts',
      'test/unit/certify/**/*.test.ts',
      'test/unit/report/**/*.test.ts',
    ],
    // CLI runs of broken theorem files: 30 s per pass, and define.test.ts covers define.ts directly.
    exclude: ['test/unit/theorem/broken.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    env: { NC_CHECK_DB: 'off' },
  },
});
