// The reference backend: float64 on the CPU, plain loops over Float64Array.
// Products use the i-k-j loop order (unit stride in the innermost loop) and
// handle transposes by indexing, never by materializing the transpose.
import { mat, type Mat } from '../linalg/matrix.ts';
import type { Backend, MatmulOptions } from './backend.ts';

function sameShape(a: Mat, b: Mat, op: string): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new RangeError(`cpu-f64 ${op}: shapes ${a.rows}x${a.cols} and ${b.rows}x${b.cols} differ`);
  }
}

function elementwise(a: Mat, b: Mat, op: string, f: (x: number, y: number) => number): Mat {
  sameShape(a, b, op);
  const out = mat(a.rows, a.cols);
  const ad = a.data;
  const bd = b.data;
  const od = out.data;
  for (let i = 0; i < od.length; i++) od[i] = f(ad[i], bd[i]);
  return out;
}

export function matmulF64(a: Mat, b: Mat, options: MatmulOptions = {}): Mat {
  const ta = options.transposeA === true;
  const tb = options.transposeB === true;
  const n = ta ? a.cols : a.rows;
  const k = ta ? a.rows : a.cols;
  const kb = tb ? b.cols : b.rows;
  const m = tb ? b.rows : b.cols;
  if (k !== kb) {
    throw new RangeError(
      `cpu-f64 matmul: inner dimensions differ (${n}x${k}${ta ? ' [A^T]' : ''} times ${kb}x${m}${tb ? ' [B^T]' : ''})`,
    );
  }
  const out = mat(n, m);
  const od = out.data;
  const ad = a.data;
  const bd = b.data;
  const as = a.cols;
  const bs = b.cols;
  if (!tb) {
    // out[i, :] += A[i, p] * B[p, :]
    for (let i = 0; i < n; i++) {
      const o = i * m;
      for (let p = 0; p < k; p++) {
        const aip = ta ? ad[p * as + i] : ad[i * as + p];
        if (aip === 0) continue;
        const br = p * bs;
        for (let j = 0; j < m; j++) od[o + j] += aip * bd[br + j];
      }
    }
  } else {
    // out[i, j] = <A[i, :], B[j, :]> — both rows contiguous when A is not transposed.
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        let s = 0;
        const br = j * bs;
        if (ta) {
          for (let p = 0; p < k; p++) s += ad[p * as + i] * bd[br + p];
        } else {
          const ar = i * as;
          for (let p = 0; p < k; p++) s += ad[ar + p] * bd[br + p];
        }
        od[i * m + j] = s;
      }
    }
  }
  return out;
}

export const cpuF64: Backend<Mat> = {
  name: 'cpu-f64',
  dtype: 'float64',
  epsilon: Number.EPSILON,

  upload: (m) => mat(m.rows, m.cols, m.data),
  download: (t) => mat(t.rows, t.cols, t.data),
  shape: (t) => [t.rows, t.cols],
  zeros: (rows, cols) => mat(rows, cols),

  matmul: matmulF64,
  add: (a, b) => elementwise(a, b, 'add', (x, y) => x + y),
  sub: (a, b) => elementwise(a, b, 'sub', (x, y) => x - y),
  mul: (a, b) => elementwise(a, b, 'mul', (x, y) => x * y),
  scale(a, s) {
    const out = mat(a.rows, a.cols);
    for (let i = 0; i < out.data.length; i++) out.data[i] = a.data[i] * s;
    return out;
  },
  axpy(alpha, x, y) {
    sameShape(x, y, 'axpy');
    const out = mat(y.rows, y.cols);
    for (let i = 0; i < out.data.length; i++) out.data[i] = alpha * x.data[i] + y.data[i];
    return out;
  },
  addColumn(a, v) {
    if (v.rows !== a.rows || v.cols !== 1) {
      throw new RangeError(`cpu-f64 addColumn: expected a ${a.rows}x1 vector, got ${v.rows}x${v.cols}`);
    }
    const out = mat(a.rows, a.cols);
    for (let i = 0; i < a.rows; i++) {
      const vi = v.data[i];
      for (let j = 0; j < a.cols; j++) out.data[i * a.cols + j] = a.data[i * a.cols + j] + vi;
    }
    return out;
  },
  rowSums(a) {
    const out = mat(a.rows, 1);
    for (let i = 0; i < a.rows; i++) {
      let s = 0;
      for (let j = 0; j < a.cols; j++) s += a.data[i * a.cols + j];
      out.data[i] = s;
    }
    return out;
  },
  relu(a) {
    const out = mat(a.rows, a.cols);
    for (let i = 0; i < out.data.length; i++) out.data[i] = a.data[i] > 0 ? a.data[i] : 0;
    return out;
  },
  reluBackward: (x, g) => elementwise(x, g, 'reluBackward', (xv, gv) => (xv > 0 ? gv : 0)),

  logSumExpColumns(a) {
    const out = mat(1, a.cols);
    for (let j = 0; j < a.cols; j++) {
      let max = -Infinity;
      for (let i = 0; i < a.rows; i++) max = Math.max(max, a.data[i * a.cols + j]);
      let s = 0;
      for (let i = 0; i < a.rows; i++) s += Math.exp(a.data[i * a.cols + j] - max);
      out.data[j] = max + Math.log(s);
    }
    return out;
  },
  softmaxColumns(a) {
    const out = mat(a.rows, a.cols);
    for (let j = 0; j < a.cols; j++) {
      let max = -Infinity;
      for (let i = 0; i < a.rows; i++) max = Math.max(max, a.data[i * a.cols + j]);
      let s = 0;
      for (let i = 0; i < a.rows; i++) {
        const e = Math.exp(a.data[i * a.cols + j] - max);
        out.data[i * a.cols + j] = e;
        s += e;
      }
      for (let i = 0; i < a.rows; i++) out.data[i * a.cols + j] /= s;
    }
    return out;
  },

  sumSquares(a) {
    let s = 0;
    for (const v of a.data) s += v * v;
    return s;
  },
  dot(a, b) {
    sameShape(a, b, 'dot');
    let s = 0;
    for (let i = 0; i < a.data.length; i++) s += a.data[i] * b.data[i];
    return s;
  },
  allFinite(a) {
    for (const v of a.data) if (!Number.isFinite(v)) return false;
    return true;
  },
  dispose: () => undefined,
};
