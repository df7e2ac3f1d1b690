import { describe, expect, it } from 'vitest';
import { MIN_SCORE, strength } from './strength';

describe('passphrase strength', () => {
  it('calls a common password very weak and says why', () => {
    const s = strength('password');
    expect(s.score).toBe(0);
    expect(s.label).toBe('Very weak');
    expect(s.hint.length).toBeGreaterThan(0);
  });

  it('rates a long passphrase of unrelated words strong enough', () => {
    const s = strength('lantern-orbit-basil-quarry-hum');
    expect(s.score).toBeGreaterThanOrEqual(MIN_SCORE + 1);
  });

  it('says nothing about an empty field', () => {
    expect(strength('')).toEqual({ score: 0, label: '', hint: '' });
  });
});
