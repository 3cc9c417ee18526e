// The failure database, after Hypothesis's example database: every clause a
// run leaves violated or undecided is stored as a case — keyed by theorem,
// clause and regime — and the next run of that theorem and mode evaluates the
// stored regimes first, before its random sample.
//
// Layout: <dir>/<theorem>/<id>.json, one JSON file per case, written
// atomically; <id> is the first 12 hex digits of sha1(theorem, clause, regime
// key), so the same failure found twice is one case. Policy:
//   - stored: the shrunk counterexample of every violated clause (inside or
//     outside the hypothesis) and the first inconclusive or erroring regime of
//     every undecided clause;
//   - replayed first by every later run of the same theorem and mode (in id
//     order), whatever its seed, and updated with the new verdict and margin;
//   - removed only when a replay shows the clause passing (or no longer
//     applying) at that regime: a case leaves the database when it stops failing;
//   - at most MAX_CASES_PER_CLAUSE per theorem, mode and clause: the least
//     recently seen case goes first.
// A case also records the exact settings (seed, backend, training) under which
// its verdict and margin were observed, so `nc-check replay <id>` reproduces them.
//
// Where: --db, else $NC_CHECK_DB, else a per-user cache folder, one per
// checkout ($XDG_CACHE_HOME or ~/.cache, then nc-check/<checkout>-<hash>/failures):
// never the working directory, which may be read-only or shared. A folder that
// cannot be written is a warning, not an error: the run goes on without storing.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.ts';
import { regimeKey, type Regime } from '../regime/regime.ts';
import { fsReason, makeDirs, safeFileName, toJson, writeAtomically } from '../report/writer.ts';
import type { Mode } from '../theorem/define.ts';
import type { TrainOptions } from '../train/train.ts';
import type { RegimeRecord } from '../verify/results.ts';

/** The checkout this module belongs to: its failure database is kept apart from other checkouts'. */
const CHECKOUT = fileURLToPath(new URL('../..', import.meta.url)).replace(/[/\\]$/, '');

/** The per-user default folder: $XDG_CACHE_HOME (absolute) or ~/.cache, then nc-check/<checkout>-<hash>/failures. */
export function defaultDbDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  const cache = xdg !== undefined && isAbsolute(xdg) ? xdg : join(env.HOME !== undefined && env.HOME !== '' ? env.HOME : homedir(), '.cache');
  const hash = createHash('sha1').update(CHECKOUT).digest('hex').slice(0, 8);
  return join(cache, 'nc-check', `${safeFileName(basename(CHECKOUT))}-${hash}`, 'failures');
}
export const MAX_CASES_PER_CLAUSE = 5;

export type StoredStatus = 'violated' | 'inconclusive' | 'error';

/** The settings a verdict was observed under: replaying with them reproduces it. */
export interface ReplaySettings {
  readonly backend: string;
  readonly train: TrainOptions;
  /** The theorem file, for theorems not built in. */
  readonly theoremFile?: string;
}

/** A failing verdict as a run observed it. */
export interface Observation {
  readonly theorem: string;
  readonly clause: string;
  readonly mode: Mode;
  readonly regime: Regime;
  readonly hypothesisHolds: boolean;
  readonly status: StoredStatus;
  readonly margin?: number;
  readonly reason?: string;
  readonly settings: ReplaySettings;
}

export interface StoredCase extends Observation {
  readonly id: string;
  readonly firstSeen: string;
  readonly lastSeen: string;
  /** Runs that observed it failing. */
  readonly seen: number;
}

export function caseId(theorem: string, clause: string, regime: Regime): string {
  return createHash('sha1').update(`${theorem}\u0000${clause}\u0000${regimeKey(regime)}`).digest('hex').slice(0, 12);
}

export interface FailureDb {
  readonly dir: string;
  /** Every stored case (of one theorem when given), in id order. */
  list(theorem?: string): StoredCase[];
  /** The case with this id, or the only one starting with this prefix. */
  get(idOrPrefix: string): StoredCase;
  /** Stores or refreshes a failing observation; returns its id. */
  record(o: Observation, now?: Date): string;
  /** Folds one regime's verdicts into the cases stored for it: passing clauses leave, failing ones are refreshed. */
  update(record: RegimeRecord, settings: ReplaySettings, now?: Date): { removed: string[]; kept: string[] };
  /** Regimes stored for a theorem and mode, in id order, each once: what a run replays first. */
  regimesFor(theorem: string, mode: Mode): Regime[];
}

export interface FailureDbOptions {
  /** Told once, when the folder cannot be written; the database then stops storing (the run goes on). Absent: the error is thrown. */
  readonly warn?: (message: string) => void;
}

