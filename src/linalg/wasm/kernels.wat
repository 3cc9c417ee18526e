;; float64 kernels in WebAssembly SIMD (f64x2) for the flat training path:
;; the C = A Bᵀ product of gemm.ts and the fused vector passes of the L-BFGS
;; two-loop recursion (space.ts). Pointers are byte offsets into the shared
;; memory, counts are elements. Every kernel has a JavaScript twin that is the
;; test oracle (test/unit/linalg/wasm-kernels.test.ts), except gemm_xn_nt, whose
;; oracle is gemm_nt on transposed copies, bit for bit, and axpby_sq, whose oracles
;; are axpby_dot and dot, bit for bit.
;; Rebuild: node src/linalg/wasm/build.mjs (wabt); a test checks the committed
;; kernels.wasm is this file assembled.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; Σ x[i] y[i]
  (func $dot (export "dot") (param $x i32) (param $y i32) (param $n i32) (result f64)
    (local $a0 v128) (local $a1 v128) (local $end i32) (local $s f64)
    (local.set $end (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 3))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (v128.load (local.get $x)) (v128.load (local.get $y)))))
        (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (v128.load offset=16 (local.get $x)) (v128.load offset=16 (local.get $y)))))
        (local.set $x (i32.add (local.get $x) (i32.const 32)))
        (local.set $y (i32.add (local.get $y) (i32.const 32)))
        (br $l)))
    (local.set $a0 (f64x2.add (local.get $a0) (local.get $a1)))
    (local.set $s (f64.add (f64x2.extract_lane 0 (local.get $a0)) (f64x2.extract_lane 1 (local.get $a0))))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $n) (i32.const 3)) (i32.const 3))))
    (block $tdone
      (loop $t
        (br_if $tdone (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $s (f64.add (local.get $s) (f64.mul (f64.load (local.get $x)) (f64.load (local.get $y)))))
        (local.set $x (i32.add (local.get $x) (i32.const 8)))
        (local.set $y (i32.add (local.get $y) (i32.const 8)))
        (br $t)))
    (local.get $s))

  ;; q += alpha y, then return Σ s[i] q[i] (the new q): one pass of the two-loop recursion.
  (func $axpy_dot (export "axpy_dot") (param $q i32) (param $y i32) (param $s i32) (param $alpha f64) (param $n i32) (result f64)
    (local $a0 v128) (local $a1 v128) (local $v0 v128) (local $v1 v128) (local $al v128) (local $end i32) (local $sum f64) (local $v f64)
    (local.set $al (f64x2.splat (local.get $alpha)))
    (local.set $end (i32.add (local.get $q) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 3))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $q) (local.get $end)))
        (local.set $v0 (f64x2.add (v128.load (local.get $q)) (f64x2.mul (local.get $al) (v128.load (local.get $y)))))
        (local.set $v1 (f64x2.add (v128.load offset=16 (local.get $q)) (f64x2.mul (local.get $al) (v128.load offset=16 (local.get $y)))))
        (v128.store (local.get $q) (local.get $v0))
        (v128.store offset=16 (local.get $q) (local.get $v1))
        (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (v128.load (local.get $s)) (local.get $v0))))
        (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (v128.load offset=16 (local.get $s)) (local.get $v1))))
        (local.set $q (i32.add (local.get $q) (i32.const 32)))
        (local.set $y (i32.add (local.get $y) (i32.const 32)))
        (local.set $s (i32.add (local.get $s) (i32.const 32)))
        (br $l)))
    (local.set $a0 (f64x2.add (local.get $a0) (local.get $a1)))
    (local.set $sum (f64.add (f64x2.extract_lane 0 (local.get $a0)) (f64x2.extract_lane 1 (local.get $a0))))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $n) (i32.const 3)) (i32.const 3))))
    (block $tdone
      (loop $t
        (br_if $tdone (i32.ge_u (local.get $q) (local.get $end)))
        (local.set $v (f64.add (f64.load (local.get $q)) (f64.mul (local.get $alpha) (f64.load (local.get $y)))))
        (f64.store (local.get $q) (local.get $v))
        (local.set $sum (f64.add (local.get $sum) (f64.mul (f64.load (local.get $s)) (local.get $v))))
        (local.set $q (i32.add (local.get $q) (i32.const 8)))
        (local.set $y (i32.add (local.get $y) (i32.const 8)))
        (local.set $s (i32.add (local.get $s) (i32.const 8)))
        (br $t)))
    (local.get $sum))

  ;; out = a x + b y (out may alias x or y); returns Σ w[i] out[i] (pass w = out's own pointer for ||out||²... any w).
  (func $axpby_dot (export "axpby_dot") (param $out i32) (param $a f64) (param $x i32) (param $b f64) (param $y i32) (param $w i32) (param $n i32) (result f64)
    (local $acc v128) (local $v v128) (local $va v128) (local $vb v128) (local $end i32) (local $sum f64) (local $s f64)
    (local.set $va (f64x2.splat (local.get $a)))
    (local.set $vb (f64x2.splat (local.get $b)))
    (local.set $end (i32.add (local.get $out) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $v (f64x2.add (f64x2.mul (local.get $va) (v128.load (local.get $x))) (f64x2.mul (local.get $vb) (v128.load (local.get $y)))))
        (v128.store (local.get $out) (local.get $v))
        (local.set $acc (f64x2.add (local.get $acc) (f64x2.mul (v128.load (local.get $w)) (local.get $v))))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (local.set $w (i32.add (local.get $w) (i32.const 16)))
        (br $l)))
    (local.set $sum (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $s (f64.add (f64.mul (local.get $a) (f64.load (local.get $x))) (f64.mul (local.get $b) (f64.load (local.get $y)))))
        (f64.store (local.get $out) (local.get $s))
        (local.set $sum (f64.add (local.get $sum) (f64.mul (f64.load (local.get $w)) (local.get $s))))))
    (local.get $sum))

  ;; out = a x + b y (out may alias x), the same values as axpby_dot; returns Σ y[i]² summed exactly as
  ;; dot(y, y) sums it (the same lanes, the same tail): the fused MSE objective's ||W||² and ||H||²
  ;; come with the gradient's last pass instead of passes of their own.
  (func $axpby_sq (export "axpby_sq") (param $out i32) (param $a f64) (param $x i32) (param $b f64) (param $y i32) (param $n i32) (result f64)
    (local $a0 v128) (local $a1 v128) (local $v0 v128) (local $v1 v128) (local $va v128) (local $vb v128) (local $end i32) (local $s f64) (local $t f64)
    (local.set $va (f64x2.splat (local.get $a)))
    (local.set $vb (f64x2.splat (local.get $b)))
    (local.set $end (i32.add (local.get $out) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 3))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $v0 (v128.load (local.get $y)))
        (local.set $v1 (v128.load offset=16 (local.get $y)))
        (v128.store (local.get $out) (f64x2.add (f64x2.mul (local.get $va) (v128.load (local.get $x))) (f64x2.mul (local.get $vb) (local.get $v0))))
        (v128.store offset=16 (local.get $out) (f64x2.add (f64x2.mul (local.get $va) (v128.load offset=16 (local.get $x))) (f64x2.mul (local.get $vb) (local.get $v1))))
        (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $v0) (local.get $v0))))
        (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $v1) (local.get $v1))))
        (local.set $out (i32.add (local.get $out) (i32.const 32)))
        (local.set $x (i32.add (local.get $x) (i32.const 32)))
        (local.set $y (i32.add (local.get $y) (i32.const 32)))
        (br $l)))
    (local.set $a0 (f64x2.add (local.get $a0) (local.get $a1)))
    (local.set $s (f64.add (f64x2.extract_lane 0 (local.get $a0)) (f64x2.extract_lane 1 (local.get $a0))))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $n) (i32.const 3)) (i32.const 3))))
    (block $tdone
      (loop $t
        (br_if $tdone (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $t (f64.load (local.get $y)))
        (f64.store (local.get $out) (f64.add (f64.mul (local.get $a) (f64.load (local.get $x))) (f64.mul (local.get $b) (local.get $t))))
        (local.set $s (f64.add (local.get $s) (f64.mul (local.get $t) (local.get $t))))
        (local.set $out (i32.add (local.get $out) (i32.const 8)))
        (local.set $x (i32.add (local.get $x) (i32.const 8)))
        (local.set $y (i32.add (local.get $y) (i32.const 8)))
        (br $t)))
    (local.get $s))

  ;; s = xn − x, y = gn − g; adds Σ s y, Σ s s, Σ y y to the three f64 at $acc.
  (func $pair (export "pair") (param $s i32) (param $y i32) (param $xn i32) (param $x i32) (param $gn i32) (param $g i32) (param $n i32) (param $acc i32)
    (local $sy v128) (local $ss v128) (local $yy v128) (local $vs v128) (local $vy v128) (local $end i32) (local $a f64) (local $b f64)
    (local.set $end (i32.add (local.get $s) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $s) (local.get $end)))
        (local.set $vs (f64x2.sub (v128.load (local.get $xn)) (v128.load (local.get $x))))
        (local.set $vy (f64x2.sub (v128.load (local.get $gn)) (v128.load (local.get $g))))
        (v128.store (local.get $s) (local.get $vs))
        (v128.store (local.get $y) (local.get $vy))
        (local.set $sy (f64x2.add (local.get $sy) (f64x2.mul (local.get $vs) (local.get $vy))))
        (local.set $ss (f64x2.add (local.get $ss) (f64x2.mul (local.get $vs) (local.get $vs))))
        (local.set $yy (f64x2.add (local.get $yy) (f64x2.mul (local.get $vy) (local.get $vy))))
        (local.set $s (i32.add (local.get $s) (i32.const 16)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (local.set $xn (i32.add (local.get $xn) (i32.const 16)))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $gn (i32.add (local.get $gn) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (br $l)))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $a (f64.sub (f64.load (local.get $xn)) (f64.load (local.get $x))))
        (local.set $b (f64.sub (f64.load (local.get $gn)) (f64.load (local.get $g))))
        (f64.store (local.get $s) (local.get $a))
        (f64.store (local.get $y) (local.get $b))
        (local.set $sy (f64x2.add (local.get $sy) (f64x2.replace_lane 0 (v128.const i64x2 0 0) (f64.mul (local.get $a) (local.get $b)))))
        (local.set $ss (f64x2.add (local.get $ss) (f64x2.replace_lane 0 (v128.const i64x2 0 0) (f64.mul (local.get $a) (local.get $a)))))
        (local.set $yy (f64x2.add (local.get $yy) (f64x2.replace_lane 0 (v128.const i64x2 0 0) (f64.mul (local.get $b) (local.get $b)))))))
    (f64.store (local.get $acc) (f64.add (f64.load (local.get $acc)) (f64.add (f64x2.extract_lane 0 (local.get $sy)) (f64x2.extract_lane 1 (local.get $sy)))))
    (f64.store offset=8 (local.get $acc) (f64.add (f64.load offset=8 (local.get $acc)) (f64.add (f64x2.extract_lane 0 (local.get $ss)) (f64x2.extract_lane 1 (local.get $ss)))))
    (f64.store offset=16 (local.get $acc) (f64.add (f64.load offset=16 (local.get $acc)) (f64.add (f64x2.extract_lane 0 (local.get $yy)) (f64x2.extract_lane 1 (local.get $yy))))))

  ;; Horizontal sum of a 2-lane accumulator plus the odd last term of a length-k dot product.
  (func $finish (param $acc v128) (param $a i32) (param $b i32) (param $k i32) (param $kvb i32) (result f64)
    (local $s f64)
    (local.set $s (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))))
    (if (result f64) (i32.and (local.get $k) (i32.const 1))
      (then (f64.add (local.get $s) (f64.mul (f64.load (i32.add (local.get $a) (local.get $kvb))) (f64.load (i32.add (local.get $b) (local.get $kvb))))))
      (else (local.get $s))))

  ;; C[i·ldc + j] = Σ_p A[i·k + p] B[j·k + p] for i < m, j < n (A m×k, B n×k row-major); 4×2 blocks
  ;; vectorized along p, the rest by dot products.
  (func $gemm_nt (export "gemm_nt") (param $a i32) (param $b i32) (param $c i32) (param $m i32) (param $n i32) (param $k i32) (param $ldc i32)
    (local $ks i32) (local $kvb i32) (local $m4 i32) (local $n2 i32) (local $i i32) (local $j i32) (local $jp i32) (local $je i32) (local $p i32) (local $o i32)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $b0 i32) (local $b1 i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128) (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $va v128) (local $vb0 v128) (local $vb1 v128)
    (local.set $ks (i32.shl (local.get $k) (i32.const 3)))
    (local.set $kvb (i32.shl (i32.and (local.get $k) (i32.const -2)) (i32.const 3)))
    (local.set $m4 (i32.and (local.get $m) (i32.const -4)))
    (local.set $n2 (i32.and (local.get $n) (i32.const -2)))
    ;; Column panels of 32: a panel of the right operand stays in cache while every row block
    ;; of the left one passes over it (the order of the sums is unchanged).
    (local.set $jp (i32.const 0))
    (block $pnend
      (loop $pnloop
    (br_if $pnend (i32.ge_u (local.get $jp) (local.get $n2)))
    (local.set $je (select (i32.add (local.get $jp) (i32.const 32)) (local.get $n2) (i32.lt_u (i32.add (local.get $jp) (i32.const 32)) (local.get $n2))))
    (local.set $i (i32.const 0))
    (block $iend
      (loop $iloop
        (br_if $iend (i32.ge_u (local.get $i) (local.get $m4)))
        (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ks))))
        (local.set $a1 (i32.add (local.get $a0) (local.get $ks)))
        (local.set $a2 (i32.add (local.get $a1) (local.get $ks)))
        (local.set $a3 (i32.add (local.get $a2) (local.get $ks)))
        (local.set $j (local.get $jp))
        (block $jend
          (loop $jloop
            (br_if $jend (i32.ge_u (local.get $j) (local.get $je)))
            (local.set $b0 (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $ks))))
            (local.set $b1 (i32.add (local.get $b0) (local.get $ks)))
            (local.set $c00 (v128.const i64x2 0 0)) (local.set $c01 (v128.const i64x2 0 0))
            (local.set $c10 (v128.const i64x2 0 0)) (local.set $c11 (v128.const i64x2 0 0))
            (local.set $c20 (v128.const i64x2 0 0)) (local.set $c21 (v128.const i64x2 0 0))
            (local.set $c30 (v128.const i64x2 0 0)) (local.set $c31 (v128.const i64x2 0 0))
            (local.set $p (i32.const 0))
            (block $pend
              (loop $ploop
                (br_if $pend (i32.ge_u (local.get $p) (local.get $kvb)))
                (local.set $vb0 (v128.load (i32.add (local.get $b0) (local.get $p))))
                (local.set $vb1 (v128.load (i32.add (local.get $b1) (local.get $p))))
                (local.set $va (v128.load (i32.add (local.get $a0) (local.get $p))))
                (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $va) (local.get $vb0))))
                (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $va) (local.get $vb1))))
                (local.set $va (v128.load (i32.add (local.get $a1) (local.get $p))))
                (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $va) (local.get $vb0))))
                (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $va) (local.get $vb1))))
                (local.set $va (v128.load (i32.add (local.get $a2) (local.get $p))))
                (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $va) (local.get $vb0))))
                (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $va) (local.get $vb1))))
                (local.set $va (v128.load (i32.add (local.get $a3) (local.get $p))))
                (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $va) (local.get $vb0))))
                (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $va) (local.get $vb1))))
                (local.set $p (i32.add (local.get $p) (i32.const 16)))
                (br $ploop)))
            (local.set $o (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $ldc)) (local.get $j)) (i32.const 3))))
            (f64.store (local.get $o) (call $finish (local.get $c00) (local.get $a0) (local.get $b0) (local.get $k) (local.get $kvb)))
            (f64.store offset=8 (local.get $o) (call $finish (local.get $c01) (local.get $a0) (local.get $b1) (local.get $k) (local.get $kvb)))
            (local.set $o (i32.add (local.get $o) (i32.shl (local.get $ldc) (i32.const 3))))
            (f64.store (local.get $o) (call $finish (local.get $c10) (local.get $a1) (local.get $b0) (local.get $k) (local.get $kvb)))
            (f64.store offset=8 (local.get $o) (call $finish (local.get $c11) (local.get $a1) (local.get $b1) (local.get $k) (local.get $kvb)))
            (local.set $o (i32.add (local.get $o) (i32.shl (local.get $ldc) (i32.const 3))))
            (f64.store (local.get $o) (call $finish (local.get $c20) (local.get $a2) (local.get $b0) (local.get $k) (local.get $kvb)))
            (f64.store offset=8 (local.get $o) (call $finish (local.get $c21) (local.get $a2) (local.get $b1) (local.get $k) (local.get $kvb)))
            (local.set $o (i32.add (local.get $o) (i32.shl (local.get $ldc) (i32.const 3))))
            (f64.store (local.get $o) (call $finish (local.get $c30) (local.get $a3) (local.get $b0) (local.get $k) (local.get $kvb)))
            (f64.store offset=8 (local.get $o) (call $finish (local.get $c31) (local.get $a3) (local.get $b1) (local.get $k) (local.get $kvb)))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $jloop)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $iloop)))
    (local.set $jp (local.get $je))
    (br $pnloop)))
    ;; The last column (n odd) of the 4-row blocks, then the remaining rows: dot products.
    (local.set $i (i32.const 0))
    (block $rend
      (loop $rloop
        (br_if $rend (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $j (select (local.get $n2) (i32.const 0) (i32.lt_u (local.get $i) (local.get $m4))))
        (block $cend
          (loop $cloop
            (br_if $cend (i32.ge_u (local.get $j) (local.get $n)))
            (f64.store
              (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $ldc)) (local.get $j)) (i32.const 3)))
              (call $dot
                (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ks)))
                (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $ks)))
                (local.get $k)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $cloop)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rloop))))

