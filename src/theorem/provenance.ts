// How far a statement is confirmed, in the vocabulary of docs/theorems.md
// §0. Every report repeats the label; anything 'unverified' is flagged as such.

export type ProvenanceKind = 'quoted' | 'restated' | 'unverified' | 'derived' | 'numerically-checked' | 'empirical';

export interface Provenance {
  readonly kind: ProvenanceKind;
  /** Where it comes from (e.g. "THN23 Thm 2.1"). */
  readonly source?: string;
  /** An empirical claim whose source statement the reference marks [unverified: recalled statement, confirm against the paper]. */
  readonly unverified?: boolean;
}

const UNVERIFIED = '[unverified: recalled statement, confirm against the paper]';

export function provenanceLabel(p: Provenance): string {
  switch (p.kind) {
    case 'quoted':
      return `[quoted: ${p.source ?? 'source'}]`;
    case 'restated':
      return `[restated in ${p.source ?? 'a secondary source'}]`;
    case 'unverified':
      return UNVERIFIED;
    case 'derived':
      return '[derived here]';
    case 'numerically-checked':
      return '[numerically checked]';
    case 'empirical':
      return `[empirical${p.source === undefined ? '' : `: ${p.source}`}]${p.unverified === true ? ` ${UNVERIFIED}` : ''}`;
  }
}

export const quoted = (source: string): Provenance => ({ kind: 'quoted', source });
export const restated = (source: string): Provenance => ({ kind: 'restated', source });
export const unverified = (source?: string): Provenance => ({ kind: 'unverified', source });
export const derived = (source?: string): Provenance => ({ kind: 'derived', source });
export const empirical = (source: string, options: { unverified?: boolean } = {}): Provenance =>
  options.unverified === true ? { kind: 'empirical', source, unverified: true } : { kind: 'empirical', source };
