// Targeted search against random sampling, same seeds, same evaluation budget:
//   npm run bench:search [-- --theorem TB22-T3.1 --mode outside --budget 20 --seeds 5 --restarts 1]
// For every clause and seed both strategies start from the same sampled regime
// (the first one `verify` would evaluate) and spend at most `budget` regime
// evaluations. Reported per clause, over the seeds:
//   - first violation: evaluations spent when the clause was first violated
//     (mean over seeds where it was; "–" when never), and in how many seeds;
//   - worst margin: the largest error/allowance found (median over seeds);
//   - to worst: evaluations until a strategy came within ×2 of the largest
//     margin either strategy found for that seed (budget + 1 when it never did).
// A second table asks the question a researcher starts from — "where does this
// clause break?" — with no knowledge of where: random sampling over the
// theorem's whole regime space (its parameter specs, hypothesis ignored)
// against the targeted search, which searches outside the hypothesis and
// climbs the clause's margin; same seeds, same evaluation budget.
// A third table repeats the first-violation question on a deliberately subtle
// mistake (bench/fixtures/corner-mutant.ts: wrong only where λ_W/λ_H ≳ 1e3,
// inside the hypothesis), where violations are rare and the margin points
// toward them. Counts, not timings: evaluation counts are what the budget
// bounds. The tables go to stdout and reports/bench-search.md (JSON beside it).
import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { cpuF64 } from '../src/backend/cpu-f64.ts';
import { hillClimb, randomSearch, type SearchResult } from '../src/explore/search.ts';
import type { Mode } from '../src/theorem/define.ts';
import { resolveTrainOptions, inferMode, validateTheoremRegime } from '../src/verify/runner.ts';
import { evaluateRegime } from '../src/verify/evaluate.ts';
import { getModel } from '../src/models/registry.ts';
import { deriveSeed } from '../src/random/rng.ts';
import { regimeFromParameters } from '../src/regime/from-parameters.ts';
import { builtinTheorems } from '../theorems/index.ts';
import cornerMutant from './fixtures/corner-mutant.ts';

const { values } = parseArgs({
  options: {
    theorem: { type: 'string', default: 'TB22-T3.1' },
    mode: { type: 'string', default: 'outside' },
    budget: { type: 'string', default: '20' },
    seeds: { type: 'string', default: '5' },
    restarts: { type: 'string', default: '1' },
    'corner-budget': { type: 'string', default: '60' },
    'space-seeds': { type: 'string', default: '20' },
    'space-clauses': { type: 'string', default: 'orthogonal-frame,classifier-gram,optimal-loss' },
    'corner-seeds': { type: 'string', default: '10' },
  },
});
const theorem = builtinTheorems.find((t) => t.id === values.theorem);
if (theorem === undefined) throw new Error(`--theorem: no built-in theorem ${values.theorem}`);
const mode = values.mode as Mode;
const budget = Number(values.budget);
const seeds = Array.from({ length: Number(values.seeds) }, (_, i) => i + 1);

interface Row {
  clause: string;
  random: { found: number; firstMean?: number; worstMedian?: number; toWorstMean: number };
  climb: { found: number; firstMean?: number; worstMedian?: number; toWorstMean: number };
}

const mean = (xs: number[]): number | undefined => (xs.length === 0 ? undefined : xs.reduce((a, b) => a + b, 0) / xs.length);
const median = (xs: number[]): number | undefined => {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
};
const worstOf = (r: SearchResult): number => r.best?.outcome.margin ?? 0;
const reached = (r: SearchResult, target: number): number => r.history.find((h) => (h.margin ?? 0) >= target / 2)?.n ?? budget + 1;

const rows: Row[] = [];
const started = performance.now();
for (const clause of theorem.clauses.map((c) => c.id)) {
  const runs = seeds.map((seed) => {
    const train = { ...resolveTrainOptions(theorem, { seed }), restarts: Number(values.restarts) };
    const o = { budget, seed, train };
    const random = randomSearch(theorem, mode, clause, cpuF64, o);
    const climb = hillClimb(theorem, mode, clause, cpuF64, o);
    const target = Math.max(worstOf(random), worstOf(climb));
    return { random, climb, target };
  });
  const summarize = (pick: (x: (typeof runs)[number]) => SearchResult) => {
    const found = runs.map(pick).filter((r) => r.firstViolationAt !== undefined);
    return {
      found: found.length,
      firstMean: mean(found.map((r) => r.firstViolationAt!)),
      worstMedian: median(runs.map((x) => worstOf(pick(x)))),
      toWorstMean: mean(runs.map((x) => (x.target > 0 ? reached(pick(x), x.target) : 1)))!,
    };
  };
  rows.push({ clause, random: summarize((x) => x.random), climb: summarize((x) => x.climb) });
  process.stderr.write(`  ${clause} done (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
}

const f = (x: number | undefined, digits = 1) => (x === undefined ? '–' : x.toFixed(digits));
const m = (x: number | undefined) => (x === undefined ? '–' : x === 0 ? '0' : x.toExponential(2));
const table = [
  `Targeted search (hill climb) vs random sampling — ${theorem.id}, mode ${mode}, budget ${budget} evaluations, seeds 1–${seeds.length}, ${values.restarts} restart(s) per regime`,
  '',
  '| clause | violated in (random / climb) | first violation at, mean (random / climb) | worst margin, median (random / climb) | evaluations to within ×2 of the worst, mean (random / climb) |',
  '|---|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.clause} | ${r.random.found}/${seeds.length} / ${r.climb.found}/${seeds.length} | ${f(r.random.firstMean)} / ${f(r.climb.firstMean)} | ` +
      `${m(r.random.worstMedian)} / ${m(r.climb.worstMedian)} | ${f(r.random.toWorstMean)} / ${f(r.climb.toWorstMean)} |`,
  ),
  '',
  `(${budget + 1} in the last column: not reached within the budget.)`,
  '',
].join('\n');

