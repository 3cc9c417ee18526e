// The failure database's storage policy, on its own.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseId, MAX_CASES_PER_CLAUSE, NO_DB, openFailureDb, resolveDb, type Observation } from '../../../src/explore/failure-db.ts';
import type { RegimeRecord } from '../../../src/verify/results.ts';

const settings = { backend: 'cpu-f64', train: { optimizer: 'lbfgs' as const, gradientTolerance: 1e-13, maxIterations: 100, initScale: 0.5, restarts: 1, seed: 1 } };
const obs = (lambdaW: number, clause = 'frame'): Observation => ({
  theorem: 'T',
  clause,
  mode: 'outside',
  regime: { K: 3, n: 1, d: 2, lambdaW, lambdaH: 0.1 },
  hypothesisHolds: false,
  status: 'violated',
  margin: 1e6,
  settings,
});

describe('failure database', () => {
  it('keys cases by theorem, clause and regime, so the same failure found twice is one case', () => {
    const db = openFailureDb(mkdtempSync(join(tmpdir(), 'nc-db-')));
    const id = db.record(obs(0.1), new Date('2026-01-01'));
    expect(db.record(obs(0.1), new Date('2026-01-02'))).toBe(id);
    expect(id).toBe(caseId('T', 'frame', { lambdaH: 0.1, lambdaW: 0.1, K: 3, d: 2, n: 1 }));
    const [c] = db.list();
    expect(c).toMatchObject({ id, seen: 2, firstSeen: '2026-01-01T00:00:00.000Z', lastSeen: '2026-01-02T00:00:00.000Z' });
    expect(db.get(id.slice(0, 6)).id).toBe(id);
    expect(db.regimesFor('T', 'outside')).toEqual([obs(0.1).regime]);
    expect(db.regimesFor('T', 'inside')).toEqual([]);
  });

  it('keeps at most MAX_CASES_PER_CLAUSE per theorem, mode and clause, dropping the least recently seen', () => {
    const db = openFailureDb(mkdtempSync(join(tmpdir(), 'nc-db-')));
    const ids = Array.from({ length: MAX_CASES_PER_CLAUSE + 2 }, (_, i) => db.record(obs(0.01 * (i + 1)), new Date(Date.UTC(2026, 0, i + 1))));
    db.record(obs(0.5, 'other'));
    const kept = db.list().filter((c) => c.clause === 'frame').map((c) => c.id);
    expect(kept.sort()).toEqual(ids.slice(2).sort());
    expect(db.list().filter((c) => c.clause === 'other')).toHaveLength(1);
  });

  it('updates a failing case from a new record and removes one whose clause passes', () => {
    const db = openFailureDb(mkdtempSync(join(tmpdir(), 'nc-db-')));
    const a = db.record(obs(0.1, 'frame'));
    const b = db.record(obs(0.1, 'loss'));
    const record = {
      theorem: 'T',
      mode: 'outside',
      regime: obs(0.1).regime,
      hypothesisHolds: false,
      clauses: [
        { clause: 'frame', kind: 'equality', status: 'violated', margin: 2e6, reason: 'still' },
        { clause: 'loss', kind: 'equality', status: 'pass', margin: 0.1 },
      ],
    } as unknown as RegimeRecord;
    expect(db.update(record, settings)).toEqual({ removed: [b], kept: [a] });
    expect(db.list()).toHaveLength(1);
    expect(db.get(a)).toMatchObject({ margin: 2e6, reason: 'still', seen: 2 });
  });

  it('ignores foreign files, and can be disabled', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nc-db-'));
    const db = openFailureDb(dir);
    db.record(obs(0.1));
    writeFileSync(join(dir, 'T', 'junk.json'), '{');
    expect(db.list()).toHaveLength(1);
    expect(resolveDb(false)).toBe(NO_DB);
    expect(resolveDb(undefined, { NC_CHECK_DB: 'off' })).toBe(NO_DB);
    expect(resolveDb(undefined, { NC_CHECK_DB: dir }).dir).toBe(dir);
    expect(resolveDb(undefined, { XDG_CACHE_HOME: '/cache' }).dir).toMatch(/^\/cache\/nc-check\/[^/]+-[0-9a-f]{8}\/failures$/);
    expect(resolveDb(undefined, { HOME: '/home/u' }).dir).toMatch(/^\/home\/u\/\.cache\/nc-check\//);
    expect(() => NO_DB.get('abcd')).toThrow(/disabled/);
    expect(NO_DB.regimesFor('T', 'outside')).toEqual([]);
  });
});
