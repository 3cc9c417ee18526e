// Assembles kernels.wat with wabt (a devDependency) into two binaries:
//   kernels.wasm      WebAssembly SIMD (f64x2): every engine with SIMD runs it;
//   kernels-fma.wasm  the same text with every multiply-add accumulation
//                     `(f64x2.add (local.get $acc) (f64x2.mul a b))` fused into
//                     `(f64x2.relaxed_madd a b (local.get $acc))` (relaxed SIMD:
//                     one FMA instruction where the CPU has one).
//   node src/linalg/wasm/build.mjs          writes both
// The binaries are committed (no build step at install or run time); a test
// assembles the text again and checks the bytes are identical.
import { readFileSync, writeFileSync } from 'node:fs';
import wabtFactory from 'wabt';

const FEATURES = { simd: true, threads: true, multi_value: true, relaxed_simd: true };

/** The balanced s-expression starting at text[start] === '('; returns its end (exclusive). */
function sexpEnd(text, start) {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i + 1;
  }
  throw new Error(`kernels.wat: unbalanced parentheses from offset ${start}`);
}

/** kernels.wat with each `(f64x2.add (local.get $x) (f64x2.mul A B))` rewritten as a relaxed fused multiply-add. */
export function fuseMultiplyAdds(text) {
  const head = /\(f64x2\.add (\(local\.get \$\w+\)) \(f64x2\.mul /g;
  let out = '';
  let from = 0;
  let count = 0;
  for (let m = head.exec(text); m !== null; m = head.exec(text)) {
    const addEnd = sexpEnd(text, m.index);
    const aStart = m.index + m[0].length;
    const aEnd = sexpEnd(text, aStart);
    const bStart = aEnd + 1;
    const bEnd = sexpEnd(text, bStart);
    if (text.slice(bEnd, addEnd) !== '))') continue; // not exactly acc + a·b
    out += `${text.slice(from, m.index)}(f64x2.relaxed_madd ${text.slice(aStart, aEnd)} ${text.slice(bStart, bEnd)} ${m[1]})`;
    from = addEnd;
    head.lastIndex = addEnd;
    count++;
  }
  if (count === 0) throw new Error('kernels.wat: no multiply-add to fuse');
  return out + text.slice(from);
}

export async function assemble(variant = 'simd') {
  const wabt = await wabtFactory();
  const text = readFileSync(new URL('./kernels.wat', import.meta.url), 'utf8');
  const source = variant === 'fma' ? fuseMultiplyAdds(text) : text;
  const module = wabt.parseWat(variant === 'fma' ? 'kernels-fma.wat' : 'kernels.wat', source, FEATURES);
  module.validate(FEATURES);
  const { buffer } = module.toBinary({ log: false, write_debug_names: false });
  module.destroy();
  return new Uint8Array(buffer);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  for (const [variant, file] of [['simd', 'kernels.wasm'], ['fma', 'kernels-fma.wasm']]) {
    const bytes = await assemble(variant);
    writeFileSync(new URL(`./${file}`, import.meta.url), bytes);
    process.stdout.write(`${file}: ${bytes.length} bytes\n`);
  }
}
