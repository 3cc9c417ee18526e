// A run's identity: what must be equal for two result folders to belong to the
// same run — the shards of one sweep (`merge`), or an interrupted run and its
// continuation (`--resume`). It is recorded in every coverage file's meta, and
// compared field by field so that a refusal can say which field differs.
import { createHash } from 'node:crypto';
import type { Theorem } from '../theorem/define.ts';
import type { RunIdentity } from './schema.ts';

/** JSON with each function marked as present (its compiled text depends on the loader: tsx, vitest…) and repeated objects marked, so cycles cannot throw. */
function describe(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === 'function') return 'function';
    if (typeof v === 'object' && v !== null) {
      if (seen.has(v)) return 'repeated';
      seen.add(v);
    }
    return v;
  });
}

/**
 * A hash of a theorem's definition: its data (statements, parameters,
 * tolerances, thresholds, training…) and, for a theorem loaded with
 * --theorems, the whole content of its file, so that editing the file's code
 * changes the hash. A built-in theorem's code is pinned by the tool version
 * and git commit in the identity instead.
 */
export function theoremHash(theorem: Theorem, fileContent?: string): string {
  const { regimes, ...rest } = theorem;
  const text = describe({ ...rest, regimes: Object.keys(regimes ?? {}).sort(), file: fileContent === undefined ? undefined : sha256(fileContent) });
  return sha256(text).slice(0, 16);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export type IdentityFields = Omit<RunIdentity, 'fingerprint'>;

export function runIdentity(fields: IdentityFields): RunIdentity {
  return { fingerprint: sha256(describe(ordered(fields))).slice(0, 16), ...ordered(fields) };
}

/** The fields in a fixed order (the fingerprint must not depend on how the object was built). */
function ordered(f: IdentityFields): IdentityFields {
  return {
    version: f.version,
    commit: f.commit,
    backend: f.backend,
    dtype: f.dtype,
    seed: f.seed,
    runs: f.runs,
    modes: f.modes,
    train: f.train,
    shrink: f.shrink,
    theorems: f.theorems,
  };
}

const LABELS: Record<keyof IdentityFields, string> = {
  version: 'nc-check version',
  commit: 'git commit',
  backend: 'backend',
  dtype: 'dtype',
  seed: 'seed',
  runs: 'regimes per mode (--runs)',
  modes: 'modes',
  train: 'training options',
  shrink: 'shrinking (--no-shrink, --max-shrinks)',
  theorems: 'theorem set',
};

const show = (v: unknown): string => (v === undefined ? 'none' : JSON.stringify(v));

/** The first field in which two identities differ, in words ("seed 2 vs 1"), or undefined when they are the same run. */
export function identityDifference(a: RunIdentity, b: RunIdentity): string | undefined {
  if (a.fingerprint === b.fingerprint) return undefined;
  for (const key of Object.keys(LABELS) as (keyof IdentityFields)[]) {
    if (key === 'theorems') {
      const ids = (x: RunIdentity) => x.theorems.map((t) => t.id);
      if (show(ids(a)) !== show(ids(b))) return `${LABELS.theorems} ${show(ids(a))} vs ${show(ids(b))}`;
      const changed = a.theorems.find((t, i) => t.hash !== b.theorems[i].hash);
      if (changed !== undefined) return `theorem ${changed.id}: its definition differs (hash ${changed.hash} vs ${b.theorems.find((t) => t.id === changed.id)!.hash})`;
      continue;
    }
    if (show(a[key]) !== show(b[key])) return `${LABELS[key]} ${show(a[key])} vs ${show(b[key])}`;
  }
  return `fingerprint ${a.fingerprint} vs ${b.fingerprint}`;
}
