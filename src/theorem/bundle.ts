// Loading a user's theorem file, wherever it lies and in whatever module mode:
// the file and the relative imports it makes are bundled by esbuild into one
// ES module; `nc-check` is pointed at this very library (one module instance:
// the theorems a user defines are the ones the engine runs) and other packages
// at the copies the user's folder resolves. A syntax error or an import that
// cannot be resolved comes back as `file:line:col message`, never a stack trace.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Message, type Plugin } from 'esbuild';
import { UsageError } from '../errors.ts';

/** This library's public entry (src/index.ts): what `import 'nc-check'` means in a theorem file. */
export const LIBRARY_ENTRY = new URL('../index.ts', import.meta.url);

export class TheoremFileError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'TheoremFileError';
  }
}

/** `file:line:col: message` (column 1-based), the file relative to the working directory. */
function located(m: Message): string {
  if (m.location === null) return m.text;
  return `${relative(process.cwd(), m.location.file) || m.location.file}:${m.location.line}:${m.location.column + 1}: ${m.text}`;
}

/** Folders of this package whose modules must keep one instance: imported where they lie, never copied into a bundle. */
const LIBRARY_FOLDERS = [fileURLToPath(new URL('..', import.meta.url)), fileURLToPath(new URL('../../theorems/', import.meta.url))];

function isShared(path: string): boolean {
  return LIBRARY_FOLDERS.some((f) => path.startsWith(f)) || path.split(sep).includes('node_modules');
}

/**
 * The user's own files are bundled; `nc-check` is this library's entry, and
 * packages, built-in modules and this library's own files are imported from
 * where they lie (same module instances as the engine's).
 */
function externals(): Plugin {
  return {
    name: 'nc-check-externals',
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === 'resolving' || args.kind === 'entry-point') return undefined;
        if (args.path === 'nc-check') return { path: LIBRARY_ENTRY.href, external: true };
        if (args.path.startsWith('nc-check/')) return { errors: [{ text: `"${args.path}": nc-check has one entry point; import from "nc-check"` }] };
        if (args.path.startsWith('node:') || builtinModules.includes(args.path)) return { path: args.path, external: true };
        const r = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'resolving' });
        if (r.errors.length > 0) return { errors: r.errors.map((e) => ({ ...e, text: `cannot resolve the import "${args.path}"${e.text.startsWith('Could not resolve') ? '' : ` (${e.text})`}` })) };
        if (r.external || !isShared(r.path)) return undefined;
        return { path: pathToFileURL(r.path).href, external: true };
      });
    },
  };
}

/** Bundles the file into one ES module (in the temp folder) and returns its URL. */
export async function bundleTheoremFile(path: string): Promise<string> {
  let code: string;
  try {
    const result = await build({
      entryPoints: [path],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      write: false,
      sourcemap: 'inline',
      logLevel: 'silent',
      absWorkingDir: dirname(path),
      plugins: [externals()],
    });
    code = result.outputFiles[0].text;
  } catch (e) {
    const errors = (e as { errors?: Message[] }).errors;
    if (errors !== undefined && errors.length > 0) throw new TheoremFileError(errors.map(located));
    throw e;
  }
  // One folder per user: a folder another user created in a shared /tmp is not writable (EACCES).
  const dir = join(tmpdir(), `nc-check-theorems-${process.getuid?.() ?? 'user'}`);
  const file = join(dir, `${createHash('sha256').update(path).update(code).digest('hex').slice(0, 16)}.mjs`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, code);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new UsageError(`${path}: cannot write its bundled module to ${dir} (${err.code ?? String(e)}); set TMPDIR to a writable folder`);
  }
  return pathToFileURL(file).href;
}
