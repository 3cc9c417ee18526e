// Dense float64 matrices as plain data: row-major Float64Array plus a shape.
// Measurements, certificates and predictions all speak this type; the training
// hot path goes through a Backend instead (src/backend), so this module stays
// simple and obviously correct rather than fast.

export interface Mat {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function mat(rows: number, cols: number, data?: ArrayLike<number>): Mat {
  const out = new Float64Array(rows * cols);
  if (data !== undefined) {
    if (data.length !== rows * cols) {
      throw new RangeError(`mat: expected ${rows * cols} entries for ${rows}x${cols}, got ${data.length}`);
    }
    out.set(data);
  }
  return { rows, cols, data: out };
}

export function zeros(rows: number, cols: number): Mat {
  return mat(rows, cols);
}

export function identity(n: number): Mat {
  const m = mat(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

/** J = 1 1^T / n, the projector onto the all-ones direction. */
export function onesProjector(n: number): Mat {
  return mat(n, n, new Float64Array(n * n).fill(1 / n));
}

/** I_n − J: the centering projector. */
export function centering(n: number): Mat {
  return sub(identity(n), onesProjector(n));
}

export function fromRows(rows: readonly (readonly number[])[]): Mat {
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0].length;
  const m = mat(r, c);
  rows.forEach((row, i) => {
    if (row.length !== c) throw new RangeError(`fromRows: row ${i} has ${row.length} entries, expected ${c}`);
    m.data.set(row, i * c);
  });
  return m;
}

export function toRows(m: Mat): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

export function columnVector(values: ArrayLike<number>): Mat {
  return mat(values.length, 1, values);
}

export function get(m: Mat, i: number, j: number): number {
  return m.data[i * m.cols + j];
}

export function transpose(m: Mat): Mat {
  const out = mat(m.cols, m.rows);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) out.data[j * m.rows + i] = m.data[i * m.cols + j];
  }
  return out;
}

export function matmul(a: Mat, b: Mat): Mat {
  if (a.cols !== b.rows) throw new RangeError(`matmul: ${a.rows}x${a.cols} times ${b.rows}x${b.cols}`);
  const out = mat(a.rows, b.cols);
  const { rows: n, cols: k } = a;
  const m = b.cols;
  for (let i = 0; i < n; i++) {
    const oRow = i * m;
    for (let p = 0; p < k; p++) {
      const aip = a.data[i * k + p];
      if (aip === 0) continue;
      const bRow = p * m;
      for (let j = 0; j < m; j++) out.data[oRow + j] += aip * b.data[bRow + j];
    }
  }
  return out;
}

function assertSameShape(a: Mat, b: Mat, op: string): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new RangeError(`${op}: shapes ${a.rows}x${a.cols} and ${b.rows}x${b.cols} differ`);
  }
}

export function add(a: Mat, b: Mat): Mat {
  assertSameShape(a, b, 'add');
  const out = mat(a.rows, a.cols);
  for (let i = 0; i < out.data.length; i++) out.data[i] = a.data[i] + b.data[i];
  return out;
}

export function sub(a: Mat, b: Mat): Mat {
  assertSameShape(a, b, 'sub');
  const out = mat(a.rows, a.cols);
  for (let i = 0; i < out.data.length; i++) out.data[i] = a.data[i] - b.data[i];
  return out;
}

export function scale(a: Mat, s: number): Mat {
  const out = mat(a.rows, a.cols);
  for (let i = 0; i < out.data.length; i++) out.data[i] = a.data[i] * s;
  return out;
}

export function frobeniusNorm(a: Mat): number {
  let s = 0;
  for (const v of a.data) s += v * v;
  return Math.sqrt(s);
}

export function maxAbs(a: Mat): number {
  let s = 0;
  for (const v of a.data) s = Math.max(s, Math.abs(v));
  return s;
}

export function trace(a: Mat): number {
  if (a.rows !== a.cols) throw new RangeError(`trace: ${a.rows}x${a.cols} is not square`);
  let s = 0;
  for (let i = 0; i < a.rows; i++) s += a.data[i * a.cols + i];
  return s;
}

/** A^T A (columns' Gram matrix). */
export function gramOfColumns(a: Mat): Mat {
  return matmul(transpose(a), a);
}

/** A A^T (rows' Gram matrix). */
export function gramOfRows(a: Mat): Mat {
  return matmul(a, transpose(a));
}

/** A / ||A||_F; the zero matrix is returned unchanged (there is no direction to normalize). */
export function normalized(a: Mat): Mat {
  const n = frobeniusNorm(a);
  return n === 0 ? a : scale(a, 1 / n);
}

export function isFiniteMat(a: Mat): boolean {
  for (const v of a.data) if (!Number.isFinite(v)) return false;
  return true;
}

export function column(a: Mat, j: number): Float64Array {
  const out = new Float64Array(a.rows);
  for (let i = 0; i < a.rows; i++) out[i] = a.data[i * a.cols + j];
  return out;
}

/** Selects columns [start, end) of a. */
export function columns(a: Mat, start: number, end: number): Mat {
  const out = mat(a.rows, end - start);
  for (let i = 0; i < a.rows; i++) {
    out.data.set(a.data.subarray(i * a.cols + start, i * a.cols + end), i * (end - start));
  }
  return out;
}

export function diag(values: ArrayLike<number>): Mat {
  const n = values.length;
  const m = mat(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = values[i];
  return m;
}

/** Stacks matrices with equal column counts on top of each other. */
export function vstack(...parts: Mat[]): Mat {
  const cols = parts[0]?.cols ?? 0;
  const rows = parts.reduce((s, p) => {
    if (p.cols !== cols) throw new RangeError(`vstack: ${p.cols} columns, expected ${cols}`);
    return s + p.rows;
  }, 0);
  const out = mat(rows, cols);
  let offset = 0;
  for (const p of parts) {
    out.data.set(p.data, offset);
    offset += p.data.length;
  }
  return out;
}
