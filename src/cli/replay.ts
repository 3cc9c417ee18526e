// `nc-check replay <id>`: re-runs one stored case of the failure database
// exactly — same regime, seed, backend and training settings — and says
// whether the verdict and margin are identical to the stored ones. Exit code
// as for verify: 1 when the clause is violated inside the hypothesis.
import { loadBackend } from '../backend/registry.ts';
import { resolveDb, type StoredCase } from '../explore/failure-db.ts';
import { getModel } from '../models/registry.ts';
import { toJson } from '../report/writer.ts';
import { formatMargin } from '../report/terminal.ts';
import { selectTheorems } from '../theorem/registry.ts';
import { evaluateRegime } from '../verify/evaluate.ts';
import type { Io } from '../io.ts';
import { loadLibrary } from './library.ts';

/** Margins as stored: absent, a finite number, or non-finite (written as null in JSON). */
const marginKey = (m: number | null | undefined): string => (m === undefined ? 'none' : m === null || !Number.isFinite(m) ? 'non-finite' : String(m));
const sameMargin = (a: number | undefined, b: number | undefined): boolean => marginKey(a) === marginKey(b);

export function listCases(cases: readonly StoredCase[], io: Io): number {
  if (cases.length === 0) {
    io.out('no stored cases\n');
    return 0;
  }
  for (const c of cases) {
    io.out(`${c.id}  ${c.theorem}  ${c.mode}  ${c.clause}  ${c.status}  margin ${formatMargin(c.margin)}  ${JSON.stringify(c.regime)}  (seen ${c.seen}×, last ${c.lastSeen})\n`);
  }
  return 0;
}

export async function replayCommand(id: string | undefined, options: { db?: string | false; json?: boolean; list?: boolean }, io: Io): Promise<number> {
  const db = resolveDb(options.db);
  if (options.list === true || id === undefined) return listCases(db.list(), io);
  const stored = db.get(id);
  const library = await loadLibrary(stored.settings.theoremFile === undefined ? [] : [stored.settings.theoremFile]);
  const [theorem] = selectTheorems(library.theorems, [stored.theorem], library.broken);
  const backend = await loadBackend(stored.settings.backend);
  const { record } = evaluateRegime(theorem, getModel(theorem.model), stored.regime, stored.mode, -1, { backend, train: stored.settings.train }, undefined, 'database');
  const outcome = record.clauses.find((c) => c.clause === stored.clause);
  const reproduced = outcome !== undefined && outcome.status === stored.status && sameMargin(outcome.margin, stored.margin);
  if (options.json === true) {
    io.out(`${toJson({ id: stored.id, theorem: stored.theorem, clause: stored.clause, mode: stored.mode, regime: stored.regime, hypothesisHolds: record.hypothesisHolds, stored: { status: stored.status, margin: stored.margin, reason: stored.reason }, replayed: outcome, reproduced }, 2)}\n`);
  } else {
    io.out(`${stored.id}: ${stored.theorem} ${stored.mode} ${stored.clause} at ${JSON.stringify(stored.regime)}\n`);
    io.out(`  stored:   ${stored.status}, margin ${stored.margin ?? '-'}\n`);
    io.out(`  replayed: ${outcome?.status ?? 'clause not found'}, margin ${outcome?.margin ?? '-'}${outcome?.reason === undefined ? '' : ` — ${outcome.reason}`}\n`);
    io.out(reproduced ? '  reproduced: identical verdict and margin\n' : '  NOT reproduced: the verdict or margin differs from the stored one\n');
  }
  return outcome?.status === 'violated' && record.hypothesisHolds ? 1 : 0;
}
