// Runs once before the test files: resolves (and, for the npm Chromium, unpacks
// once) the external tools, and says what was found and what will be skipped —
// again at the end, so a skipped check is not lost above the test list.
import { checkEnvironment } from './environment.ts';

export default function setup(): () => void {
  const { lines, skipped } = checkEnvironment();
  process.stderr.write(`\ntest environment:\n${lines.map((l) => `  ${l}\n`).join('')}${skipped.map((s) => `  ${s}\n`).join('')}\n`);
  return () => {
    if (skipped.length > 0) process.stderr.write(`\n${skipped.map((s) => `  ${s}\n`).join('')}`);
  };
}
