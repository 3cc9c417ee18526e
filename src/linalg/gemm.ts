// Register-blocked float64 products on row-major Float64Array storage, the
// hot loop of the fused CPU objectives. One shape only, C = A Bᵀ with A (m×k)
// and B (n×k) both row-major, so every inner loop runs over two contiguous
// rows (dot-product form); callers transpose an operand once (O(size)) to reach
// this form. The 4×4 micro-kernel keeps 16 accumulators in registers and loads
// 8 values per 16 multiply-adds: ~5.7 GFLOP/s in V8 on this machine against
// ~1 GFLOP/s for the plain i-k-j loop (bench/kernels.ts measures it). Tested
// against the reference product in matrix.ts and ml-matrix.

/**
 * C[i·ldc + j] = Σ_p A[aOff + i·k + p] · B[bOff + j·k + p] for i < m, j < n
 * (C row-major from cOff with leading dimension ldc, default n). Overwrites C.
 */
export function gemmNT(
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
  m: number,
  n: number,
  k: number,
  aOff = 0,
  bOff = 0,
  ldc = n,
  cOff = 0,
): void {
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  for (let i = 0; i < m4; i += 4) {
    const a0 = aOff + i * k;
    const a1 = a0 + k;
    const a2 = a1 + k;
    const a3 = a2 + k;
    for (let j = 0; j < n4; j += 4) {
      const b0 = bOff + j * k;
      const b1 = b0 + k;
      const b2 = b1 + k;
      const b3 = b2 + k;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let p = 0; p < k; p++) {
        const y0 = B[b0 + p];
        const y1 = B[b1 + p];
        const y2 = B[b2 + p];
        const y3 = B[b3 + p];
        let x = A[a0 + p];
        c00 += x * y0; c01 += x * y1; c02 += x * y2; c03 += x * y3;
        x = A[a1 + p];
        c10 += x * y0; c11 += x * y1; c12 += x * y2; c13 += x * y3;
        x = A[a2 + p];
        c20 += x * y0; c21 += x * y1; c22 += x * y2; c23 += x * y3;
        x = A[a3 + p];
        c30 += x * y0; c31 += x * y1; c32 += x * y2; c33 += x * y3;
      }
      let o = cOff + i * ldc + j;
      C[o] = c00; C[o + 1] = c01; C[o + 2] = c02; C[o + 3] = c03;
      o += ldc;
      C[o] = c10; C[o + 1] = c11; C[o + 2] = c12; C[o + 3] = c13;
      o += ldc;
      C[o] = c20; C[o + 1] = c21; C[o + 2] = c22; C[o + 3] = c23;
      o += ldc;
      C[o] = c30; C[o + 1] = c31; C[o + 2] = c32; C[o + 3] = c33;
    }
    // Remaining columns: 4×1.
    for (let j = n4; j < n; j++) {
      const b0 = bOff + j * k;
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
      for (let p = 0; p < k; p++) {
        const y = B[b0 + p];
        c0 += A[a0 + p] * y;
        c1 += A[a1 + p] * y;
        c2 += A[a2 + p] * y;
        c3 += A[a3 + p] * y;
      }
      const o = cOff + i * ldc + j;
      C[o] = c0;
      C[o + ldc] = c1;
      C[o + 2 * ldc] = c2;
      C[o + 3 * ldc] = c3;
    }
  }
  // Remaining rows: 1×4, then 1×1.
  for (let i = m4; i < m; i++) {
    const a0 = aOff + i * k;
    for (let j = 0; j < n4; j += 4) {
      const b0 = bOff + j * k;
      const b1 = b0 + k;
      const b2 = b1 + k;
      const b3 = b2 + k;
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
      for (let p = 0; p < k; p++) {
        const x = A[a0 + p];
        c0 += x * B[b0 + p];
        c1 += x * B[b1 + p];
        c2 += x * B[b2 + p];
        c3 += x * B[b3 + p];
      }
      const o = cOff + i * ldc + j;
      C[o] = c0; C[o + 1] = c1; C[o + 2] = c2; C[o + 3] = c3;
    }
    for (let j = n4; j < n; j++) {
      const b0 = bOff + j * k;
      let c = 0;
      for (let p = 0; p < k; p++) c += A[a0 + p] * B[b0 + p];
      C[cOff + i * ldc + j] = c;
    }
  }
}

/** dst (cols×rows) = srcᵀ for src (rows×cols) starting at srcOff, both row-major. */
export function transposeInto(src: Float64Array, rows: number, cols: number, dst: Float64Array, srcOff = 0): void {
  for (let i = 0; i < rows; i++) {
    const r = srcOff + i * cols;
    for (let j = 0; j < cols; j++) dst[j * rows + i] = src[r + j];
  }
}
