// Registers tsx so the TypeScript sources (and user theorem files) load
// without a build step, then runs the CLI. Exit codes: 0 nothing violated,
// 1 a violation, 2 bad usage, 3 an internal error (a bug: please report it).
import { register } from 'tsx/esm/api';

register();
try {
  const { main } = await import('../src/cli/main.ts');
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  const detail = process.env.NC_CHECK_DEBUG ? (e instanceof Error ? e.stack : String(e)) : e instanceof Error ? e.message : String(e);
  process.stderr.write(`nc-check: internal error: ${detail}\n(set NC_CHECK_DEBUG=1 for the stack trace; please report this)\n`);
  process.exitCode = 3;
}
