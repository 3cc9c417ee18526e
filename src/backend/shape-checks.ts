// Shape checks shared by backends whose libraries would otherwise fail late or
// with their own wording: every backend rejects the same mistakes with the
// same messages (the conformance suite checks them).
import type { MatmulOptions } from './backend.ts';

export type Shape = readonly [rows: number, cols: number];

/** Output shape of op(A) op(B); throws on mismatched inner dimensions. */
export function matmulShape(name: string, a: Shape, b: Shape, options: MatmulOptions = {}): Shape {
  const ta = options.transposeA === true;
  const tb = options.transposeB === true;
  const n = ta ? a[1] : a[0];
  const k = ta ? a[0] : a[1];
  const kb = tb ? b[1] : b[0];
  const m = tb ? b[0] : b[1];
  if (k !== kb) {
    throw new RangeError(`${name} matmul: inner dimensions differ (${n}x${k}${ta ? ' [A^T]' : ''} times ${kb}x${m}${tb ? ' [B^T]' : ''})`);
  }
  return [n, m];
}

export function sameShape(name: string, op: string, a: Shape, b: Shape): Shape {
  if (a[0] !== b[0] || a[1] !== b[1]) throw new RangeError(`${name} ${op}: shapes ${a[0]}x${a[1]} and ${b[0]}x${b[1]} differ`);
  return a;
}

export function columnShape(name: string, a: Shape, v: Shape): Shape {
  if (v[0] !== a[0] || v[1] !== 1) throw new RangeError(`${name} addColumn: expected a ${a[0]}x1 vector, got ${v[0]}x${v[1]}`);
  return a;
}
