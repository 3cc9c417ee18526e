// Tensor files as written by numpy and PyTorch: .npy (one array), .npz (a zip
// of .npy files, stored by np.savez or deflated by np.savez_compressed) and
// .safetensors (safetensors.torch.save_file). Opening a file reads only its
// headers; the data is read later, in blocks (src/data/tensors/read.ts), so a
// file far larger than memory can be measured. Every problem is a UsageError
// naming the file (and array) and what was expected.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { UsageError } from '../../errors.ts';
import { dtypeFromSafetensors, ITEM_SIZE, type DType } from './dtype.ts';
import { describeBytes, isNpy, NPY_PREFIX, npyHeaderLength, parseNpyHeader } from './npy.ts';

export type TensorFormat = 'npy' | 'npz' | 'safetensors';

/** Where an array's raw bytes are: at an offset of the file, or in a deflated zip entry (after `skip` header bytes). */
export type ByteSource = { readonly kind: 'file'; readonly offset: number } | { readonly kind: 'stream'; readonly skip: number; open(): Promise<Readable> };

export interface TensorInfo {
  readonly file: string;
  /** The array's name inside the file ('' for a .npy). */
  readonly name: string;
  readonly dtype: DType;
  readonly shape: readonly number[];
  /** Column-major data (numpy fortran_order). */
  readonly fortranOrder: boolean;
  readonly byteLength: number;
  readonly source: ByteSource;
}

/** "file" or "file:name", for messages. */
export function tensorLabel(t: Pick<TensorInfo, 'file' | 'name'>): string {
  return t.name === '' ? t.file : `${t.file}:${t.name}`;
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((p, n) => p * n, 1);
}

function readAt(fd: number, offset: number, length: number): Uint8Array {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, offset + got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}

function formatOf(path: string, head: Uint8Array): TensorFormat {
  const ext = /\.(npy|npz|safetensors)$/i.exec(path)?.[1]?.toLowerCase() as TensorFormat | undefined;
  const zip = head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5);
  const found: TensorFormat | undefined = isNpy(head) ? 'npy' : zip ? 'npz' : head.length > 8 && head[8] === 0x7b ? 'safetensors' : undefined;
  const expected: Record<TensorFormat, string> = { npy: 'a .npy file starting with \\x93NUMPY', npz: 'a .npz (zip) file starting with PK\\x03\\x04', safetensors: "a .safetensors file (8-byte header length, then '{')" };
  if (ext !== undefined && found !== ext) throw new UsageError(`${path}: wrong magic: expected ${expected[ext]}, found ${describeBytes(head.subarray(0, 9))}`);
  if (found === undefined) throw new UsageError(`${path}: unrecognized format (${describeBytes(head.subarray(0, 9))}); expected .npy, .npz or .safetensors`);
  return found;
}

function checkLength(file: string, name: string, dtype: DType, shape: readonly number[], available: number, declared: number = available): number {
  const byteLength = elementCount(shape) * ITEM_SIZE[dtype];
  const label = tensorLabel({ file, name });
  if (available < byteLength) throw new UsageError(`${label}: truncated: shape (${shape.join(', ')}) needs ${byteLength} bytes of data, the file has ${available}`);
  if (declared !== byteLength && declared !== available) throw new UsageError(`${label}: size mismatch: shape needs ${byteLength} bytes, found ${declared}`);
  return byteLength;
}

function openNpy(path: string, fd: number, size: number): TensorInfo[] {
  const prefix = readAt(fd, 0, NPY_PREFIX);
  const h = parseNpyHeader(readAt(fd, 0, npyHeaderLength(prefix, path)), path);
  const byteLength = checkLength(path, '', h.dtype, h.shape, size - h.dataOffset);
  return [{ file: path, name: '', dtype: h.dtype, shape: h.shape, fortranOrder: h.fortranOrder, byteLength, source: { kind: 'file', offset: h.dataOffset } }];
}

function openSafetensors(path: string, fd: number, size: number): TensorInfo[] {
  const n = Number(new DataView(readAt(fd, 0, 8).buffer).getBigUint64(0, true));
  if (!(n > 0 && 8 + n <= size)) throw new UsageError(`${path}: truncated safetensors header (declares ${n} bytes, the file has ${size - 8})`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(readAt(fd, 8, n))) as Record<string, unknown>;
  } catch (e) {
    throw new UsageError(`${path}: malformed safetensors header (${e instanceof Error ? e.message : String(e)})`);
  }
  const out: TensorInfo[] = [];
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const v = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const label = tensorLabel({ file: path, name });
    if (typeof v?.dtype !== 'string' || !Array.isArray(v.shape) || !Array.isArray(v.data_offsets) || v.data_offsets.length !== 2) {
      throw new UsageError(`${label}: malformed safetensors entry: expected dtype, shape and data_offsets`);
    }
    const shape = v.shape as number[];
    const [begin, end] = v.data_offsets as number[];
    if (!shape.every((s) => Number.isSafeInteger(s) && s >= 0) || !Number.isSafeInteger(begin) || !Number.isSafeInteger(end) || end < begin) {
      throw new UsageError(`${label}: malformed safetensors entry (shape ${JSON.stringify(shape)}, data_offsets ${JSON.stringify(v.data_offsets)})`);
    }
    const dtype = dtypeFromSafetensors(v.dtype, label);
    const available = Math.min(end, size - 8 - n) - begin;
    const byteLength = checkLength(path, name, dtype, shape, Math.max(0, available), end - begin);
    out.push({ file: path, name, dtype, shape, fortranOrder: false, byteLength, source: { kind: 'file', offset: 8 + n + begin } });
  }
  return out;
}

