// Runs the CLI in-process (main() returns the exit code) and captures its output.
import type { Io } from '../../../src/io.ts';
import { main } from '../../../src/cli/main.ts';

export async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), isTty: false };
  const code = await main(argv, io);
  return { code, out, err };
}

/** Runs `body` with these environment variables set (as a job engine would set them), then removes them. */
export async function withEnv<T>(vars: Record<string, string>, body: () => Promise<T>): Promise<T> {
  Object.assign(process.env, vars);
  try {
    return await body();
  } finally {
    for (const k of Object.keys(vars)) delete process.env[k];
  }
}
