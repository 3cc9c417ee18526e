// A fresh machine: the tests that drive external tools, run with PATH stripped
// to node and npm (no chromium, xmllint or genhtml) and CI unset, must pass —
// the JUnit schema through libxml2 from npm, the browser tests through the
// Chromium shipped in an npm package — and the run must say, by name, which
// check it skipped (genhtml, only in Debian's lcov) and how to install it.
// Under CI=true the same missing genhtml is a failure (checked here too).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveChromium } from '../support/chromium.ts';
import { checkEnvironment } from '../support/environment.ts';
import { onPath } from '../support/tools.ts';

const TOOL_TESTS = ['test/e2e/html-browser.test.ts', 'test/unit/report/views.test.ts'];

function strippedPath(): string {
  const bin = mkdtempSync(join(tmpdir(), 'nc-check-fresh-path-'));
  for (const tool of ['node', 'npm', 'npx']) {
    const found = onPath(tool);
    if (found !== undefined) symlinkSync(found, join(bin, tool));
  }
  return bin;
}

function vitestWith(env: NodeJS.ProcessEnv, files: readonly string[]) {
  return spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...files], { env, encoding: 'utf8', timeout: 300_000 });
}

describe('a fresh machine without chromium, xmllint and genhtml', () => {
  const path = strippedPath();
  const { CI: _ci, ...withoutCi } = process.env;

  it('resolves every tool from npm except genhtml, which it names with its install command', () => {
    for (const tool of ['chromium', 'xmllint', 'genhtml']) expect(onPath(tool, path), tool).toBeUndefined();
    expect(resolveChromium(path).source).toBe('npm @sparticuz/chromium');
    const check = checkEnvironment(path, withoutCi);
    expect(check.lines.join('\n')).toContain('libxml2 from npm (xmllint-wasm)\n');
    expect(check.skipped).toEqual([expect.stringMatching(/genhtml.*SKIPPED.*apt-get install -y lcov/)]);
    expect(checkEnvironment(path, { ...withoutCi, CI: 'true' }).skipped).toEqual([]);
  });

  it('passes the tests that drive those tools, with a notice naming what was skipped and how to install it', () => {
    const r = vitestWith({ ...withoutCi, PATH: path }, TOOL_TESTS);
    const output = `${r.stdout}\n${r.stderr}`;
    expect(r.status, output).toBe(0);
    expect(output).toMatch(/tests: \d+ passed, 0 failed, [1-9]\d* skipped/);
    expect(output).toContain('Chromium: shipped in npm @sparticuz/chromium');
    expect(output).toMatch(/NOTICE: the lcov view read by genhtml SKIPPED: genhtml is not on PATH; install it with `apt-get install -y lcov`/);
  });

  it('fails the genhtml checks under CI=true, where .ci/run installs lcov', () => {
    const r = vitestWith({ ...withoutCi, PATH: path, CI: 'true' }, ['test/unit/report/empirical-views.test.ts']);
    const output = `${r.stdout}\n${r.stderr}`;
    expect(r.status).not.toBe(0);
    expect(output).toContain('genhtml is not installed: apt-get install -y lcov');
  });
});
