// Runs the CLI in-process (main() returns the exit code) and captures its output.
import type { Io } from '../../../src/cli/io.ts';
import { main } from '../../../src/cli/main.ts';

export async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), isTty: false };
  const code = await main(argv, io);
  return { code, out, err };
}
