// Regime parameters as declarative specs. One spec serves three purposes:
// validating user input (with a message naming the parameter and its range),
// documenting the regime keys in `list --json`, and giving the default
// sampling range to the regime generators in properties/regimes.
import { RegimeError, UsageError } from '../errors.ts';

interface SpecBase {
  readonly doc: string;
  readonly optional?: boolean;
}

export interface IntegerSpec extends SpecBase {
  readonly kind: 'integer';
  readonly min: number;
  readonly max?: number;
  /** Inclusive range the default generators sample from. */
  readonly sample: readonly [number, number];
}

export interface RealSpec extends SpecBase {
  readonly kind: 'real';
  /** Lower bound; `strict` excludes it. */
  readonly min: number;
  readonly strict: boolean;
  readonly max?: number;
  /** Sampling range, drawn log-uniformly when `log` is set. */
  readonly sample: readonly [number, number];
  readonly log: boolean;
}

export interface IntegerArraySpec extends SpecBase {
  readonly kind: 'integer-array';
  readonly min: number;
  readonly max?: number;
  readonly sample: readonly [number, number];
}

/** A key the theorem pins to one value (e.g. lambdaB = 0 for a free bias): filled in when absent. */
export interface FixedSpec extends SpecBase {
  readonly kind: 'fixed';
  readonly value: number;
  readonly sample: readonly [number, number];
}

export type ParameterSpec = IntegerSpec | RealSpec | IntegerArraySpec | FixedSpec;
export type ParameterSpecs = Readonly<Record<string, ParameterSpec>>;

/** The typed regime a set of specs describes: integers and reals are numbers, arrays are number[]. */
export type RegimeOf<P extends ParameterSpecs> = {
  readonly [K in keyof P as P[K]['optional'] extends true ? never : K]: ValueOf<P[K]>;
} & {
  readonly [K in keyof P as P[K]['optional'] extends true ? K : never]?: ValueOf<P[K]>;
};

type ValueOf<S extends ParameterSpec> = S extends IntegerArraySpec ? readonly number[] : number;

type Options<S> = Partial<Omit<S, 'kind' | 'doc'>>;

export function integer(doc: string, options: Options<IntegerSpec> & { min: number }): IntegerSpec {
  return { kind: 'integer', doc, sample: [options.min, options.max ?? options.min + 8], ...options };
}

/** A real strictly greater than 0, sampled log-uniformly (the natural scale of a regularization weight). */
export function positive(doc: string, options: Options<RealSpec> = {}): RealSpec {
  return { kind: 'real', doc, min: 0, strict: true, sample: [1e-3, 10], log: true, ...options };
}

/** A real ≥ 0. */
export function nonNegative(doc: string, options: Options<RealSpec> = {}): RealSpec {
  return { kind: 'real', doc, min: 0, strict: false, sample: [1e-3, 10], log: true, ...options };
}

export function integerArray(doc: string, options: Options<IntegerArraySpec> & { min: number }): IntegerArraySpec {
  return { kind: 'integer-array', doc, sample: [options.min, options.max ?? options.min + 8], ...options };
}

export function fixed(doc: string, value: number): FixedSpec {
  return { kind: 'fixed', doc, value, sample: [value, value] };
}

export function describeRange(spec: ParameterSpec): string {
  switch (spec.kind) {
    case 'fixed':
      return `${spec.value} (fixed by this theorem; may be left out)`;
    case 'integer':
      return spec.max === undefined ? `an integer ≥ ${spec.min}` : `an integer in [${spec.min}, ${spec.max}]`;
    case 'real': {
      const lo = spec.strict ? `> ${spec.min}` : `≥ ${spec.min}`;
      return spec.max === undefined ? `a finite number ${lo}` : `a finite number ${lo} and ≤ ${spec.max}`;
    }
    case 'integer-array':
      return spec.max === undefined
        ? `an array of integers ≥ ${spec.min}`
        : `an array of integers in [${spec.min}, ${spec.max}]`;
  }
}

function checkValue(name: string, spec: ParameterSpec, value: unknown): void {
  const fail = (): never => {
    throw new RegimeError(name, describeRange(spec), value);
  };
  const inIntRange = (v: unknown, s: IntegerSpec | IntegerArraySpec): boolean =>
    typeof v === 'number' && Number.isInteger(v) && v >= s.min && (s.max === undefined || v <= s.max);
  switch (spec.kind) {
    case 'fixed':
      if (value !== spec.value) fail();
      return;
    case 'integer':
      if (!inIntRange(value, spec)) fail();
      return;
    case 'real':
      if (typeof value !== 'number' || !Number.isFinite(value)) fail();
      if (spec.strict ? (value as number) <= spec.min : (value as number) < spec.min) fail();
      if (spec.max !== undefined && (value as number) > spec.max) fail();
      return;
    case 'integer-array':
      if (!Array.isArray(value) || value.length === 0 || !value.every((v) => inIntRange(v, spec))) fail();
      return;
  }
}

/**
 * Validates a raw regime (parsed JSON) against specs: every required key present,
 * every value in range, and no key the specs do not know (a typo such as
 * `lamdaW` must not silently fall back to a default). Returns a copy with fixed
 * keys filled in.
 */
export function validateRegime<P extends ParameterSpecs>(specs: P, raw: unknown, owner: string): RegimeOf<P> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new UsageError(`regime: expected a JSON object such as {"K":3,"n":2,...}, got ${JSON.stringify(raw)}`);
  }
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!Object.hasOwn(specs, key)) {
      throw new RegimeError(key, `no such parameter for ${owner} (known: ${Object.keys(specs).join(', ')})`, record[key]);
    }
  }
  const out: Record<string, unknown> = { ...record };
  for (const [name, spec] of Object.entries(specs)) {
    const value = record[name];
    if (value === undefined) {
      if (spec.kind === 'fixed') out[name] = spec.value;
      else if (spec.optional !== true) throw new RegimeError(name, describeRange(spec), undefined);
      continue;
    }
    checkValue(name, spec, value);
  }
  return out as RegimeOf<P>;
}

/** JSON description of specs for `list --json`. */
export function describeParameters(specs: ParameterSpecs): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.entries(specs).map(([name, s]) => [
      name,
      { kind: s.kind, doc: s.doc, range: describeRange(s), optional: s.optional === true, sample: s.sample },
    ]),
  );
}
