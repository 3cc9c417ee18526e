// The external tools some tests drive, resolved so that `npm ci && npm test`
// needs nothing installed by hand:
//  - the JUnit schema check runs libxml2's xmllint compiled to WebAssembly
//    (the npm package xmllint-wasm); where Debian's xmllint is on PATH (CI
//    installs it) it runs too, and both must accept the file;
//  - Chromium comes from CHROMIUM_PATH, else Debian's `chromium` on PATH, else
//    the Chromium shipped inside the npm package @sparticuz/chromium
//    (./chromium.ts);
//  - genhtml exists only as Debian's lcov: where it is absent its checks are
//    skipped with a printed NOTICE naming the package, unless CI is set, where
//    absence is a failure (.ci/run installs it).
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { validateXML } from 'xmllint-wasm';

export const JUNIT_XSD = 'test/fixtures/junit/junit.xsd';

/** The executable `name` on PATH, or undefined: no shell involved, so a stripped PATH means exactly that. */
export function onPath(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** CI=true (any value but empty, 0 or false) makes every tool required. */
export function underCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false';
}

export interface DebianTool {
  readonly name: string;
  /** The Debian package that provides it. */
  readonly pkg: string;
  /** What its checks cover, for the notice. */
  readonly checks: string;
}

export const GENHTML: DebianTool = { name: 'genhtml', pkg: 'lcov', checks: 'the lcov view read by genhtml' };

export function skipNotice(tool: DebianTool): string {
  return `NOTICE: ${tool.checks} SKIPPED: ${tool.name} is not on PATH; install it with \`apt-get install -y ${tool.pkg}\` (.ci/run does; under CI=true a missing ${tool.name} fails)`;
}

const noticed = new Set<string>();

/**
 * Runs a tool only Debian provides. Absent: under CI an error naming the
 * package; otherwise undefined, after a NOTICE (once per test file) that says
 * what was skipped and how to install it.
 */
export function runDebianTool(tool: DebianTool, args: readonly string[], cwd: string): SpawnSyncReturns<string> | undefined {
  const path = onPath(tool.name);
  if (path === undefined) {
    if (underCi()) throw new Error(`${tool.name} is not installed: apt-get install -y ${tool.pkg} (.ci/run does this; CI=true requires it)`);
    if (!noticed.has(tool.name)) process.stderr.write(`\n  ${skipNotice(tool)}\n\n`);
    noticed.add(tool.name);
    return undefined;
  }
  return spawnSync(path, args, { cwd, encoding: 'utf8' });
}

/** genhtml over `lcov.info` in `cwd` (see runDebianTool). */
export const genhtml = (cwd: string, out = 'lcov-html') => runDebianTool(GENHTML, ['lcov.info', '--branch-coverage', '--output-directory', out], cwd);

export interface SchemaCheck {
  readonly valid: boolean;
  /** Which validators ran: always libxml2 from npm, Debian's xmllint too where installed. */
  readonly validators: readonly string[];
  readonly errors: string;
}

/** Validates a JUnit file against the committed schema with libxml2 (WebAssembly) and, where present, Debian's xmllint. */
export async function validateJunit(file: string): Promise<SchemaCheck> {
  const result = await validateXML({
    xml: { fileName: 'junit.xml', contents: readFileSync(file) },
    schema: { fileName: 'junit.xsd', contents: readFileSync(JUNIT_XSD) },
  });
  const validators = ['xmllint-wasm (libxml2, npm)'];
  let valid = result.valid;
  let errors = result.errors.map((e) => e.rawMessage).join('\n');
  const system = onPath('xmllint');
  if (system !== undefined) {
    const r = spawnSync(system, ['--noout', '--schema', JUNIT_XSD, file], { encoding: 'utf8' });
    validators.push(`${system} (Debian libxml2-utils)`);
    valid &&= r.status === 0 && r.stderr.includes('validates');
    if (r.status !== 0) errors += `\n${r.stderr}`;
  }
  return { valid, validators, errors: errors.trim() };
}
