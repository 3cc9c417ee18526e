// The shared UFM clause builders live in src/theorem/ufm-clauses.ts (exported from the package as
// 'nc-check'); re-exported here for the built-in theorems' imports.
export * from '../src/theorem/ufm-clauses.ts';
