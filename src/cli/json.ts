// Matrices in machine output are nested arrays (row-major), numbers stay numbers.
import type { Mat } from '../linalg/matrix.ts';
import { toRows } from '../linalg/matrix.ts';

export function isMat(v: unknown): v is Mat {
  return typeof v === 'object' && v !== null && 'rows' in v && 'cols' in v && (v as Mat).data instanceof Float64Array;
}

export function quantitiesToJson(record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, isMat(v) ? toRows(v) : v]),
  );
}

export function formatMatrix(m: Mat, indent = '    '): string {
  return toRows(m)
    .map((row) => indent + row.map((v) => (Math.abs(v) < 1e-15 ? 0 : v).toPrecision(6).padStart(13)).join(' '))
    .join('\n');
}
