import { describe, expect, it } from 'vitest';
import type { CredentialCard } from './bindings/CredentialCard';
import { countByVerdict, filterCards, issuersOf, sortCards } from './cards';

function card(id: string, over: Partial<CredentialCard> = {}): CredentialCard {
  return {
    id,
    name: `Badge ${id}`,
    issuer: 'College',
    issued: null,
    expires: null,
    imported_at: '2026-01-01T00:00:00Z',
    format: 'ob3-vc2-data-integrity',
    verdict: 'verified',
    reason: null,
    ...over,
  };
}

const cards = [
  card('a', { name: 'welding 2', issued: '2024-05-01T00:00:00Z', issuer: 'Zeta Institute' }),
  card('b', { name: 'Welding 10', issued: '2025-05-01T00:00:00Z', verdict: 'failed' }),
  card('c', { name: 'Arc safety', issued: null, imported_at: '2026-02-01T00:00:00Z', issuer: null }),
];

describe('sorting', () => {
  it('by date puts the newest first, using the import date when there is no issue date', () => {
    expect(sortCards(cards, 'date').map((c) => c.id)).toEqual(['c', 'b', 'a']);
  });
  it('by name ignores case and reads numbers as numbers', () => {
    expect(sortCards(cards, 'name').map((c) => c.id)).toEqual(['c', 'a', 'b']);
  });
  it('by issuer puts credentials without one last', () => {
    expect(sortCards(cards, 'issuer').map((c) => c.id)).toEqual(['b', 'a', 'c']);
  });
  it('does not change the input', () => {
    sortCards(cards, 'name');
    expect(cards.map((c) => c.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('filtering', () => {
  const none = { issuer: null, verdict: null, matches: null };
  it('keeps everything without a filter', () => {
    expect(filterCards(cards, none)).toHaveLength(3);
  });
  it('narrows by issuer, verdict and search matches together', () => {
    expect(filterCards(cards, { ...none, issuer: 'College' }).map((c) => c.id)).toEqual(['b']);
    expect(filterCards(cards, { ...none, verdict: 'failed' }).map((c) => c.id)).toEqual(['b']);
    expect(filterCards(cards, { ...none, matches: new Set(['a', 'c']) }).map((c) => c.id)).toEqual(['a', 'c']);
    expect(filterCards(cards, { issuer: 'College', verdict: 'verified', matches: null })).toEqual([]);
  });
  it('lists the issuers and counts the verdicts', () => {
    expect(issuersOf(cards)).toEqual(['College', 'Zeta Institute']);
    expect(countByVerdict(cards)).toEqual({ verified: 2, warning: 0, failed: 1, unknown: 0 });
  });
});
