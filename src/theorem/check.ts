// `nc-check check <file>`: what an author learns before running anything —
// the file type-checks against nc-check's types (TypeScript compiler API), and
// it loads and passes the load-time validation (a theorem exported, each
// consistent with its model). Every problem as `file:line:col: message`.
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { UsageError } from '../errors.ts';
import { LIBRARY_ENTRY } from './bundle.ts';
import type { Theorem } from './define.ts';
import { importTheoremFile } from './registry.ts';

export interface CheckResult {
  /** `file:line:col: message`, one per problem. */
  readonly problems: string[];
  readonly theorems: Theorem[];
}

/**
 * The types `import 'nc-check'` is checked against: the published declarations
 * of an installed package (built by `npm pack`), the sources in a checkout
 * (where a types/ folder left by a pack may be stale).
 */
function libraryTypes(): string {
  const entry = fileURLToPath(LIBRARY_ENTRY);
  const declarations = resolve(entry, '../../types/src/index.d.ts');
  return entry.split(sep).includes('node_modules') && existsSync(declarations) ? declarations : entry;
}

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  noEmit: true,
  allowImportingTsExtensions: true,
  allowJs: true,
  skipLibCheck: true,
  types: [],
};

const where = (file: string) => relative(process.cwd(), file) || file;

/** Type errors in the user's files (not in nc-check's own), as `file:line:col: message`. */
export function typeProblems(files: readonly string[]): string[] {
  const roots = files.map((f) => resolve(f));
  const program = ts.createProgram(roots, { ...OPTIONS, paths: { 'nc-check': [libraryTypes()] } });
  const own = resolve(fileURLToPath(LIBRARY_ENTRY), '../..');
  const problems: string[] = [];
  for (const source of program.getSourceFiles()) {
    if (source.fileName.startsWith(own) || source.fileName.includes('/node_modules/') || source.isDeclarationFile) continue;
    const js = /\.[cm]?js$/.test(source.fileName);
    const diagnostics = js ? program.getSyntacticDiagnostics(source) : ts.getPreEmitDiagnostics(program, source);
    for (const d of diagnostics) {
      const text = ts.flattenDiagnosticMessageText(d.messageText, ' ');
      if (d.file === undefined || d.start === undefined) {
        problems.push(`${where(source.fileName)}: ${text}`);
        continue;
      }
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      problems.push(`${where(d.file.fileName)}:${line + 1}:${character + 1}: ${text}`);
    }
  }
  return problems;
}

/** Where a theorem id is written in the file (its `id: '…'`), for messages about that theorem. */
function locate(file: string, id: string): string {
  const text = readFileSync(file, 'utf8');
  const at = [`'${id}'`, `"${id}"`, `\`${id}\``].map((q) => text.indexOf(q)).find((i) => i >= 0);
  if (at === undefined) return `${where(file)}:1:1`;
  const before = text.slice(0, at).split('\n');
  return `${where(file)}:${before.length}:${before[before.length - 1].length + 1}`;
}

export async function checkTheoremFile(file: string): Promise<CheckResult> {
  if (!existsSync(file)) throw new UsageError(`check ${file}: no such file`);
  const problems = /\.[cm]?[jt]s$/.test(file) ? typeProblems([file]) : [`${where(file)}:1:1: not a .ts, .mts, .js or .mjs file`];
  let theorems: Theorem[] = [];
  try {
    const loaded = await importTheoremFile(file);
    theorems = loaded.theorems;
    for (const b of loaded.broken) problems.push(b.id === file ? b.message : `${locate(file, b.id)}: theorem ${b.id}: ${b.message}`);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    // Syntax errors come back from the type check too (same position): report them once. Messages
    // without a position (no theorem exported) point at the file's start.
    for (const raw of e.message.split(/; (?=\S+:\d+:\d+: )/)) {
      const line = /^\S+:\d+:\d+: /.test(raw) ? raw : `${where(file)}:1:1: ${raw.replace(/^--theorems \S+: /, '')}`;
      if (!problems.some((p) => p.split(': ')[0] === line.split(': ')[0])) problems.push(line);
    }
  }
  return { problems, theorems };
}