;; C[i·ldc + j] = Σ_p A(i, p) B[p·ldb + j] for i < m, j < n, where A(i, p) = A[i·rsa + p·csa]:
;; A B (rsa = k, csa = 1) and Aᵀ B (rsa = 1, csa = m) on row-major storage without
;; transposing either operand. 4×4 blocks vectorized along j (rows of B are
;; contiguous), A's entries splatted; then 1×4 blocks for the last rows and
;; scalar sums for the last columns.
  (func $gemm_xn (export "gemm_xn") (param $a i32) (param $rsa i32) (param $csa i32) (param $b i32) (param $ldb i32) (param $c i32) (param $ldc i32) (param $m i32) (param $n i32) (param $k i32)
    (local $m4 i32) (local $n4 i32) (local $i i32) (local $j i32) (local $jp i32) (local $je i32) (local $p i32) (local $pa i32) (local $pb i32) (local $o i32)
    (local $r8 i32) (local $c8 i32) (local $b8 i32) (local $s f64)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128) (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $va v128) (local $vb0 v128) (local $vb1 v128)
    (local.set $r8 (i32.shl (local.get $rsa) (i32.const 3)))
    (local.set $c8 (i32.shl (local.get $csa) (i32.const 3)))
    (local.set $b8 (i32.shl (local.get $ldb) (i32.const 3)))
    (local.set $m4 (i32.and (local.get $m) (i32.const -4)))
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    ;; Column panels of 64: a panel of the right operand stays in cache while every row block
    ;; of the left one passes over it (the order of the sums is unchanged).
    (local.set $jp (i32.const 0))
    (block $pnend
      (loop $pnloop
    (br_if $pnend (i32.ge_u (local.get $jp) (local.get $n4)))
    (local.set $je (select (i32.add (local.get $jp) (i32.const 64)) (local.get $n4) (i32.lt_u (i32.add (local.get $jp) (i32.const 64)) (local.get $n4))))
    (local.set $i (i32.const 0))
    (block $iend
      (loop $iloop
        (br_if $iend (i32.ge_u (local.get $i) (local.get $m4)))
        (local.set $j (local.get $jp))
        (block $jend
          (loop $jloop
            (br_if $jend (i32.ge_u (local.get $j) (local.get $je)))
            (local.set $c00 (v128.const i64x2 0 0)) (local.set $c01 (v128.const i64x2 0 0))
            (local.set $c10 (v128.const i64x2 0 0)) (local.set $c11 (v128.const i64x2 0 0))
            (local.set $c20 (v128.const i64x2 0 0)) (local.set $c21 (v128.const i64x2 0 0))
            (local.set $c30 (v128.const i64x2 0 0)) (local.set $c31 (v128.const i64x2 0 0))
            (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $r8))))
            (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $p (i32.const 0))
            (block $pend
              (loop $ploop
                (br_if $pend (i32.ge_u (local.get $p) (local.get $k)))
                (local.set $vb0 (v128.load (local.get $pb)))
                (local.set $vb1 (v128.load offset=16 (local.get $pb)))
                (local.set $va (v128.load64_splat (local.get $pa)))
                (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $va) (local.get $vb0))))
                (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $va) (local.get $vb1))))
                (local.set $va (v128.load64_splat (i32.add (local.get $pa) (local.get $r8))))
                (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $va) (local.get $vb0))))
                (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $va) (local.get $vb1))))
                (local.set $va (v128.load64_splat (i32.add (local.get $pa) (i32.shl (local.get $r8) (i32.const 1)))))
                (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $va) (local.get $vb0))))
                (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $va) (local.get $vb1))))
                (local.set $va (v128.load64_splat (i32.add (local.get $pa) (i32.mul (local.get $r8) (i32.const 3)))))
                (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $va) (local.get $vb0))))
                (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $va) (local.get $vb1))))
                (local.set $pa (i32.add (local.get $pa) (local.get $c8)))
                (local.set $pb (i32.add (local.get $pb) (local.get $b8)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $ploop)))
            (local.set $o (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $ldc)) (local.get $j)) (i32.const 3))))
            (v128.store (local.get $o) (local.get $c00))
            (v128.store offset=16 (local.get $o) (local.get $c01))
            (local.set $o (i32.add (local.get $o) (i32.shl (local.get $ldc) (i32.const 3))))
            (v128.store (local.get $o) (local.get $c10))
            (v128.store offset=16 (local.get $o) (local.get $c11))
            (local.set $o (i32.add (local.get $o) (i32.shl (local.get $ldc) (i32.const 3))))
            (v128.store (local.get $o) (local.get $c20))
            (v128.store offset=16 (local.get $o) (local.get $c21))
            (local.set $o (i32.add (local.get $o) (i32.shl (local.get $ldc) (i32.const 3))))
            (v128.store (local.get $o) (local.get $c30))
            (v128.store offset=16 (local.get $o) (local.get $c31))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $jloop)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $iloop)))
    (local.set $jp (local.get $je))
    (br $pnloop)))
    (local.set $i (local.get $m4))
    ;; The last rows (m mod 4), one at a time, 4 columns per block.
    (block $rend
      (loop $rloop
        (br_if $rend (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $j (i32.const 0))
        (block $qend
          (loop $qloop
            (br_if $qend (i32.ge_u (local.get $j) (local.get $n4)))
            (local.set $c00 (v128.const i64x2 0 0)) (local.set $c01 (v128.const i64x2 0 0))
            (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $r8))))
            (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $p (i32.const 0))
            (block $p2end
              (loop $p2loop
                (br_if $p2end (i32.ge_u (local.get $p) (local.get $k)))
                (local.set $va (v128.load64_splat (local.get $pa)))
                (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $va) (v128.load (local.get $pb)))))
                (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $va) (v128.load offset=16 (local.get $pb)))))
                (local.set $pa (i32.add (local.get $pa) (local.get $c8)))
                (local.set $pb (i32.add (local.get $pb) (local.get $b8)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $p2loop)))
            (local.set $o (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $ldc)) (local.get $j)) (i32.const 3))))
            (v128.store (local.get $o) (local.get $c00))
            (v128.store offset=16 (local.get $o) (local.get $c01))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $qloop)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rloop)))
    ;; The last columns (n mod 4) of every row: scalar sums.
    (local.set $i (i32.const 0))
    (block $send
      (loop $sloop
        (br_if $send (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $j (local.get $n4))
        (block $tend
          (loop $tloop
            (br_if $tend (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $s (f64.const 0))
            (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $r8))))
            (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $p (i32.const 0))
            (block $p3end
              (loop $p3loop
                (br_if $p3end (i32.ge_u (local.get $p) (local.get $k)))
                (local.set $s (f64.add (local.get $s) (f64.mul (f64.load (local.get $pa)) (f64.load (local.get $pb)))))
                (local.set $pa (i32.add (local.get $pa) (local.get $c8)))
                (local.set $pb (i32.add (local.get $pb) (local.get $b8)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $p3loop)))
            (f64.store (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $ldc)) (local.get $j)) (i32.const 3))) (local.get $s))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $tloop)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $sloop))))

