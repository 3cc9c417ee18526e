// Words for empirical claims, shared by every view: a clause's statistic in
// one line, and a claim mode's header (seeds and trainings rather than
// regimes and restarts). Pure functions of the coverage document.
import type { ClauseEntry, ModeEntry, StatisticEntry, TheoremEntry } from './schema.ts';

const num = (v: number | null | undefined): string => {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a < 1e-3 || a >= 1e4 ? v.toExponential(2) : v.toPrecision(3);
};

const pct = (v: number): string => `${(100 * v).toFixed(v >= 0.995 && v < 1 ? 1 : 0)}%`;

/** "median 0.83, 95% interval [0.41, 1.2] (exact coverage 97.9%); 9 of 10 seeds positive, 1 negative; sign test p = 0.011; d_z = 1.9". */
export function statisticText(s: StatisticEntry): string {
  if (s.test === 'exact') return `exact value ${num(s.perSeed[0])} (reads only the given weights: no sampling uncertainty); ${sampleText(s)}`;
  if (s.test === 'bootstrap') {
    const interval = s.interval === undefined ? `no ${pct(s.level)} interval (${s.n} usable replicates)` : `${pct(s.level)} bootstrap percentile interval [${num(s.interval.lo)}, ${num(s.interval.hi)}]`;
    return `estimate ${num(s.perSeed[0])}, ${interval}; ${s.n} of ${s.seeds} Poisson replicates usable, ${s.positive} positive; bootstrap p = ${num(s.pValue)} (one-sided: replicates ≤ 0); ${sampleText(s)}`;
  }
  const interval = s.interval === undefined ? `no ${pct(s.level)} interval (${s.n} usable seeds; 6 needed)` : `${pct(s.level)} interval [${num(s.interval.lo)}, ${num(s.interval.hi)}] (exact coverage ${pct(s.interval.coverage)})`;
  const signs = `${s.positive} of ${s.n} seeds positive, ${s.negative} negative${s.ties > 0 ? `, ${s.ties} tied` : ''}${s.seeds > s.n ? ` (${s.seeds - s.n} of ${s.seeds} did not count)` : ''}`;
  return `median ${num(s.median)}, ${interval}; ${signs}; sign test p = ${num(s.pValue)}; d_z = ${num(s.effectSize)}${s.samples === undefined ? '' : `; ${sampleText(s)}`}`;
}

/** "N = 50000 samples" (one run) or "runs of N = 300, 310, … samples". */
function sampleText(s: StatisticEntry): string {
  const n = s.samples ?? [];
  if (n.length === 0) return 'sample size not recorded';
  return n.length === 1 ? `N = ${n[0]} samples` : `runs of N = ${n.length > 6 ? `${n.slice(0, 6).join(', ')}, …` : n.join(', ')} samples`;
}

/** The short form for table cells, naming the statistic and the sample size: "0.83 [0.41, 1.2]; sign test, 9/10 seeds > 0", "0.010 [0.009, 0.011]; bootstrap, 198/200 replicates, N = 50000", "0.010 exact, N = 6". */
export function statisticCell(s: StatisticEntry): string {
  const [lo, hi] = s.samples === undefined ? [0, 0] : [Math.min(...s.samples), Math.max(...s.samples)];
  const samples = s.samples === undefined ? '' : `, N = ${lo === hi ? lo : `${lo}…${hi}`}`;
  if (s.test === 'exact') return `${num(s.perSeed[0])} exact${samples}`;
  const interval = s.interval === undefined ? '(no interval)' : `[${num(s.interval.lo)}, ${num(s.interval.hi)}]`;
  if (s.test === 'bootstrap') return `${num(s.perSeed[0])} ${interval}; bootstrap, ${s.n}/${s.seeds} replicates${samples}`;
  return `${num(s.median)} ${interval}; sign test, ${s.positive}/${s.n} seeds > 0${s.seeds > s.n ? ` (of ${s.seeds})` : ''}${samples}`;
}

/** The header over statisticCell's column (the same in every view). */
export const STATISTIC_COLUMN = 'effect [interval], statistic, sample size';

/** A verdict's p-value with the test that gave it: "0.011 (sign test)", "0.0088 (bootstrap, one-sided)"; "–" for an exact value. */
export function pValueCell(s: StatisticEntry): string {
  if (s.test === 'exact') return '–';
  return `${s.pValue.toPrecision(2)} (${s.test === 'bootstrap' ? 'bootstrap, one-sided' : 'sign test'})`;
}

/**
 * What the run's size means, for the run-settings line of a view: regimes per
 * mode for theorems; for a report of empirical claims alone, seeds per claim,
 * and for imported networks (`nc-check measure`, measured, not trained) the
 * number of runs measured — "1 regimes per mode" describes neither.
 */
export function runSizeText(report: { readonly meta: { readonly runs: number }; readonly theorems: readonly TheoremEntry[] }): { label: string; value: string; text: string } {
  const ts = report.theorems;
  const n = report.meta.runs;
  const plural = (k: number, word: string): string => `${k} ${word}${k === 1 ? '' : 's'}`;
  if (ts.length > 0 && ts.every(isEmpirical)) {
    const imported = ts.every((t) => t.modes.every((m) => m.restarts.total === 0));
    if (imported) {
      const runs = Math.max(0, ...ts.flatMap((t) => t.modes.map((m) => m.regimes.evaluated)));
      return { label: 'imported runs measured', value: String(runs), text: `${plural(runs, 'imported run')} measured` };
    }
    const seeds = [...new Set(ts.flatMap((t) => (t.empirical === undefined ? t.modes.map((m) => m.regimes.evaluated) : [t.empirical.seeds.length])))].sort((a, b) => a - b);
    return { label: 'seeds per claim', value: seeds.join(', '), text: `${seeds.join(', ')} seeds per claim` };
  }
  return { label: 'regimes per mode', value: String(n), text: `${plural(n, 'regime')} per mode` };
}

export function isEmpirical(t: TheoremEntry): boolean {
  return t.kind === 'empirical';
}

export function isEmpiricalMode(m: ModeEntry): boolean {
  return m.clauses.length > 0 && m.clauses.every((c) => c.kind === 'empirical');
}

/** "10 seeds (every run reached zero training error in 9); 20 trainings: 19 reached zero training error, 1 did not, 0 diverged; 312.0 s". */
export function empiricalModeHeader(m: ModeEntry): string {
  const r = m.restarts;
  // Imported networks (`nc-check measure`) are measured, not trained.
  if (r.total === 0) return `${m.regimes.evaluated} imported run${m.regimes.evaluated === 1 ? '' : 's'} measured (no training)`;
  return (
    `${m.regimes.evaluated} seeds (every run reached zero training error in ${m.regimes.hypothesisHeld}); ` +
    `${r.total} trainings: ${r.converged} reached zero training error, ${r.budgetExhausted} did not, ${r.diverged} diverged; ${m.seconds.toFixed(1)} s`
  );
}

/** The run facts of a claim: engine and reproducibility. */
export function empiricalRunLine(t: TheoremEntry): string | undefined {
  const e = t.empirical;
  if (e === undefined) return undefined;
  return `networks: tfjs ${e.backend} (${e.dtype}, ${e.deterministic ? 'deterministic for the seed' : 'GPU: statistical, not bitwise reproducible'}); ${e.seeds.length} seeds; exact sign test, ${pct(e.level)} interval for the median effect`;
}

export function clauseStatisticLines(c: ClauseEntry): string[] {
  if (c.statistic === undefined) return [];
  return [`effect: ${c.statistic.effect}`, statisticText(c.statistic)];
}
