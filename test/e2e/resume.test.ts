// Crash safety for real: ./bin/nc-check verify is killed with SIGKILL
// mid-sweep, a write cut short by the kill is simulated at the journal's end,
// and `verify --resume` finishes the run: it reports and ignores the cut line,
// evaluates only the regimes the journal lacks, and ends with the same
// theorem-coverage.json, journal and counterexamples as an uninterrupted run
// (same meaning of "same" as for merge: see ../unit/cli/compare.ts).
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanJournal } from '../../src/report/journal.ts';
import type { CoverageReport } from '../../src/report/schema.ts';
import { comparableCoverage, comparableRecords, solutionFiles } from '../unit/cli/compare.ts';
import { run } from '../unit/cli/run.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'nc-check-resume-'));
const RUNS = 24;
const ARGS = ['verify', 'MUTANT~rho', '--theorems', 'test/fixtures/mutant-rho.ts', '--mode', 'inside', '--runs', String(RUNS), '--restarts', '1', '--max-shrinks', '3', '--seed', '9', '--no-db'];
const lines = (file: string): number => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l.endsWith('}')).length : 0);

/** Starts the CLI and SIGKILLs it once its journal holds at least `after` records; resolves with the records it left. */
function killMidSweep(out: string, after: number): Promise<number> {
  const child = spawn('./bin/nc-check', [...ARGS, '--out', out], { stdio: 'ignore' });
  const journal = join(out, 'regimes.jsonl');
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (lines(journal) >= after) {
        clearInterval(timer);
        child.kill('SIGKILL');
      }
    }, 10);
    child.on('exit', (_code, signal) => {
      clearInterval(timer);
      if (signal !== 'SIGKILL') reject(new Error(`the run ended (${String(_code)}) before it could be killed`));
      else resolve(lines(journal));
    });
  });
}

describe('verify --resume after SIGKILL', () => {
  it('recomputes only what the journal lacks and ends with the uninterrupted result', async () => {
    const killed = tmp();
    const journaled = await killMidSweep(killed, 3);
    expect(journaled).toBeGreaterThanOrEqual(3);
    expect(journaled).toBeLessThan(RUNS);
    // The run left a valid coverage file (written at the start) that identifies it, and no finish time.
    const before = JSON.parse(readFileSync(join(killed, 'theorem-coverage.json'), 'utf8')) as CoverageReport;
    expect(before.meta.finishedAt).toBeUndefined();
    expect(before.meta.identity?.seed).toBe(9);
    // A write cut short by the kill: half a record, no newline.
    appendFileSync(join(killed, 'regimes.jsonl'), '{"theorem":"MUTANT~rho","mode":"ins');

    const resumed = await run(...ARGS, '--out', killed, '--resume');
    expect(resumed.code, resumed.err).toBe(1); // the mutant is violated inside its hypothesis
    expect(resumed.err).toMatch(new RegExp(`regimes\\.jsonl line ${journaled + 1} was cut short by the interruption \\(\\d+ bytes\\); ignored`));
    expect(resumed.err).toContain(`MUTANT~rho inside: ${journaled} of ${RUNS} regimes from the journal; evaluating the other ${RUNS - journaled}`);
    const scan = scanJournal(join(killed, 'regimes.jsonl'));
    expect(scan.truncated).toBeUndefined();
    expect(scan.records).toBe(RUNS); // nothing evaluated twice, nothing lost

    const whole = tmp();
    const uninterrupted = await run(...ARGS, '--out', whole);
    expect(uninterrupted.code).toBe(1);
    expect(comparableCoverage(killed)).toEqual(comparableCoverage(whole));
    expect(comparableRecords(killed)).toEqual(comparableRecords(whole));
    expect(solutionFiles(killed)).toEqual(solutionFiles(whole));
    const meta = (JSON.parse(readFileSync(join(killed, 'theorem-coverage.json'), 'utf8')) as CoverageReport).meta;
    expect(meta.startedAt).toBe(before.meta.startedAt);
    expect(meta.resumedAt).toHaveLength(1);
    expect(meta.identity).toEqual((JSON.parse(readFileSync(join(whole, 'theorem-coverage.json'), 'utf8')) as CoverageReport).meta.identity);

    // Resuming a finished run evaluates nothing and reports the same result.
    const again = await run(...ARGS, '--out', killed, '--resume');
    expect(again.code).toBe(1);
    expect(again.err).toContain('had finished; nothing to evaluate');
    expect(comparableCoverage(killed)).toEqual(comparableCoverage(whole));
  });

  it('refuses to resume another run, and starts fresh where there is none', async () => {
    const dir = tmp();
    const first = await run('verify', 'TB22-B', '--runs', '2', '--restarts', '1', '--out', dir, '--no-db');
    expect(first.code).toBe(0);
    const other = await run('verify', 'TB22-B', '--runs', '2', '--restarts', '1', '--seed', '2', '--out', dir, '--no-db', '--resume');
    expect(other.code).toBe(2);
    expect(other.err).toMatch(/--resume: .* holds another run \(seed 2 vs 1\); resume it with its own command plus --resume: nc-check verify TB22-B/);
    const fresh = await run('verify', 'TB22-B', '--runs', '2', '--restarts', '1', '--out', join(tmp(), 'new'), '--no-db', '--resume');
    expect(fresh.code).toBe(0);
    expect(fresh.err).toContain('no run to resume');
    // A journal edited in the middle (not a cut-short last line) is refused, not silently skipped.
    writeFileSync(join(dir, 'regimes.jsonl'), `not a record\n${readFileSync(join(dir, 'regimes.jsonl'), 'utf8')}`);
    const doc = JSON.parse(readFileSync(join(dir, 'theorem-coverage.json'), 'utf8')) as { meta: { finishedAt?: string } };
    delete doc.meta.finishedAt;
    writeFileSync(join(dir, 'theorem-coverage.json'), JSON.stringify(doc));
    const corrupt = await run('verify', 'TB22-B', '--runs', '2', '--restarts', '1', '--out', dir, '--no-db', '--resume');
    expect(corrupt.code).toBe(2);
    expect(corrupt.err).toMatch(/line 1 is not a regime record, and it is not the last line/);
  });
});
