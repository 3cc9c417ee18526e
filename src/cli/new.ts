// `nc-check new <ID>`: writes a theorem file to start from (src/theorem/scaffold.ts); never overwrites one.
import { existsSync, writeFileSync } from 'node:fs';
import { UsageError } from '../errors.ts';
import type { Io } from '../io.ts';
import { scaffold, scaffoldFileName } from '../theorem/scaffold.ts';

export function newCommand(id: string, o: { model?: string; out?: string }, io: Io): number {
  const text = scaffold(id, o.model);
  const file = o.out ?? scaffoldFileName(id);
  if (existsSync(file)) throw new UsageError(`new: ${file} exists; choose another --out (nothing was written)`);
  try {
    writeFileSync(file, text, { flag: 'wx' });
  } catch (e) {
    throw new UsageError(`new --out ${file}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  io.out(`wrote ${file}: theorem ${id} (model ${o.model ?? 'ufm-mse'}); next: nc-check check ${file}, then nc-check verify --theorems ${file}\n`);
  return 0;
}
