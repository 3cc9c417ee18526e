// `nc-check check <file...>`: type-checks theorem files and runs the load-time
// validation (src/theorem/check.ts); prints `file:line:col: message` per problem, exit 2 on any.
import type { Io } from '../io.ts';
import { checkTheoremFile } from '../theorem/check.ts';

export async function checkCommand(files: readonly string[], io: Io): Promise<number> {
  let failed = false;
  for (const file of files) {
    const { problems, theorems } = await checkTheoremFile(file);
    for (const p of problems) io.err(`${p}\n`);
    if (problems.length > 0) failed = true;
    else io.out(`${file}: ok — ${theorems.length} theorem${theorems.length === 1 ? '' : 's'} (${theorems.map((t) => t.id).join(', ')})\n`);
  }
  return failed ? 2 : 0;
}
