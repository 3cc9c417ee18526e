// Prints the plain closing line CI tools read — "tests: N passed, N failed, N
// skipped" — as the very last line of `npm test`. Vitest prints its own summary
// and then the coverage summary after every reporter hook has run, so the line
// is written when the process exits (stdout to files and pipes is synchronous
// on Linux, so nothing is lost).
import type { Reporter, TestModule } from 'vitest/node';

export default class ClosingLine implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      let failed = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') failed++;
        else counts.skipped++;
      }
      // A file that failed outside any test (a throwing beforeAll, an import error) leaves its
      // tests skipped: it still counts as one failure, so the line agrees with the exit code.
      counts.failed += failed === 0 && module.state() === 'failed' ? 1 : failed;
    }
    counts.failed += unhandledErrors.length;
    process.once('exit', () => {
      process.stdout.write(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
    });
  }
}
