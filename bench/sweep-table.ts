// `node --import tsx bench/sweep-table.ts DIR…`: the false-alarm sweep's record
// (docs/soundness.md) from the runs' own files — each DIR holds the
// theorem-coverage.json and regimes.jsonl that `nc-check verify --out DIR` wrote.
// One Markdown row per theorem and mode: regimes, how many lie on a declared
// boundary case (the theorem's own `on` predicates, src/theorem/boundaries.ts),
// clause verdicts by status, and the violations inside or near the hypothesis
// (a false alarm, or a wrong theorem) apart from those outside it (evidence that
// the hypothesis is needed, expected).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Regime } from '../src/regime/regime.ts';
import { builtinTheorems, suiteTheorems } from '../theorems/index.ts';

interface ClauseRecord {
  readonly id: string;
  readonly outsideHypothesis: boolean;
  readonly counts: Readonly<Record<string, number>>;
}
interface ModeRecord {
  readonly mode: string;
  readonly ran: boolean;
  readonly regimes: { readonly evaluated: number; readonly hypothesisHeld: number };
  readonly clauses: readonly ClauseRecord[];
}
interface Coverage {
  readonly meta: { readonly seed?: number; readonly commit?: string };
  readonly theorems: readonly { readonly id: string; readonly modes: readonly ModeRecord[] }[];
}
interface RegimeLine {
  readonly theorem: string;
  readonly mode: string;
  readonly regime: Regime;
}

const theorems = new Map([...builtinTheorems, ...suiteTheorems].map((t) => [t.id, t]));

/** Regimes of (theorem, mode) in the journal that satisfy any of the theorem's declared boundary cases. */
function onBoundary(lines: readonly RegimeLine[], id: string, mode: string): number {
  const cases = theorems.get(id)?.boundaries ?? [];
  return lines.filter((l) => l.theorem === id && l.mode === mode && cases.some((c) => c.on(l.regime))).length;
}

const sum = (clauses: readonly ClauseRecord[], status: string) => clauses.reduce((s, c) => s + (c.counts[status] ?? 0), 0);

const rows: string[] = ['| theorem | mode | regimes | on a boundary case | pass | inconclusive | violated inside/near | violated outside (expected) | error |', '|---|---|---|---|---|---|---|---|---|'];
let falseAlarms = 0;
for (const dir of process.argv.slice(2)) {
  const coverage = JSON.parse(readFileSync(join(dir, 'theorem-coverage.json'), 'utf8')) as Coverage;
  const lines = readFileSync(join(dir, 'regimes.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as RegimeLine);
  for (const t of coverage.theorems) {
    for (const m of t.modes.filter((x) => x.ran)) {
      const inside = m.clauses.filter((c) => !c.outsideHypothesis);
      const outside = m.clauses.filter((c) => c.outsideHypothesis);
      const violatedInside = m.mode === 'outside' ? 0 : sum(inside, 'violated');
      falseAlarms += violatedInside;
      const violatedOutside = sum(outside, 'violated') + (m.mode === 'outside' ? sum(inside, 'violated') : 0);
      rows.push(`| ${t.id} | ${m.mode} | ${m.regimes.evaluated} | ${onBoundary(lines, t.id, m.mode)} | ${sum(m.clauses, 'pass')} | ${sum(m.clauses, 'inconclusive')} | ${violatedInside} | ${violatedOutside} | ${sum(m.clauses, 'error')} |`);
    }
  }
}
process.stdout.write(`${rows.join('\n')}\n\nviolated inside or near a hypothesis (false alarms): ${falseAlarms}\n`);
process.exitCode = falseAlarms === 0 ? 0 : 1;
