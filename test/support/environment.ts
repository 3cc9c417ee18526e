// What `npm test` found on this machine for the tools some tests drive, and
// what it skipped: printed by the global setup at the start of the run and,
// when something was skipped, again at its end (test/support/global-setup.ts).
import { resolveChromium } from './chromium.ts';
import { GENHTML, onPath, skipNotice, underCi } from './tools.ts';

export interface EnvironmentCheck {
  readonly lines: readonly string[];
  /** One NOTICE per check skipped for a missing tool; empty under CI, where a missing tool fails instead. */
  readonly skipped: readonly string[];
}

export function checkEnvironment(path = process.env.PATH ?? '', env: NodeJS.ProcessEnv = process.env): EnvironmentCheck {
  const xmllint = onPath('xmllint', path);
  let chromium: ReturnType<typeof resolveChromium> | string;
  try {
    chromium = resolveChromium(path);
  } catch (e) {
    // Reported here; the browser tests then fail with the same reason (install chromium or set CHROMIUM_PATH).
    chromium = `unavailable: ${e instanceof Error ? e.message : String(e)} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
  }
  const genhtml = onPath('genhtml', path);
  const skipped = genhtml === undefined && !underCi(env) ? [skipNotice(GENHTML)] : [];
  const lines = [
    `JUnit schema: libxml2 from npm (xmllint-wasm)${xmllint === undefined ? '' : `, and ${xmllint}`}`,
    `Chromium: ${typeof chromium === 'string' ? chromium : chromium.source === 'npm @sparticuz/chromium' ? 'shipped in npm @sparticuz/chromium' : `${chromium.executablePath} (${chromium.source})`}`,
    `genhtml: ${genhtml ?? (underCi(env) ? 'MISSING: CI=true requires it (apt-get install -y lcov); its checks fail' : 'not installed, its checks are skipped')}`,
  ];
  return { lines, skipped };
}
