import { describe, expect, it } from 'vitest';
import { enableProfile, profileEntries, profileTheorem, timed } from '../../src/profile.ts';

describe('run profile', () => {
  it('records nothing unless enabled, then self time per theorem and nested phase path', () => {
    enableProfile(false);
    expect(timed('training', () => 7)).toBe(7);
    expect(profileEntries()).toEqual([]);
    enableProfile();
    profileTheorem('A');
    timed('shrinking', () => {
      timed('training', () => undefined);
      timed('training', () => undefined);
    });
    timed('training', () => undefined);
    profileTheorem('B');
    expect(() => timed('certification', () => {
      throw new Error('boom');
    })).toThrow('boom');
    const entries = profileEntries().map(({ theorem, phase, calls }) => `${theorem} ${phase} ${calls}`).sort();
    expect(entries).toEqual(['A shrinking 1', 'A shrinking/training 2', 'A training 1', 'B certification 1']);
    expect(profileEntries().every((e) => e.seconds >= 0)).toBe(true);
    enableProfile(false);
  });
});
