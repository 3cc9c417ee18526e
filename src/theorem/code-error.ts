// Mistakes in a theorem's own code that no regime can excuse: a clause reading
// a measurement or prediction key that does not exist, a quantity of the wrong
// shape, a minimizer with its blocks in the wrong order. They are reported as
// the clause's `error` — never as `violated`, even at regimes where a wrong
// shape happens to coincide with the right one — naming what was read and the
// nearest valid names.

/** Marks a clause outcome's reason as a theorem-code mistake (see verify/aggregate.ts). */
export const CODE_ERROR_PREFIX = 'theorem code: ';

export class TheoremCodeError extends Error {
  override readonly name: string = 'TheoremCodeError';
  constructor(message: string) {
    super(`${CODE_ERROR_PREFIX}${message}`);
  }
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const here = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = here;
    }
  }
  return d[b.length];
}

/** The valid names closest to `name` (case-insensitive edit distance, at most a third of its length), best first. */
export function nearestNames(name: string, names: readonly string[], max = 3): string[] {
  const limit = Math.max(2, Math.ceil(name.length / 3));
  return names
    .map((n) => ({ n, d: editDistance(name.toLowerCase(), n.toLowerCase()) }))
    .filter((x) => x.d <= limit)
    .sort((x, y) => x.d - y.d)
    .slice(0, max)
    .map((x) => x.n);
}

/** A view of `target` that records the string keys read from it that it does not have. */
export function recordingMissing<T extends object>(target: T, missing: Set<string>): T {
  return new Proxy(target, {
    get(t, key, receiver) {
      if (typeof key === 'string' && !(key in t) && key !== 'then' && key !== 'toJSON') missing.add(key);
      return Reflect.get(t, key, receiver) as unknown;
    },
  });
}

function describe(v: unknown): string {
  if (v === undefined || v === null) return String(v);
  if (typeof v === 'object') return `an object with keys ${Object.keys(v).slice(0, 6).join(', ') || '(none)'}`;
  return `${typeof v} ${String(v)}`;
}

/**
 * Checks that a clause function returned a quantity (a number, or a matrix
 * { rows, cols, data }); otherwise a TheoremCodeError naming the clause, what it
 * returned, the missing keys it read and the nearest valid ones.
 */
export function checkQuantity(value: unknown, o: { clause: string; call: string; object: string; owner: string; missing: ReadonlySet<string>; names: readonly string[] }): void {
  const isMat =
    typeof value === 'object' &&
    value !== null &&
    Number.isInteger((value as { rows?: unknown }).rows) &&
    Number.isInteger((value as { cols?: unknown }).cols) &&
    typeof (value as { data?: { length?: unknown } }).data?.length === 'number' &&
    (value as { data: ArrayLike<number> }).data.length === (value as { rows: number }).rows * (value as { cols: number }).cols;
  if (typeof value === 'number' || isMat) return;
  throw new TheoremCodeError(`clause ${o.clause}: ${o.call} returned ${describe(value)}, not a number or matrix${readsOf(o)}`);
}

function readsOf(o: { object: string; owner: string; missing: ReadonlySet<string>; names: readonly string[] }): string {
  const reads = [...o.missing].map((k) => {
    const near = nearestNames(k, o.names);
    return `${o.object}.${k}, but ${o.owner} no such key${near.length > 0 ? ` (did you mean ${near.join(' or ')}?)` : ` (it has ${o.names.join(', ')})`}`;
  });
  return reads.length > 0 ? `; it read ${reads.join('; ')}` : '';
}

/**
 * Calls a clause's `predicted(p)` or `measured(m)` on a view of `target` that
 * records missing keys, and checks it returned a quantity. A throw after reading
 * a missing key (\`m.WWtt.data\`) is the same mistake and reported the same way.
 */
export function readQuantity<T extends object, Q>(
  target: T,
  call: (view: T) => Q,
  o: { clause: string; call: string; object: string; owner: string },
): Q {
  const missing = new Set<string>();
  const names = Object.keys(target);
  let value: Q;
  try {
    value = call(recordingMissing(target, missing));
  } catch (e) {
    if (missing.size === 0) throw e;
    throw new TheoremCodeError(`clause ${o.clause}: ${o.call} threw ${e instanceof Error ? e.message : String(e)}${readsOf({ ...o, missing, names })}`);
  }
  checkQuantity(value, { ...o, missing, names });
  return value;
}
