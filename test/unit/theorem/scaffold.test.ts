import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scaffold, scaffoldFileName } from '../../../src/theorem/scaffold.ts';

describe('nc-check new', () => {
  it('examples/authoring/my-claim.ts is the scaffold, unchanged', () => {
    expect(readFileSync('examples/authoring/my-claim.ts', 'utf8')).toBe(scaffold('MY-CLAIM'));
  });

  it('names the file after the id and refuses models it has no scaffold for', () => {
    expect(scaffoldFileName('MY-CLAIM')).toBe('my-claim.ts');
    expect(() => scaffold('X', 'ufm-ce')).toThrow(/no scaffold for this model.*ufm-mse/);
    expect(() => scaffold('bad id')).toThrow(/theorem id "bad id"/);
  });
});
