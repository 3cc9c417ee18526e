// `--resume` after a run its time limit cut short: the cut run says it
// finished, but the theorem modes it stopped (`stoppedAt`) are not finished
// work. Resuming continues exactly those — the journal's records are folded,
// the rest of the sample is evaluated, the modes the limit never reached are
// run — and the result, closing line, exit code and views are an uncut run's.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cpuF64 } from '../../../src/backend/cpu-f64.ts';
import { main } from '../../../src/cli/main.ts';
import { scanJournal } from '../../../src/report/journal.ts';
import { readCoverage } from '../../../src/report/read.ts';
import { verify, type RunOptions } from '../../../src/run/verify.ts';
import { STOP_BATCH } from '../../../src/verify/runner.ts';
import mutant from '../../fixtures/mutant-rho.ts';
import { comparableCoverage, comparableRecords, solutionFiles } from '../cli/compare.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'nc-resume-cut-'));
const RUNS = 16;
const OPTIONS: RunOptions = { backend: cpuF64, runs: RUNS, seed: 5, train: { restarts: 1 }, maxShrinks: 3, db: false };

const quiet = () => {
  let out = '';
  let err = '';
  return { io: { out: (s: string) => void (out += s), err: (s: string) => void (err += s), isTty: false }, text: () => ({ out, err }) };
};

/** The suite-level counts of the JUnit view: what a CI gate reads. */
const junitCounts = (dir: string): string => readFileSync(join(dir, 'theorem-coverage.junit.xml'), 'utf8').match(/<testsuites[^>]*>/)![0].replace(/ time="[^"]*"/, '');

afterEach(() => {
  vi.useRealTimers();
});

describe('verify --resume after --time-limit', () => {
  it('continues the mode the limit cut mid-sample and runs the modes it never reached, ending as the uncut run', { timeout: 120_000 }, async () => {
    const cut = tmp();
    // A deterministic cut: the clock jumps past the limit during the first batch, so sampling stops after it.
    vi.useFakeTimers({ toFake: ['performance'] });
    let seen = 0;
    const first = await verify([mutant], {
      ...OPTIONS,
      out: cut,
      // A failure database: the cut run stores the violations it found, which must not shift the resumed plan.
      db: join(cut, 'db'),
      timeLimit: 60,
      hooks: { onRegime: () => void (++seen === 3 && vi.advanceTimersByTime(120_000)) },
    });
    vi.useRealTimers();
    const [inside, near] = first.theorems[0].modes;
    expect(inside.stoppedAt).toEqual({ evaluated: STOP_BATCH, planned: RUNS });
    expect(near.stoppedAt).toEqual({ evaluated: 0, planned: RUNS });
    expect(first.meta.finishedAt).toBeDefined();
    expect(first.summary.passed).toBe(0);

    const notes = quiet();
    const resumed = await verify([mutant], { ...OPTIONS, out: cut, db: join(cut, 'db'), resume: true, io: notes.io });
    expect(notes.text().err).toContain('stopped at its time limit with 2 theorem mode(s) not evaluated in full; continuing them');
    expect(notes.text().err).toContain(`MUTANT~rho inside: ${STOP_BATCH} of ${RUNS} regimes from the journal; evaluating the other ${RUNS - STOP_BATCH}`);
    expect(resumed.theorems[0].modes.every((m) => m.stoppedAt === undefined)).toBe(true);
    expect(scanJournal(join(cut, 'regimes.jsonl')).records).toBe(2 * RUNS); // nothing evaluated twice, nothing lost

    const whole = tmp();
    const uncut = await verify([mutant], { ...OPTIONS, out: whole, db: join(whole, 'db') });
    expect(uncut.summary.failed).toBeGreaterThan(0); // the mutant is violated inside its hypothesis
    expect(resumed.summary).toEqual(uncut.summary);
    expect(comparableCoverage(cut)).toEqual(comparableCoverage(whole));
    expect(comparableRecords(cut)).toEqual(comparableRecords(whole));
    expect(solutionFiles(cut)).toEqual(solutionFiles(whole));
    expect(junitCounts(cut)).toBe(junitCounts(whole));
    expect(readCoverage(join(cut, 'theorem-coverage.json')).meta.resumedAt).toHaveLength(1);
  });

  it('through the CLI: a run cut before it started resumes to the uncut closing line and exit code', { timeout: 120_000 }, async () => {
    const args = ['verify', 'MUTANT~rho', '--theorems', 'test/fixtures/mutant-rho.ts', '--runs', '6', '--restarts', '1', '--max-shrinks', '2', '--seed', '4', '--no-db'];
    const closing = (out: string) => out.match(/^verify: .*$/m)?.[0];
    const cut = tmp();
    const limited = quiet();
    // A clock that advances a second at every reading: the limit has always passed by the first check
    // (with the real clock, a warm process can plan its first batch within the millisecond).
    let clock = performance.now();
    const spy = vi.spyOn(performance, 'now').mockImplementation(() => (clock += 1000));
    const limitedCode = await main([...args, '--time-limit', '0.001', '--out', cut], limited.io);
    spy.mockRestore();
    expect(limitedCode).toBe(0);
    expect(closing(limited.text().out)).toMatch(/^verify: 0 passed, 0 failed, \d+ skipped \(\d+ inconclusive\)/);

    expect(readCoverage(join(cut, 'theorem-coverage.json')).theorems[0].modes.every((m) => m.stoppedAt !== undefined)).toBe(true);

    const resumed = quiet();
    const resumedCode = await main([...args, '--out', cut, '--resume'], resumed.io);
    const whole = tmp();
    const uncut = quiet();
    const uncutCode = await main([...args, '--out', whole], uncut.io);
    expect(uncutCode).toBe(1);
    expect(resumedCode).toBe(uncutCode);
    expect(closing(resumed.text().out)).toBe(closing(uncut.text().out));
    expect(comparableCoverage(cut)).toEqual(comparableCoverage(whole));
    expect(junitCounts(cut)).toBe(junitCounts(whole));

    // Now it has finished: resuming evaluates nothing.
    const done = quiet();
    expect(await main([...args, '--out', cut, '--resume'], done.io)).toBe(1);
    expect(done.text().err).toContain('had finished; nothing to evaluate');
  });
});
