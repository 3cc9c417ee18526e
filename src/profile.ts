// Where a run spends its time: self time per (theorem, phase path), collected
// only while enabled (bench/profile.ts turns it on; a normal run pays one
// boolean test per phase). Phases nest — a shrink step's training is counted
// under "shrinking/training" — and each entry holds the time spent in that phase
// and not in a phase nested inside it, so the entries add up to the total.
// One thread: a run profiled with worker threads only sees the main thread.

export interface ProfileEntry {
  readonly theorem: string;
  /** e.g. "training", "shrinking/certification". */
  readonly phase: string;
  readonly seconds: number;
  readonly calls: number;
}

let enabled = false;
let theorem = '(run)';
const stack: { phase: string; started: number; nested: number }[] = [];
const totals = new Map<string, { theorem: string; phase: string; seconds: number; calls: number }>();

export function enableProfile(on = true): void {
  enabled = on;
  totals.clear();
  stack.length = 0;
}

/** Attributes the following phases to this theorem ("(run)" for work outside any theorem). */
export function profileTheorem(id: string): void {
  theorem = id;
}

/** Runs fn as `phase` (nested under the phases running now). */
export function timed<R>(phase: string, fn: () => R): R {
  if (!enabled) return fn();
  const path = stack.length === 0 ? phase : `${stack[stack.length - 1].phase}/${phase}`;
  const frame = { phase: path, started: performance.now(), nested: 0 };
  stack.push(frame);
  try {
    return fn();
  } finally {
    stack.pop();
    const elapsed = performance.now() - frame.started;
    if (stack.length > 0) stack[stack.length - 1].nested += elapsed;
    const key = `${theorem}\u0000${path}`;
    const t = totals.get(key) ?? { theorem, phase: path, seconds: 0, calls: 0 };
    t.seconds += (elapsed - frame.nested) / 1000;
    t.calls++;
    totals.set(key, t);
  }
}

export function profileEntries(): ProfileEntry[] {
  return [...totals.values()].map((t) => ({ ...t }));
}
