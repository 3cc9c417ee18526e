// Progress on stderr: a bar with ETA on a terminal, plain periodic lines otherwise.
import { describe, expect, it } from 'vitest';
import { formatDuration, progressBar, progressHooks, remainingSeconds } from '../../../src/report/progress.ts';
import type { RegimeRecord } from '../../../src/verify/results.ts';
import type { Theorem } from '../../../src/theorem/define.ts';

function drive(isTty: boolean, planned: number): string {
  let err = '';
  let clock = 0;
  const hooks = progressHooks({ out: () => undefined, err: (t) => void (err += t), isTty }, () => clock);
  hooks.onModeStart?.({ id: 'T' } as Theorem, 'inside', planned);
  for (let i = 0; i < planned; i++) {
    clock += 2000; // 2 s per regime
    hooks.onRegime?.({ theorem: 'T', mode: 'inside' } as RegimeRecord, i, planned);
  }
  return err;
}

describe('progress', () => {
  it('draws a bar and formats durations', () => {
    expect(progressBar(0, 10, 10)).toBe('[----------]');
    expect(progressBar(5, 10, 10)).toBe('[#####-----]');
    expect(progressBar(10, 10, 10)).toBe('[##########]');
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(3720)).toBe('1 h 02 min');
    expect(formatDuration(119.6)).toBe('2 min 00 s');
    expect(formatDuration(59.7)).toBe('1 min 00 s');
    expect(formatDuration(Number.NaN)).toBe('?');
  });

  it('rewrites one status line with a bar and ETA on a terminal', () => {
    const err = drive(true, 4);
    expect(err).toContain('\r  T inside [############------------] 2/4 regimes, 4 s elapsed, ETA 4 s\x1b[K');
    expect(err.endsWith('ETA 0 s\x1b[K\n')).toBe(true);
  });

  it('prints plain lines at each tenth of the run otherwise', () => {
    const lines = drive(false, 100).trim().split('\n');
    expect(lines[0]).toBe('T inside: 100 regimes');
    expect(lines).toHaveLength(1 + 11);
    expect(lines[5]).toBe('  T inside: 40/100 regimes, 1 min 20 s elapsed, ~2 min 00 s left');
    expect(lines.every((l) => !l.includes('\r'))).toBe(true);
  });
});

describe('overall ETA', () => {
  it('says how long the whole run has left, at its own pace so far', () => {
    let err = '';
    let clock = 0;
    const hooks = progressHooks({ out: () => undefined, err: (t) => void (err += t), isTty: false }, () => clock);
    hooks.onRunStart?.(30); // two modes of 10 regimes, then one of 10
    for (const mode of ['inside', 'near', 'outside'] as const) {
      hooks.onModeStart?.({ id: 'T' } as Theorem, mode, 10);
      for (let i = 0; i < 10; i++) {
        clock += 1000;
        hooks.onRegime?.({ theorem: 'T', mode } as RegimeRecord, i, 10);
      }
    }
    const lines = err.trim().split('\n');
    expect(lines).toContain('  T inside: 10/10 regimes, 10 s elapsed, ~0 s left; run 10/30 regimes, ~20 s left overall');
    expect(lines).toContain('  T near: 5/10 regimes, 5 s elapsed, ~5 s left; run 15/30 regimes, ~15 s left overall');
    expect(lines.at(-1)).toBe('  T outside: 10/10 regimes, 10 s elapsed, ~0 s left; run 30/30 regimes, ~0 s left overall');
  });
});

describe('overall ETA weighted by cost', () => {
  const work = [
    { theorem: 'TB22-T3.1', mode: 'inside' as const, regimes: 10 },
    // A deep ReLU theorem: 3 s per regime in the earlier run (its coverage file).
    { theorem: 'SML23', mode: 'inside' as const, regimes: 4, perRegime: 3 },
  ];

  it('prices the modes not started at their earlier cost, not at the cheap pace of the run so far', () => {
    let err = '';
    let clock = 0;
    const hooks = progressHooks({ out: () => undefined, err: (t) => void (err += t), isTty: false }, () => clock);
    hooks.onRunStart?.(14, work);
    hooks.onModeStart?.({ id: 'TB22-T3.1' } as Theorem, 'inside', 10);
    for (let i = 0; i < 10; i++) {
      clock += 100; // 0.1 s per regime
      hooks.onRegime?.({ theorem: 'TB22-T3.1', mode: 'inside' } as RegimeRecord, i, 10);
    }
    // The run's own pace would say 4 × 0.1 s ≈ 0 s; SML23's four regimes cost 4 × 3 s.
    expect(err.trim().split('\n').at(-1)).toBe('  TB22-T3.1 inside: 10/10 regimes, 1 s elapsed, ~0 s left; run 10/14 regimes, ~12 s left overall');
    hooks.onModeStart?.({ id: 'SML23' } as Theorem, 'inside', 4);
    clock += 5000; // slower than before here: its own pace takes over
    hooks.onRegime?.({ theorem: 'SML23', mode: 'inside' } as RegimeRecord, 0, 4);
    expect(err.trim().split('\n').at(-1)).toBe('  SML23 inside: 1/4 regimes, 5 s elapsed, ~15 s left; run 11/14 regimes, ~15 s left overall');
  });

  it('counts nothing left of a mode that ended early (not sampled, out of distinct regimes, time limit)', () => {
    let err = '';
    let clock = 0;
    const hooks = progressHooks({ out: () => undefined, err: (t) => void (err += t), isTty: false }, () => clock);
    hooks.onRunStart?.(14, work);
    hooks.onModeStart?.({ id: 'TB22-T3.1' } as Theorem, 'inside', 10);
    clock += 100;
    hooks.onRegime?.({ theorem: 'TB22-T3.1', mode: 'inside' } as RegimeRecord, 0, 10);
    // The first mode stopped after 1 of 10: only SML23's 4 × 3 s are left, less the one just done.
    hooks.onModeStart?.({ id: 'SML23' } as Theorem, 'inside', 4);
    clock += 3000;
    hooks.onRegime?.({ theorem: 'SML23', mode: 'inside' } as RegimeRecord, 0, 4);
    expect(err.trim().split('\n').at(-1)).toMatch(/; run 2\/14 regimes, ~9 s left overall$/);
  });

  it('falls back to the theorem\'s pace in its other modes, then to the run\'s', () => {
    const measured = new Map([['TB22-T3.1\u0000inside', { evaluated: 10, seconds: 1 }]]);
    const plan = [...work.slice(0, 1), { theorem: 'TB22-T3.1', mode: 'near' as const, regimes: 5 }, { theorem: 'SML23', mode: 'inside' as const, regimes: 4 }];
    // near: 5 × 0.1 s (its theorem's pace); SML23 with no earlier cost: 4 × the run's pace (2 s).
    expect(remainingSeconds(plan, measured, 2)).toBeCloseTo(0.5 + 8, 12);
    expect(remainingSeconds(work, measured, 2)).toBeCloseTo(12, 12);
  });
});
