import { defineConfig } from 'vitest/config';

// The unit tests `npm run mutation` (StrykerJS, stryker.config.mjs) runs against the mutants
// of each folder (MUTATE=…; all of them without it): the folder's own unit tests and the
// engine tests that exercise it, none of the slow tiers (e2e, conformance, CLI runs,
// properties), which cover the same code far more slowly. A static mutant (a module-level
// constant such as the tolerance table) reruns every test listed here, so the lists stay short.
// See docs/mutation.md.
const TESTS: Record<string, string[]> = {
  // cli/measure.test.ts: the errors of src/measure/given-features.ts (bad files, labels, shapes), in the CLI's words.
  measure: ['test/unit/measure/**/*.test.ts', 'test/unit/cli/measure.test.ts'],
  verify: ['test/unit/verify/**/*.test.ts'],
  theorem: ['test/unit/theorem/**/*.test.ts', 'test/unit/verify/{evaluate,compare,verdict-boundaries}.test.ts'],
  certify: ['test/unit/certify/**/*.test.ts', 'test/unit/verify/evaluate.test.ts'],
  views: ['test/unit/report/**/*.test.ts'],
};

const folder = process.env.MUTATE;

export default defineConfig({
  test: {
    include: folder !== undefined && folder in TESTS ? TESTS[folder] : [...new Set(Object.values(TESTS).flat())],
    // Slow engine-level tests, run against every mutant they reach (a surviving mutant pays for all of
    // them): CLI runs of broken theorem files (30 s per pass; define-validation.test.ts covers define.ts
    // directly), the false-alarm sweep's fixed-seed suite (26 s) and the runner's end-to-end runs (10 s).
    // Leaving tests out can only lower a score (fewer tests, fewer kills): every mutant only they
    // would kill is a survivor here, and a focused test kills it instead.
    exclude: ['test/unit/theorem/broken.test.ts', 'test/unit/verify/false-alarms.test.ts', 'test/unit/verify/runner.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    env: { NC_CHECK_DB: 'off' },
    // Every mutant reruns its covering test files, and each file imports its modules afresh: pre-bundling
    // the HTML view's plotting and DOM libraries (hundreds of small ES modules) cuts that import time by ~40 %.
    deps: { optimizer: { ssr: { enabled: true, include: ['@observablehq/plot', 'linkedom'] } } },
  },
});
