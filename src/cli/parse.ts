// Argument parsers: each failure names the option and what it expected, and
// becomes a one-line message with exit code 2.
import { InvalidArgumentError } from 'commander';
import { UsageError } from '../errors.ts';
import { MODES, type Mode } from '../theorem/define.ts';
import { OPTIMIZERS, type OptimizerName } from '../train/train.ts';

export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < 1) {
    throw new InvalidArgumentError('expected a positive integer.');
  }
  return n;
}

/**
 * Upper bounds on the sizes a command line can ask for, so that no input —
 * a typo, a fuzzer — turns into a run that never ends or exhausts memory.
 * Each is far above any sensible use (a 100,000-regime sweep fits easily).
 */
export const LIMITS = {
  runs: 1_000_000,
  restarts: 1_000,
  maxIter: 10_000_000,
  maxShrinks: 100_000,
  budget: 100_000,
  workers: 256,
  seeds: 10_000,
  epochs: 1_000_000,
} as const;

/** A positive integer at most `max`: the message names the bound. */
export function boundedInteger(max: number): (value: string) => number {
  return (value) => {
    const n = positiveInteger(value);
    if (n > max) throw new InvalidArgumentError(`expected a positive integer ≤ ${max} (nc-check's bound on this size).`);
    return n;
  };
}

export function nonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected an integer ≥ 0.');
  return n;
}

/** Seeds are 32-bit integers (fast-check's and the initializers'). */
export function seed(value: string): number {
  const n = Number(value);
  if (!/^\s*-?\d+\s*$/.test(value) || !Number.isSafeInteger(n) || Math.abs(n) > 2 ** 31 - 1) {
    throw new InvalidArgumentError('expected an integer between -2147483647 and 2147483647.');
  }
  return n;
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a finite number > 0.');
  return n;
}

const DURATION_UNITS: Record<string, number> = { '': 1, s: 1, m: 60, min: 60, h: 3600 };

/** A duration in seconds: "300", "90s", "5m", "5min", "1.5h". */
export function duration(value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|m|min|h)?\s*$/.exec(value);
  const seconds = m === null ? Number.NaN : Number(m[1]) * DURATION_UNITS[m[2] ?? ''];
  if (!Number.isFinite(seconds) || seconds <= 0) throw new InvalidArgumentError('expected a duration > 0: seconds, or a number with s, m (min) or h, e.g. 300, 90s, 5m, 1h.');
  return seconds;
}

export function optimizer(value: string): OptimizerName {
  if (!(OPTIMIZERS as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${OPTIMIZERS.join(', ')}.`);
  return value as OptimizerName;
}

export function modes(value: string): Mode[] {
  if (value === 'all') return [...MODES];
  const list = value.split(',').map((s) => s.trim());
  for (const m of list) {
    if (!(MODES as readonly string[]).includes(m)) throw new InvalidArgumentError(`expected ${MODES.join(', ')} or all (comma-separated).`);
  }
  return list as Mode[];
}

export function fastCheckPath(value: string): string {
  if (!/^\d+(:\d+)*$/.test(value)) throw new InvalidArgumentError('expected a fast-check path such as 12 or 12:3:0.');
  return value;
}

/** Parses --regime JSON; a parse error names the option and quotes the problem. */
export { regimeJson } from '../regime/json.ts';

/** `--suite`: which group verify runs besides the ids given. */
export function suite(value: string): 'builtin' | 'theorems' | 'empirical' | 'consistency' | 'all' {
  if (value === 'builtin' || value === 'theorems' || value === 'empirical' || value === 'consistency' || value === 'all') return value;
  throw new InvalidArgumentError('expected builtin (alias theorems), empirical, consistency or all.');
}

/** A choice among fixed words: the message lists them. */
export function oneOf<T extends string>(...choices: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(choices as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected ${choices.join(' or ')}.`);
    return value as T;
  };
}

/** Bootstrap replicates: 0 (none) up to LIMITS.replicates. */
export function replicates(value: string): number {
  const n = nonNegativeInteger(value);
  if (n > 100_000) throw new InvalidArgumentError('expected an integer between 0 and 100000.');
  return n;
}