async function streamPrefix(open: () => Promise<Readable>, length: number): Promise<Uint8Array> {
  const stream = await open();
  const parts: Buffer[] = [];
  let got = 0;
  try {
    for await (const chunk of stream) {
      parts.push(chunk as Buffer);
      got += (chunk as Buffer).length;
      if (got >= length) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(parts).subarray(0, length);
}

async function openNpz(path: string, fd: number): Promise<TensorInfo[]> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromFd(fd, { lazyEntries: true, autoClose: false }, (err, z) => (err === null ? resolve(z) : reject(new UsageError(`${path}: not a readable .npz (zip) archive: ${err.message}`)))),
  );
  const entries: yauzl.Entry[] = await new Promise((resolve, reject) => {
    const list: yauzl.Entry[] = [];
    zip.on('entry', (e: yauzl.Entry) => {
      list.push(e);
      zip.readEntry();
    });
    zip.on('end', () => resolve(list));
    zip.on('error', (err: Error) => reject(new UsageError(`${path}: corrupt .npz (zip) archive: ${err.message}`)));
    zip.readEntry();
  });
  const out: TensorInfo[] = [];
  for (const e of entries) {
    if (!e.fileName.endsWith('.npy')) continue;
    const name = e.fileName.slice(0, -4);
    const label = tensorLabel({ file: path, name });
    if (e.compressionMethod === 0) {
      // Stored (np.savez): the .npy bytes sit in the file after the local header.
      const local = readAt(fd, e.relativeOffsetOfLocalHeader, 30);
      const view = new DataView(local.buffer, local.byteOffset, local.length);
      if (local.length < 30 || view.getUint32(0, true) !== 0x04034b50) throw new UsageError(`${label}: corrupt .npz: bad local header`);
      const start = e.relativeOffsetOfLocalHeader + 30 + view.getUint16(26, true) + view.getUint16(28, true);
      const head = readAt(fd, start, NPY_PREFIX);
      const h = parseNpyHeader(readAt(fd, start, npyHeaderLength(head, label)), label);
      const fileEnd = fstatSync(fd).size;
      const available = Math.min(e.compressedSize, fileEnd - start) - h.dataOffset;
      const byteLength = checkLength(path, name, h.dtype, h.shape, available, e.uncompressedSize - h.dataOffset);
      out.push({ file: path, name, dtype: h.dtype, shape: h.shape, fortranOrder: h.fortranOrder, byteLength, source: { kind: 'file', offset: start + h.dataOffset } });
    } else if (e.compressionMethod === 8) {
      // Deflated (np.savez_compressed): read through an inflating stream.
      const open = (): Promise<Readable> => zip.openReadStreamPromise(e);
      const prefix = await streamPrefix(open, NPY_PREFIX).catch((err: Error) => {
        throw new UsageError(`${label}: corrupt deflated entry: ${err.message}`);
      });
      const h = parseNpyHeader(await streamPrefix(open, npyHeaderLength(prefix, label)), label);
      const byteLength = checkLength(path, name, h.dtype, h.shape, e.uncompressedSize - h.dataOffset);
      out.push({ file: path, name, dtype: h.dtype, shape: h.shape, fortranOrder: h.fortranOrder, byteLength, source: { kind: 'stream', skip: h.dataOffset, open } });
    } else {
      throw new UsageError(`${label}: zip compression method ${e.compressionMethod} is not supported (expected stored or deflate, what numpy writes)`);
    }
  }
  if (out.length === 0) throw new UsageError(`${path}: the .npz archive holds no .npy arrays`);
  return out;
}

export interface TensorFile {
  readonly path: string;
  readonly format: TensorFormat;
  readonly fd: number;
  readonly tensors: readonly TensorInfo[];
  close(): void;
}

/** Opens a tensor file and reads its headers. The caller closes it. */
export async function openTensorFile(path: string): Promise<TensorFile> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${path}: cannot open (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : (code ?? String(e))})`);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new UsageError(`${path}: cannot open (a directory)`);
    const size = stat.size;
    const format = formatOf(path, readAt(fd, 0, 16));
    const tensors = format === 'npy' ? openNpy(path, fd, size) : format === 'safetensors' ? openSafetensors(path, fd, size) : await openNpz(path, fd);
    return { path, format, fd, tensors, close: () => closeSync(fd) };
  } catch (e) {
    closeSync(fd);
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== undefined) throw new UsageError(`${path}: cannot read (${code})`);
    throw e;
  }
}

/** The array `name` of a file (or its only array when no name is given; `fallback` names are tried in order). */
export function pickTensor(file: TensorFile, name: string | undefined, fallback: readonly string[] = []): TensorInfo {
  const names = file.tensors.map((t) => t.name);
  if (name !== undefined && name !== '') {
    const t = file.tensors.find((x) => x.name === name);
    if (t === undefined) throw new UsageError(`${file.path}: no array named "${name}"; the file holds ${names.map((n) => `"${n}"`).join(', ')}`);
    return t;
  }
  if (file.tensors.length === 1) return file.tensors[0];
  for (const f of fallback) {
    const t = file.tensors.find((x) => x.name === f);
    if (t !== undefined) return t;
  }
  throw new UsageError(`${file.path}: holds several arrays (${names.map((n) => `"${n}"`).join(', ')}); name one as ${file.path}:NAME`);
}