// From scratch: random regimes from the theorem's parameter specs (every mode) vs targeted search outside the hypothesis.
const spaceSeeds = Array.from({ length: Number(values['space-seeds']) }, (_, i) => i + 1);
const model = getModel(theorem.model);
const regimeSpace = regimeFromParameters(theorem.parameters).map((r) => validateTheoremRegime(theorem, r));
const firstViolationInRegimeSpace = (clause: string, seed: number): number | undefined => {
  const train = { ...resolveTrainOptions(theorem, { seed }), restarts: Number(values.restarts) };
  const regimes = fc.sample(regimeSpace, { seed: deriveSeed(seed, theorem.id, 'regime-space'), numRuns: budget });
  for (let i = 0; i < regimes.length; i++) {
    const { record } = evaluateRegime(theorem, model, regimes[i], inferMode(theorem, regimes[i]), i, { backend: cpuF64, train });
    if (record.clauses.find((c) => c.clause === clause)?.status === 'violated') return i + 1;
  }
  return undefined;
};
const spaceRows = String(values['space-clauses'])
  .split(',')
  .filter((clause) => theorem.clauses.some((c) => c.id === clause))
  .map((clause) => {
    const runs = spaceSeeds.map((seed) => {
      const train = { ...resolveTrainOptions(theorem, { seed }), restarts: Number(values.restarts) };
      const climb = hillClimb(theorem, 'outside', clause, cpuF64, { budget, seed, train, stopAtViolation: true });
      return { random: firstViolationInRegimeSpace(clause, seed), climb: climb.firstViolationAt };
    });
    process.stderr.write(`  ${clause} (regime space) done (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
    const count = (x: number | undefined) => x ?? budget + 1;
    return {
      clause,
      random: { found: runs.filter((r) => r.random !== undefined).length, mean: mean(runs.map((r) => count(r.random)))! },
      climb: { found: runs.filter((r) => r.climb !== undefined).length, mean: mean(runs.map((r) => count(r.climb)))! },
      climbFewer: runs.filter((r) => count(r.climb) < count(r.random)).length,
      ties: runs.filter((r) => count(r.climb) === count(r.random)).length,
    };
  });
const spaceTable = [
  `Finding a counterexample from scratch — ${theorem.id}: random sampling over the theorem's regime space (parameter specs, hypothesis ignored) vs targeted search outside the hypothesis; budget ${budget} evaluations, seeds 1–${spaceSeeds.length}, ${values.restarts} restart(s) per regime`,
  '',
  '| clause | found (random / targeted) | evaluations to the first violation, mean (random / targeted; not found = budget + 1) | seeds where targeted needed fewer / tied |',
  '|---|---:|---:|---:|',
  ...spaceRows.map(
    (r) =>
      `| ${r.clause} | ${r.random.found}/${spaceSeeds.length} / ${r.climb.found}/${spaceSeeds.length} | ${f(r.random.mean)} / ${f(r.climb.mean)} | ${r.climbFewer} / ${r.ties} |`,
  ),
  '',
].join('\n');

// The rare counterexample: evaluations to the first violation of orthogonal-frame on the corner mutant.
const cornerBudget = Number(values['corner-budget']);
const cornerSeeds = Array.from({ length: Number(values['corner-seeds']) }, (_, i) => i + 1);
const corner = cornerSeeds.map((seed) => {
  const train = { ...resolveTrainOptions(cornerMutant, { seed }), restarts: Number(values.restarts) };
  const o = { budget: cornerBudget, seed, train, stopAtViolation: true };
  const random = randomSearch(cornerMutant, 'inside', 'orthogonal-frame', cpuF64, o);
  const climb = hillClimb(cornerMutant, 'inside', 'orthogonal-frame', cpuF64, o);
  return { seed, random: random.firstViolationAt, climb: climb.firstViolationAt, regime: climb.best?.record.regime };
});
const shown = (x: number | undefined) => (x === undefined ? `> ${cornerBudget}` : String(x));
const asCount = (x: number | undefined) => x ?? cornerBudget + 1;
const cornerTable = [
  `Rare counterexample — ${cornerMutant.id} (${cornerMutant.mutation.description}), mode inside, clause orthogonal-frame, budget ${cornerBudget}`,
  '',
  '| seed | random: first violation at | hill climb: first violation at |',
  '|---:|---:|---:|',
  ...corner.map((c) => `| ${c.seed} | ${shown(c.random)} | ${shown(c.climb)} |`),
  `| mean (not found = ${cornerBudget + 1}) | ${f(mean(corner.map((c) => asCount(c.random))))} | ${f(mean(corner.map((c) => asCount(c.climb))))} |`,
  `| found | ${corner.filter((c) => c.random !== undefined).length}/${cornerSeeds.length} | ${corner.filter((c) => c.climb !== undefined).length}/${cornerSeeds.length} |`,
  '',
].join('\n');
process.stdout.write(`${table}\n${spaceTable}\n${cornerTable}`);
mkdirSync('reports', { recursive: true });
writeFileSync('reports/bench-search.md', `${table}\n${spaceTable}\n${cornerTable}`);
writeFileSync(
  'reports/bench-search.json',
  `${JSON.stringify({ theorem: theorem.id, mode, budget, seeds, restarts: Number(values.restarts), rows, regimeSpace: { seeds: spaceSeeds.length, rows: spaceRows }, corner: { theorem: cornerMutant.id, budget: cornerBudget, runs: corner } }, null, 2)}\n`,
);
