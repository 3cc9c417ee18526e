// The vitest integration, `import 'nc-check/vitest'` in a test file (or a
// setupFiles entry): registers `expect(report).toBeVerified()`, which passes
// when the run verified its clauses (see report/verdict.ts) and otherwise
// fails listing every clause that was violated, in error or inconclusive.
import { expect } from 'vitest';
import type { CoverageReport } from './report/schema.ts';
import { verdictProblems } from './report/verdict.ts';

declare module 'vitest' {
  // The type parameter must match vitest's own declaration of Matchers (interfaces merge).
  interface Matchers<T = any> {
    /** Every clause of the coverage report verified: none violated, in error or inconclusive. */
    toBeVerified(): T;
  }
}

export const ncCheckMatchers = {
  toBeVerified(received: CoverageReport) {
    const problems = verdictProblems(received);
    return {
      pass: problems.length === 0,
      message: () =>
        problems.length === 0
          ? `expected the run not to be verified, but ${received.summary.passed} clause(s) were verified and none failed`
          : `expected every clause verified; ${problems.length} not:\n  ${problems.join('\n  ')}`,
    };
  },
};

expect.extend(ncCheckMatchers);
