// The .npy header (numpy's format.py, versions 1.0–3.0): magic "\x93NUMPY",
// version, header length, then a Python dict literal with 'descr',
// 'fortran_order' and 'shape'. Written here rather than taken from npyjs
// (1.2.0), which parses a whole file held in memory — a 2 GB feature file must
// be streamed — and does not check that the data is as long as the shape says.
import { UsageError } from '../../errors.ts';
import { dtypeFromNumpy, type DType } from './dtype.ts';

export const NPY_MAGIC = '\x93NUMPY';

export interface NpyHeader {
  readonly dtype: DType;
  readonly fortranOrder: boolean;
  readonly shape: readonly number[];
  /** Bytes before the data (magic, version, length, dict). */
  readonly dataOffset: number;
}

/** Bytes needed to know the header length. */
export const NPY_PREFIX = 12;

export function isNpy(bytes: Uint8Array): boolean {
  return bytes.length >= 6 && bytes[0] === 0x93 && String.fromCharCode(...bytes.subarray(1, 6)) === 'NUMPY';
}

/** Header length in bytes (prefix included) from the first NPY_PREFIX bytes. */
export function npyHeaderLength(prefix: Uint8Array, where: string): number {
  if (!isNpy(prefix)) throw new UsageError(`${where}: wrong magic: expected a .npy file starting with \\x93NUMPY, found ${describeBytes(prefix.subarray(0, 6))}`);
  if (prefix.length < 10) throw new UsageError(`${where}: truncated .npy header`);
  const major = prefix[6];
  const view = new DataView(prefix.buffer, prefix.byteOffset, prefix.length);
  if (major === 1) return 10 + view.getUint16(8, true);
  if (major === 2 || major === 3) {
    if (prefix.length < 12) throw new UsageError(`${where}: truncated .npy header`);
    return 12 + view.getUint32(8, true);
  }
  throw new UsageError(`${where}: .npy format version ${major}.${prefix[7]} is not supported (expected 1.0, 2.0 or 3.0)`);
}

/** Parses the header from bytes that hold all of it. */
export function parseNpyHeader(bytes: Uint8Array, where: string): NpyHeader {
  const dataOffset = npyHeaderLength(bytes, where);
  if (bytes.length < dataOffset) throw new UsageError(`${where}: truncated .npy header (${bytes.length} of ${dataOffset} bytes)`);
  const text = new TextDecoder('latin1').decode(bytes.subarray(bytes[6] === 1 ? 10 : 12, dataOffset));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new UsageError(`${where}: malformed .npy header ${JSON.stringify(text.trim().slice(0, 80))}: expected 'descr', 'fortran_order' and 'shape'`);
  }
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const n = Number(s.replace(/L$/, ''));
      if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`${where}: malformed .npy shape (${shapeText})`);
      return n;
    });
  return { dtype: dtypeFromNumpy(descr, where), fortranOrder: fortran === 'True', shape, dataOffset };
}

export function describeBytes(b: Uint8Array): string {
  return b.length === 0 ? 'an empty file' : `bytes ${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ')}`;
}
