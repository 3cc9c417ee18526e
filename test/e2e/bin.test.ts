// The launcher as users and scripts run it: ./bin/nc-check from the checkout.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = (...args: string[]) => spawnSync('./bin/nc-check', args, { encoding: 'utf8', timeout: 120_000 });

describe('./bin/nc-check', () => {
  it('runs from the checkout without a build step', () => {
    const r = cli('list', '--json');
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { theorems: unknown[] }).theorems.length).toBeGreaterThanOrEqual(2);
  });

  it('answers bad input with exit code 2 and one line, never a stack trace', () => {
    const r = cli('predict', 'TB22-T3.1', '--regime', '{"K":2,"n":1,"d":2,"lambdaW":"x","lambdaH":1}');
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('nc-check: regime.lambdaW: expected a finite number > 0, got "x"');
  });

  it('verifies and closes with the CI-readable line', () => {
    const out = mkdtempSync(join(tmpdir(), 'nc-check-e2e-'));
    const r = cli('verify', 'TB22-B', '--runs', '2', '--restarts', '1', '--out', out);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n').at(-1)).toMatch(/^verify: \d+ passed, 0 failed, \d+ skipped/);
  });
});
