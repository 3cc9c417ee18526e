// @ts-check
// Mutation testing of the engine's decision code (`npm run mutation`; docs/mutation.md has the
// scores and the survivors). StrykerJS 9.6 with its vitest runner: the last major that runs on
// Node 20 (10.x needs Node 22), and it drives vitest 4.1 through vitest's node API.
//
// `npm run mutation` (bench/mutation.ts) runs Stryker once per folder with MUTATE=<folder>:
// MUTATE=measure|verify|theorem|certify|views. Only the unit tests of that folder run
// (vitest.mutation.config.ts), and per-test coverage runs only the tests that reach a mutant.
const FOLDERS = {
  measure: ['src/measure/**/*.ts'],
  verify: ['src/verify/compare.ts', 'src/verify/aggregate.ts', 'src/verify/checkers.ts'],
  theorem: ['src/theorem/tolerance.ts', 'src/theorem/clause.ts', 'src/theorem/define.ts'],
  certify: ['src/certify/**/*.ts'],
  // The views' decisions and text: what counts as a failure (outcome), JUnit, lcov, Markdown, CSV,
  // LaTeX, the report diff, and the sanitizer. The HTML view and its plots (html*.ts,
  // empirical-plots.ts, svg.ts) are drawing code, checked in headless Chromium by the e2e tier, too
  // slow to run per mutant: not mutated here.
  views: ['src/report/views/{outcome,junit,lcov,markdown,csv,latex,diff,text,index,write}.ts', 'src/report/sanitize.ts'],
};

const selected = process.env.MUTATE;
if (selected !== undefined && !(selected in FOLDERS)) throw new Error(`MUTATE=${selected}: expected one of ${Object.keys(FOLDERS).join(', ')}`);
const name = selected ?? 'all';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: selected === undefined ? Object.values(FOLDERS).flat() : FOLDERS[selected],
  coverageAnalysis: 'perTest',
  // Two cores in CI; set STRYKER_CONCURRENCY=1 on a shared machine.
  concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 2),
  // A mutant that loops (a flipped loop bound) is cut off 2 s after the tests it runs would have ended
  // (Stryker adds 1.5× their time): the unit tests here take well under a second per mutant.
  timeoutMS: 2_000,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  // `npm run mutation -- --incremental` retests only the mutants whose code or tests changed since the
  // last run of the same folder; the file lives under reports/ (not in git), one per folder.
  incrementalFile: `reports/mutation/${name}.incremental.json`,
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  // Not copied into the sandbox: other runs' sandboxes, reports, coverage.
  ignorePatterns: ['.stryker-tmp*', 'reports', 'coverage', '.nc-check'],
  tempDirName: `.stryker-tmp-${name}`,
  cleanTempDir: true,
  thresholds: { high: 90, low: 80, break: null },
};
