// Assembles kernels.wat into kernels.wasm with wabt (a devDependency):
//   node src/linalg/wasm/build.mjs          writes kernels.wasm
// The binary is committed (no build step at install or run time); a test
// assembles the text again and checks the bytes are identical.
import { readFileSync, writeFileSync } from 'node:fs';
import wabtFactory from 'wabt';

const FEATURES = { simd: true, threads: true, multi_value: true };

export async function assemble() {
  const wabt = await wabtFactory();
  const source = readFileSync(new URL('./kernels.wat', import.meta.url), 'utf8');
  const module = wabt.parseWat("kernels.wat", source, FEATURES);
  module.validate(FEATURES);
  const { buffer } = module.toBinary({ log: false, write_debug_names: false });
  module.destroy();
  return new Uint8Array(buffer);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const bytes = await assemble();
  writeFileSync(new URL('./kernels.wasm', import.meta.url), bytes);
  process.stdout.write(`kernels.wasm: ${bytes.length} bytes\n`);
}