export function openFailureDb(dir: string, options: FailureDbOptions = {}): FailureDb {
  const folder = (theorem: string) => join(dir, safeFileName(theorem));
  const file = (c: Pick<StoredCase, 'theorem' | 'id'>) => join(folder(c.theorem), `${c.id}.json`);
  let unwritable = false;
  /** A change to the folder; false when it could not be made (warned once). */
  const change = (make: () => void): boolean => {
    if (unwritable) return false;
    try {
      make();
      return true;
    } catch (e) {
      if (options.warn === undefined) throw e;
      unwritable = true;
      options.warn(`failure database ${dir}: cannot store cases (${fsReason(e)}); the run goes on without storing them (--db DIR or NC_CHECK_DB=DIR to use another folder, --no-db to turn it off)`);
      return false;
    }
  };
  const write = (c: StoredCase) =>
    change(() => {
      makeDirs(folder(c.theorem));
      writeAtomically(file(c), `${toJson(c, 2)}\n`);
    });

  function readCase(path: string): StoredCase | undefined {
    try {
      const c = JSON.parse(readFileSync(path, 'utf8')) as StoredCase;
      return typeof c.id === 'string' && typeof c.theorem === 'string' && typeof c.clause === 'string' && typeof c.regime === 'object' ? c : undefined;
    } catch {
      return undefined; // a half-written or foreign file is not a case
    }
  }

  function list(theorem?: string): StoredCase[] {
    let folders: string[];
    try {
      folders = theorem === undefined ? readdirSync(dir).map((f) => join(dir, f)) : [folder(theorem)];
    } catch {
      return [];
    }
    const cases: StoredCase[] = [];
    for (const f of folders) {
      let names: string[];
      try {
        names = readdirSync(f).filter((n) => n.endsWith('.json'));
      } catch {
        continue;
      }
      for (const n of names) {
        const c = readCase(join(f, n));
        if (c !== undefined && (theorem === undefined || c.theorem === theorem)) cases.push(c);
      }
    }
    return cases.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  function evict(theorem: string, mode: Mode, clause: string): void {
    const same = list(theorem).filter((c) => c.mode === mode && c.clause === clause);
    same.sort((a, b) => (a.lastSeen < b.lastSeen ? -1 : a.lastSeen > b.lastSeen ? 1 : a.id < b.id ? -1 : 1));
    for (const c of same.slice(0, Math.max(0, same.length - MAX_CASES_PER_CLAUSE))) change(() => rmSync(file(c), { force: true }));
  }

  return {
    dir,
    list,
    get(idOrPrefix) {
      if (!/^[0-9a-f]{4,12}$/.test(idOrPrefix)) {
        throw new UsageError(`case id: expected 4 to 12 hex digits (see \`nc-check replay --list\`), got ${JSON.stringify(idOrPrefix)}`);
      }
      const matches = list().filter((c) => c.id.startsWith(idOrPrefix));
      if (matches.length === 0) throw new UsageError(`case id: no stored case ${idOrPrefix} in ${dir} (see \`nc-check replay --list\`)`);
      if (matches.length > 1) throw new UsageError(`case id: ${idOrPrefix} is ambiguous (${matches.map((c) => c.id).join(', ')}); give more digits`);
      return matches[0];
    },
    record(o, now = new Date()) {
      const id = caseId(o.theorem, o.clause, o.regime);
      const previous = list(o.theorem).find((c) => c.id === id);
      const stamp = now.toISOString();
      if (!write({ id, ...o, firstSeen: previous?.firstSeen ?? stamp, lastSeen: stamp, seen: (previous?.seen ?? 0) + 1 })) return '';
      evict(o.theorem, o.mode, o.clause);
      return id;
    },
    update(record, settings, now = new Date()) {
      const key = regimeKey(record.regime);
      const removed: string[] = [];
      const kept: string[] = [];
      for (const c of list(record.theorem).filter((x) => regimeKey(x.regime) === key)) {
        const outcome = record.clauses.find((o) => o.clause === c.clause);
        if (outcome === undefined || outcome.status === 'pass' || outcome.status === 'not-applicable') {
          if (change(() => rmSync(file(c), { force: true }))) removed.push(c.id);
          continue;
        }
        write({
          ...c,
          mode: record.mode,
          hypothesisHolds: record.hypothesisHolds,
          status: outcome.status,
          margin: outcome.margin,
          reason: outcome.reason,
          settings,
          lastSeen: now.toISOString(),
          seen: c.seen + 1,
        });
        kept.push(c.id);
      }
      return { removed, kept };
    },
    regimesFor(theorem, mode) {
      const seen = new Set<string>();
      const regimes: Regime[] = [];
      for (const c of list(theorem)) {
        const key = regimeKey(c.regime);
        if (c.mode !== mode || seen.has(key)) continue;
        seen.add(key);
        regimes.push(c.regime);
      }
      return regimes;
    },
  };
}

/** A disabled database: stores nothing, replays nothing. */
export const NO_DB: FailureDb = {
  dir: '',
  list: () => [],
  get: (id) => {
    throw new UsageError(`case id: the failure database is disabled (--no-db or NC_CHECK_DB=off); cannot look up ${id}`);
  },
  record: () => '',
  update: () => ({ removed: [], kept: [] }),
  regimesFor: () => [],
};

/** Where the database lives: --db, else $NC_CHECK_DB ("off" disables it), else the per-user cache folder (defaultDbDir). */
export function resolveDb(option: string | false | undefined, env: NodeJS.ProcessEnv = process.env, options: FailureDbOptions = {}): FailureDb {
  if (option === false) return NO_DB;
  const dir = option ?? (env.NC_CHECK_DB !== undefined && env.NC_CHECK_DB !== '' ? env.NC_CHECK_DB : defaultDbDir(env));
  return dir === 'off' ? NO_DB : openFailureDb(dir, options);
}
