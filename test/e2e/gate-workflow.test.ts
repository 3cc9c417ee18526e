// The GitHub Actions gate (examples/github/nc-check-gate.yml) run as written,
// minus GitHub: each step's own shell script runs in bash with
// GITHUB_STEP_SUMMARY and GITHUB_OUTPUT pointing at files, in a folder whose
// bin/nc-check is the real launcher with the verify sample sized down (one
// theorem, two regimes). The exit-code plumbing is what is under test: a
// regression against the baseline fails the diff step and is in the summary;
// identical runs pass; verify's exit code reaches the last step.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const workflow = readFileSync('examples/github/nc-check-gate.yml', 'utf8');

/** The `run: |` script of the step with this name. */
function script(name: string): string {
  const at = workflow.indexOf(`- name: ${name}`);
  if (at < 0) throw new Error(`no step "${name}"`);
  const block = /\n\s+run: \|\n((?:\s{10}.*\n)+)/.exec(workflow.slice(at))!;
  return block[1].replace(/^ {10}/gm, '');
}

function step(dir: string, name: string, outputs: Record<string, string> = {}): { status: number; summary: string; output: string } {
  const summary = join(dir, 'summary.md');
  const output = join(dir, 'output.txt');
  writeFileSync(summary, '');
  writeFileSync(output, '');
  let text = script(name);
  for (const [k, v] of Object.entries(outputs)) text = text.replaceAll(`\${{ steps.verify.outputs.${k} }}`, v);
  const r = spawnSync('bash', ['-e', '-c', text], { cwd: dir, encoding: 'utf8', env: { ...process.env, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output } });
  return { status: r.status ?? -1, summary: readFileSync(summary, 'utf8'), output: readFileSync(output, 'utf8') };
}

function checkout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nc-check-gate-'));
  mkdirSync(join(dir, 'bin'));
  // The real launcher; only verify's sample is made small.
  writeFileSync(
    join(dir, 'bin', 'nc-check'),
    `#!/usr/bin/env bash\nif [ "$1" = verify ]; then shift; exec ${resolve('bin/nc-check')} verify TB22-B --runs 2 --restarts 1 --no-db "$@"; fi\nexec ${resolve('bin/nc-check')} "$@"\n`,
  );
  chmodSync(join(dir, 'bin', 'nc-check'), 0o755);
  return dir;
}

describe('examples/github/nc-check-gate.yml', () => {
  it('keeps the baseline from the default branch (cache keyed by commit, restored by prefix on pull requests)', () => {
    expect(workflow).toMatch(/uses: actions\/cache\/save@v4\n\s+if: github\.event_name == 'push'[^\n]*\n\s+with:\n\s+path: baseline\n\s+key: nc-check-baseline-\$\{\{ github\.sha \}\}/);
    expect(workflow).toMatch(/uses: actions\/cache\/restore@v4\n\s+with:\n\s+path: baseline\n[^\n]*\n\s+restore-keys: nc-check-baseline-/);
  });

  it('runs verify, writes the summary, passes identical runs, and fails the diff step on a regression', { timeout: 120_000 }, () => {
    const dir = checkout();
    const verify = step(dir, 'verify (its exit code is kept for the last step)');
    expect(verify.status).toBe(0);
    expect(verify.summary).toMatch(/^## nc-check theorem coverage/);
    const rc = /^rc=(\d+)$/m.exec(verify.output)![1];
    expect(rc).toBe('0');

    // No baseline yet: a warning, not a failure.
    const first = step(dir, 'diff against the baseline (fails on a regression)');
    expect(first.status).toBe(0);

    // The default branch's run kept as the baseline, then the same run compared: no regression.
    expect(step(dir, 'keep this run as the baseline').status).toBe(0);
    const same = step(dir, 'diff against the baseline (fails on a regression)');
    expect(same.status).toBe(0);
    expect(same.summary).toMatch(/^## nc-check diff — ✅ no regressions/);

    // A baseline in which a clause still held: the current run's regression fails the step and is in the summary.
    const base = JSON.parse(readFileSync(join(dir, 'reports', 'theorem-coverage.json'), 'utf8')) as { theorems: { modes: { clauses: { status: string; worstMargin?: number }[] }[] }[] };
    const current = structuredClone(base);
    const c = current.theorems[0].modes[0].clauses.find((x) => x.status === 'verified')!;
    c.status = 'error';
    writeFileSync(join(dir, 'reports', 'theorem-coverage.json'), JSON.stringify(current));
    const worse = step(dir, 'diff against the baseline (fails on a regression)');
    expect(worse.status).toBe(1);
    expect(worse.summary).toMatch(/^## nc-check diff — ❌ 2 regressions/);

    // verify's exit code reaches the last step.
    expect(step(dir, 'fail on violations (verify\'s exit code)', { rc: '1' }).status).toBe(1);
    expect(step(dir, 'fail on violations (verify\'s exit code)', { rc: '0' }).status).toBe(0);
    cpSync(join(dir, 'summary.md'), join(dir, 'last-summary.md'));
  });
});
