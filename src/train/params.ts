// Parameters are lists of backend tensors (one per block: W, H, b, ...). The
// optimizers treat such a list as one vector in the preconditioned metric
// <x, y>_P = Σ_b metric_b <x_b, y_b>, without ever flattening it.
import type { Backend } from '../backend/backend.ts';

export type Params<T> = readonly T[];

export function dot<T>(backend: Backend<T>, x: Params<T>, y: Params<T>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += backend.dot(x[i], y[i]);
  return s;
}

/** Σ_b w_b <x_b, y_b>. */
export function weightedDot<T>(backend: Backend<T>, x: Params<T>, y: Params<T>, weights: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += weights[i] * backend.dot(x[i], y[i]);
  return s;
}

/** ||g||_P = sqrt(Σ_b metric_b ||g_b||²): the norm the stopping certificate uses. */
export function metricNorm<T>(backend: Backend<T>, g: Params<T>, metric: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < g.length; i++) s += metric[i] * backend.sumSquares(g[i]);
  return Math.sqrt(s);
}

/** alpha * x + y, block by block. */
export function axpy<T>(backend: Backend<T>, alpha: number, x: Params<T>, y: Params<T>): T[] {
  return x.map((xb, i) => backend.axpy(alpha, xb, y[i]));
}

/** Block-wise scaling by per-block factors. */
export function scaleBlocks<T>(backend: Backend<T>, x: Params<T>, factors: readonly number[]): T[] {
  return x.map((xb, i) => backend.scale(xb, factors[i]));
}

export function scaleAll<T>(backend: Backend<T>, x: Params<T>, s: number): T[] {
  return x.map((xb) => backend.scale(xb, s));
}

export function allFinite<T>(backend: Backend<T>, x: Params<T>): boolean {
  return x.every((xb) => backend.allFinite(xb));
}

export function disposeAll<T>(backend: Backend<T>, ...lists: (Params<T> | undefined)[]): void {
  for (const list of lists) list?.forEach((t) => backend.dispose(t));
}
