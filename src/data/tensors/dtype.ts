// The element types nc-check reads from tensor files, and their decoding to
// float64. Files store little-endian data (numpy's '<' and '|', safetensors
// always); a big-endian array is refused rather than silently misread.
import { UsageError } from '../../errors.ts';

export type DType = 'f2' | 'bf16' | 'f4' | 'f8' | 'u1' | 'i4' | 'i8';

export const ITEM_SIZE: Readonly<Record<DType, number>> = { f2: 2, bf16: 2, f4: 4, f8: 8, u1: 1, i4: 4, i8: 8 };

export const FLOAT_DTYPES: readonly DType[] = ['f2', 'bf16', 'f4', 'f8'];
export const LABEL_DTYPES: readonly DType[] = ['u1', 'i4', 'i8'];

/** numpy's names, for messages. */
export const DTYPE_NAME: Readonly<Record<DType, string>> = { f2: 'float16', bf16: 'bfloat16', f4: 'float32', f8: 'float64', u1: 'uint8', i4: 'int32', i8: 'int64' };

/** numpy descr ('<f4', '|u1', …) to a DType; `where` names the file for the message. */
export function dtypeFromNumpy(descr: string, where: string): DType {
  const m = /^([<>|=])([fiu])(\d+)$/.exec(descr);
  if (m !== null && m[1] === '>' && m[3] !== '1') throw new UsageError(`${where}: big-endian dtype '${descr}' is not supported; save it little-endian (e.g. x.astype('<${m[2]}${m[3]}'))`);
  const code = m === null ? descr : `${m[2]}${m[3]}`;
  const table: Record<string, DType> = { f2: 'f2', f4: 'f4', f8: 'f8', u1: 'u1', i4: 'i4', i8: 'i8' };
  const t = table[code];
  if (t === undefined) throw new UsageError(`${where}: dtype '${descr}' is not supported; expected float16/32/64 features or int32/int64/uint8 labels`);
  return t;
}

/** safetensors dtype names to a DType. */
export function dtypeFromSafetensors(name: string, where: string): DType {
  const table: Record<string, DType> = { F16: 'f2', BF16: 'bf16', F32: 'f4', F64: 'f8', U8: 'u1', I32: 'i4', I64: 'i8' };
  const t = table[name];
  if (t === undefined) throw new UsageError(`${where}: dtype ${JSON.stringify(name)} is not supported; expected F16, BF16, F32, F64 (features) or I32, I64, U8 (labels)`);
  return t;
}

const f16Table = ((): Float64Array => {
  // All 65,536 half-precision values, so decoding is a table look-up.
  const t = new Float64Array(65536);
  for (let u = 0; u < 65536; u++) {
    const s = u & 0x8000 ? -1 : 1;
    const e = (u >> 10) & 0x1f;
    const f = u & 0x3ff;
    t[u] = e === 0 ? s * 2 ** -14 * (f / 1024) : e === 31 ? (f === 0 ? s * Infinity : NaN) : s * 2 ** (e - 15) * (1 + f / 1024);
  }
  return t;
})();

/**
 * Decodes `count` elements of `bytes` (starting at byte 0) into out[outOffset…].
 * Copies to an aligned buffer first when the bytes are not aligned to the item size.
 */
export function decodeInto(dtype: DType, bytes: Uint8Array, count: number, out: Float64Array, outOffset = 0): void {
  const size = ITEM_SIZE[dtype];
  let b = bytes;
  if (b.byteOffset % size !== 0) b = new Uint8Array(b.subarray(0, count * size));
  const buf = b.buffer;
  const off = b.byteOffset;
  switch (dtype) {
    case 'f8':
      out.set(new Float64Array(buf, off, count), outOffset);
      return;
    case 'f4':
      out.set(new Float32Array(buf, off, count), outOffset);
      return;
    case 'i4':
      out.set(new Int32Array(buf, off, count), outOffset);
      return;
    case 'u1':
      out.set(new Uint8Array(buf, off, count), outOffset);
      return;
    case 'i8': {
      const v = new BigInt64Array(buf, off, count);
      for (let i = 0; i < count; i++) out[outOffset + i] = Number(v[i]);
      return;
    }
    case 'f2': {
      const v = new Uint16Array(buf, off, count);
      for (let i = 0; i < count; i++) out[outOffset + i] = f16Table[v[i]];
      return;
    }
    case 'bf16': {
      // bfloat16 is the top half of a float32.
      const v = new Uint16Array(buf, off, count);
      const wide = new Uint32Array(count);
      for (let i = 0; i < count; i++) wide[i] = v[i] << 16;
      out.set(new Float32Array(wide.buffer), outOffset);
      return;
    }
  }
}
