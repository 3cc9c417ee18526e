// One error hierarchy for everything a user can get wrong. The CLI maps
// UsageError (and its subclasses) to a one-line message and exit code 2;
// anything else is a bug and keeps its stack trace.

export class UsageError extends Error {
  override readonly name: string = 'UsageError';
}

/** A regime value outside the range a model or theorem accepts. */
export class RegimeError extends UsageError {
  override readonly name = 'RegimeError';
  constructor(
    readonly parameter: string,
    readonly expected: string,
    readonly got: unknown,
  ) {
    super(`regime.${parameter}: expected ${expected}, got ${describeValue(got)}`);
  }
}

export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing (missing)';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return String(v);
  }
}

/** A backend that was asked for but cannot run here (no adapter, package not installed). */
export class BackendUnavailableError extends UsageError {
  override readonly name = 'BackendUnavailableError';
}