;; gemm_nt's sums on gemm_xn's operands: C[i·ldc + j] = Σ_p A(i, p) B[p·ldb + j] with
;; A(i, p) = A[i·rsa + p·csa], rounded exactly as gemm_nt rounds the same product on transposed
;; copies (A m×k, Bᵀ n×k): in gemm_nt's 4×2 blocks (i < m & ~3, j < n & ~1) the even and odd p
;; are summed apart and added, then the odd last term; every other entry is $dot's order (four
;; partial sums by p mod 4, (s0 + s2) + (s1 + s3), then the last k mod 4 terms). Vectorized along
;; j here (one f64x2 holds two outputs' partial sums of one parity), so no transposed copies.
  (func $gemm_xn_nt (export "gemm_xn_nt") (param $a i32) (param $rsa i32) (param $csa i32) (param $b i32) (param $ldb i32) (param $c i32) (param $ldc i32) (param $m i32) (param $n i32) (param $k i32)
    (local $m4 i32) (local $n2 i32) (local $kv i32) (local $k4 i32) (local $i i32) (local $j i32) (local $jp i32) (local $je i32) (local $p i32) (local $pa i32) (local $pb i32) (local $o i32)
    (local $r8 i32) (local $c8 i32) (local $b8 i32) (local $s0 f64) (local $s1 f64) (local $s2 f64) (local $s3 f64)
    (local $e0 v128) (local $e1 v128) (local $e2 v128) (local $e3 v128) (local $o0 v128) (local $o1 v128) (local $o2 v128) (local $o3 v128)
    (local $vbe v128) (local $vbo v128)
    (local.set $r8 (i32.shl (local.get $rsa) (i32.const 3)))
    (local.set $c8 (i32.shl (local.get $csa) (i32.const 3)))
    (local.set $b8 (i32.shl (local.get $ldb) (i32.const 3)))
    (local.set $m4 (i32.and (local.get $m) (i32.const -4)))
    (local.set $n2 (i32.and (local.get $n) (i32.const -2)))
    (local.set $kv (i32.and (local.get $k) (i32.const -2)))
    (local.set $k4 (i32.and (local.get $k) (i32.const -4)))
    ;; Column panels of 64 (the order of the sums is unchanged).
    (local.set $jp (i32.const 0))
    (block $pnend
      (loop $pnloop
    (br_if $pnend (i32.ge_u (local.get $jp) (local.get $n2)))
    (local.set $je (select (i32.add (local.get $jp) (i32.const 64)) (local.get $n2) (i32.lt_u (i32.add (local.get $jp) (i32.const 64)) (local.get $n2))))
    (local.set $i (i32.const 0))
    (block $iend
      (loop $iloop
        (br_if $iend (i32.ge_u (local.get $i) (local.get $m4)))
        (local.set $j (local.get $jp))
        (block $jend
          (loop $jloop
            (br_if $jend (i32.ge_u (local.get $j) (local.get $je)))
            (local.set $e0 (v128.const i64x2 0 0)) (local.set $o0 (v128.const i64x2 0 0))
            (local.set $e1 (v128.const i64x2 0 0)) (local.set $o1 (v128.const i64x2 0 0))
            (local.set $e2 (v128.const i64x2 0 0)) (local.set $o2 (v128.const i64x2 0 0))
            (local.set $e3 (v128.const i64x2 0 0)) (local.set $o3 (v128.const i64x2 0 0))
            (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $r8))))
            (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $p (i32.const 0))
            (block $pend
              (loop $ploop
                (br_if $pend (i32.ge_u (local.get $p) (local.get $kv)))
                (local.set $vbe (v128.load (local.get $pb)))
                (local.set $vbo (v128.load (i32.add (local.get $pb) (local.get $b8))))
                (local.set $e0 (f64x2.add (local.get $e0) (f64x2.mul (v128.load64_splat (local.get $pa)) (local.get $vbe))))
                (local.set $o0 (f64x2.add (local.get $o0) (f64x2.mul (v128.load64_splat (i32.add (local.get $pa) (local.get $c8))) (local.get $vbo))))
                (local.set $e1 (f64x2.add (local.get $e1) (f64x2.mul (v128.load64_splat (i32.add (local.get $pa) (local.get $r8))) (local.get $vbe))))
                (local.set $o1 (f64x2.add (local.get $o1) (f64x2.mul (v128.load64_splat (i32.add (i32.add (local.get $pa) (local.get $r8)) (local.get $c8))) (local.get $vbo))))
                (local.set $e2 (f64x2.add (local.get $e2) (f64x2.mul (v128.load64_splat (i32.add (local.get $pa) (i32.shl (local.get $r8) (i32.const 1)))) (local.get $vbe))))
                (local.set $o2 (f64x2.add (local.get $o2) (f64x2.mul (v128.load64_splat (i32.add (i32.add (local.get $pa) (i32.shl (local.get $r8) (i32.const 1))) (local.get $c8))) (local.get $vbo))))
                (local.set $e3 (f64x2.add (local.get $e3) (f64x2.mul (v128.load64_splat (i32.add (local.get $pa) (i32.mul (local.get $r8) (i32.const 3)))) (local.get $vbe))))
                (local.set $o3 (f64x2.add (local.get $o3) (f64x2.mul (v128.load64_splat (i32.add (i32.add (local.get $pa) (i32.mul (local.get $r8) (i32.const 3))) (local.get $c8))) (local.get $vbo))))
                (local.set $pa (i32.add (local.get $pa) (i32.shl (local.get $c8) (i32.const 1))))
                (local.set $pb (i32.add (local.get $pb) (i32.shl (local.get $b8) (i32.const 1))))
                (local.set $p (i32.add (local.get $p) (i32.const 2)))
                (br $ploop)))
            (local.set $e0 (f64x2.add (local.get $e0) (local.get $o0)))
            (local.set $e1 (f64x2.add (local.get $e1) (local.get $o1)))
            (local.set $e2 (f64x2.add (local.get $e2) (local.get $o2)))
            (local.set $e3 (f64x2.add (local.get $e3) (local.get $o3)))
            (if (i32.and (local.get $k) (i32.const 1))
              (then
                (local.set $vbe (v128.load (local.get $pb)))
                (local.set $e0 (f64x2.add (local.get $e0) (f64x2.mul (v128.load64_splat (local.get $pa)) (local.get $vbe))))
                (local.set $e1 (f64x2.add (local.get $e1) (f64x2.mul (v128.load64_splat (i32.add (local.get $pa) (local.get $r8))) (local.get $vbe))))
                (local.set $e2 (f64x2.add (local.get $e2) (f64x2.mul (v128.load64_splat (i32.add (local.get $pa) (i32.shl (local.get $r8) (i32.const 1)))) (local.get $vbe))))
                (local.set $e3 (f64x2.add (local.get $e3) (f64x2.mul (v128.load64_splat (i32.add (local.get $pa) (i32.mul (local.get $r8) (i32.const 3)))) (local.get $vbe))))))
            (local.set $o (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $ldc)) (local.get $j)) (i32.const 3))))
            (v128.store (local.get $o) (local.get $e0))
            (local.set $o (i32.add (local.get $o) (i32.shl (local.get $ldc) (i32.const 3))))
            (v128.store (local.get $o) (local.get $e1))
            (local.set $o (i32.add (local.get $o) (i32.shl (local.get $ldc) (i32.const 3))))
            (v128.store (local.get $o) (local.get $e2))
            (local.set $o (i32.add (local.get $o) (i32.shl (local.get $ldc) (i32.const 3))))
            (v128.store (local.get $o) (local.get $e3))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $jloop)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $iloop)))
    (local.set $jp (local.get $je))
    (br $pnloop)))
    ;; The last column (n odd) of the 4-row blocks, then the remaining rows: $dot's order.
    (local.set $i (i32.const 0))
    (block $rend
      (loop $rloop
        (br_if $rend (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $j (select (local.get $n2) (i32.const 0) (i32.lt_u (local.get $i) (local.get $m4))))
        (block $cend
          (loop $cloop
            (br_if $cend (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $s0 (f64.const 0)) (local.set $s1 (f64.const 0)) (local.set $s2 (f64.const 0)) (local.set $s3 (f64.const 0))
            (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $r8))))
            (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $p (i32.const 0))
            (block $qend
              (loop $qloop
                (br_if $qend (i32.ge_u (local.get $p) (local.get $k4)))
                (local.set $s0 (f64.add (local.get $s0) (f64.mul (f64.load (local.get $pa)) (f64.load (local.get $pb)))))
                (local.set $pa (i32.add (local.get $pa) (local.get $c8))) (local.set $pb (i32.add (local.get $pb) (local.get $b8)))
                (local.set $s1 (f64.add (local.get $s1) (f64.mul (f64.load (local.get $pa)) (f64.load (local.get $pb)))))
                (local.set $pa (i32.add (local.get $pa) (local.get $c8))) (local.set $pb (i32.add (local.get $pb) (local.get $b8)))
                (local.set $s2 (f64.add (local.get $s2) (f64.mul (f64.load (local.get $pa)) (f64.load (local.get $pb)))))
                (local.set $pa (i32.add (local.get $pa) (local.get $c8))) (local.set $pb (i32.add (local.get $pb) (local.get $b8)))
                (local.set $s3 (f64.add (local.get $s3) (f64.mul (f64.load (local.get $pa)) (f64.load (local.get $pb)))))
                (local.set $pa (i32.add (local.get $pa) (local.get $c8))) (local.set $pb (i32.add (local.get $pb) (local.get $b8)))
                (local.set $p (i32.add (local.get $p) (i32.const 4)))
                (br $qloop)))
            (local.set $s0 (f64.add (f64.add (local.get $s0) (local.get $s2)) (f64.add (local.get $s1) (local.get $s3))))
            (block $tend
              (loop $tloop
                (br_if $tend (i32.ge_u (local.get $p) (local.get $k)))
                (local.set $s0 (f64.add (local.get $s0) (f64.mul (f64.load (local.get $pa)) (f64.load (local.get $pb)))))
                (local.set $pa (i32.add (local.get $pa) (local.get $c8))) (local.set $pb (i32.add (local.get $pb) (local.get $b8)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $tloop)))
            (f64.store (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $ldc)) (local.get $j)) (i32.const 3))) (local.get $s0))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $cloop)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rloop))))
)
