// Reading the journal, regimes.jsonl: one RegimeRecord per line, appended (and
// flushed) as each regime finishes, in plan order within each theorem mode.
// It is the source of truth of a run — `--resume` continues from it and
// `merge` re-folds the shards' journals — so it is read line by line, never
// whole (a 100,000-regime journal stays out of memory). A run killed while
// writing can leave its last line cut short: that line is detected, reported
// and ignored; any other line that is not a record means the file is not a
// journal nc-check wrote, and is refused.
import { closeSync, openSync, readSync } from 'node:fs';
import { UsageError } from '../errors.ts';
import type { Regime } from '../regime/regime.ts';
import type { RegimeRecord } from '../verify/results.ts';

const CHUNK = 1 << 20;

interface Line {
  readonly text: string;
  /** 1-based line number. */
  readonly number: number;
  /** Byte offset just past this line's newline (or past its last byte when unterminated). */
  readonly end: number;
  readonly terminated: boolean;
}

/** The file's lines, read in chunks (bounded memory), with their byte offsets. */
export function* journalLines(file: string): Generator<Line> {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new UsageError(`${file}: cannot read the journal (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  try {
    const buffer = Buffer.alloc(CHUNK);
    let pending: Buffer[] = [];
    let offset = 0;
    let number = 0;
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK, null);
      if (n === 0) break;
      let start = 0;
      for (let i = buffer.indexOf(10, 0); i !== -1 && i < n; i = buffer.indexOf(10, i + 1)) {
        const piece = Buffer.concat([...pending, buffer.subarray(start, i)]);
        pending = [];
        offset += piece.length + 1;
        yield { text: piece.toString('utf8'), number: ++number, end: offset, terminated: true };
        start = i + 1;
      }
      if (start < n) pending.push(Buffer.from(buffer.subarray(start, n)));
    }
    if (pending.length > 0) {
      const piece = Buffer.concat(pending);
      yield { text: piece.toString('utf8'), number: ++number, end: offset + piece.length, terminated: false };
    }
  } finally {
    closeSync(fd);
  }
}

function isRecord(v: unknown): v is RegimeRecord {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Partial<RegimeRecord>;
  return typeof r.theorem === 'string' && typeof r.mode === 'string' && typeof r.index === 'number' && typeof r.regime === 'object' && Array.isArray(r.clauses);
}

function parse(line: Line): RegimeRecord | undefined {
  try {
    const v: unknown = JSON.parse(line.text);
    return isRecord(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

export interface JournalScan {
  /** Complete records. */
  readonly records: number;
  /** Bytes up to the end of the last complete record: where appending may resume. */
  readonly validBytes: number;
  /** A last line cut short by an interruption (ignored). */
  readonly truncated?: { readonly line: number; readonly bytes: number };
  /** Records per theorem mode, and the failure-database regimes among them (in order). */
  readonly blocks: ReadonlyMap<string, { readonly records: number; readonly database: readonly Regime[] }>;
}

export const blockKey = (theorem: string, mode: string): string => `${theorem}\u0000${mode}`;

/** Reads a journal through once: counts, the truncated tail if any; a bad line elsewhere is refused. */
export function scanJournal(file: string): JournalScan {
  const blocks = new Map<string, { records: number; database: Regime[] }>();
  let records = 0;
  let validBytes = 0;
  let truncated: JournalScan['truncated'];
  let bad: Line | undefined;
  for (const line of journalLines(file)) {
    if (bad !== undefined) {
      throw new UsageError(`${file}: line ${bad.number} is not a regime record, and it is not the last line (so not one cut short by an interruption): this is not a journal nc-check wrote, or it was edited`);
    }
    const record = line.terminated ? parse(line) : undefined;
    if (record === undefined) {
      if (line.text.trim() === '' && line.terminated) {
        validBytes = line.end;
        continue;
      }
      bad = line;
      truncated = { line: line.number, bytes: line.end - validBytes };
      continue;
    }
    records++;
    validBytes = line.end;
    const key = blockKey(record.theorem, record.mode);
    const block = blocks.get(key) ?? { records: 0, database: [] };
    block.records++;
    if (record.origin === 'database') block.database.push(record.regime);
    blocks.set(key, block);
  }
  return { records, validBytes, truncated, blocks };
}

/** The complete records of one theorem mode, in journal order, read lazily (the first `validBytes` bytes only). */
export function* journalRecords(file: string, validBytes: number, theorem?: string, mode?: string): Generator<RegimeRecord> {
  for (const line of journalLines(file)) {
    if (line.end > validBytes) return;
    const record = parse(line);
    if (record === undefined) continue;
    if ((theorem === undefined || record.theorem === theorem) && (mode === undefined || record.mode === mode)) yield record;
  }
}
