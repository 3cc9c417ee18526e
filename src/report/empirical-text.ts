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
    return `estimate ${num(s.perSeed[0])}, ${interval}; ${s.n} of ${s.seeds} Poisson replicates usable, ${s.positive} positive; ${sampleText(s)}`;
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

/** The short form for table cells: "+0.83 [0.41, 1.2], 9/10". */
export function statisticCell(s: StatisticEntry): string {
  const [lo, hi] = s.samples === undefined ? [0, 0] : [Math.min(...s.samples), Math.max(...s.samples)];
  const samples = s.samples === undefined ? '' : `, N = ${lo === hi ? lo : `${lo}…${hi}`}`;
  if (s.test === 'exact') return `${num(s.perSeed[0])} exact${samples}`;
  if (s.test === 'bootstrap') return `${num(s.perSeed[0])} ${s.interval === undefined ? 'no interval' : `[${num(s.interval.lo)}, ${num(s.interval.hi)}]`} bootstrap${samples}`;
  const interval = s.interval === undefined ? 'no interval' : `[${num(s.interval.lo)}, ${num(s.interval.hi)}]`;
  return `${num(s.median)} ${interval}, ${s.positive}/${s.n} > 0${samples}`;
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
