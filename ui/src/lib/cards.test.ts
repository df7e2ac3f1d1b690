import { describe, expect, it } from 'vitest';
import type { CredentialCard } from './bindings/CredentialCard';
import { choicesOf, countByVerdict, filterCards, sortCards } from './cards';

function card(id: string, over: Partial<CredentialCard> = {}): CredentialCard {
  return {
    id,
    name: `Badge ${id}`,
    issuer: 'College',
    issued: null,
    expires: null,
    imported_at: '2026-01-01T00:00:00Z',
    format: 'ob3-vc2-data-integrity',
    kind: 'Open Badge 3.0',
    verdict: 'verified',
    reason: null,
    ...over,
  };
}

const cards = [
  card('a', { name: 'welding 2', issued: '2024-05-01T00:00:00Z', issuer: 'Zeta Institute' }),
  card('b', { name: 'Welding 10', issued: '2025-05-01T00:00:00Z', verdict: 'failed' }),
  card('c', { name: 'Arc safety', issued: null, imported_at: '2026-02-01T00:00:00Z', issuer: null, format: 'ob2-hosted', kind: 'Open Badge 2.0' }),
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
  const none = { issuer: null, kind: null, verdict: null, matches: null };
  it('keeps everything without a filter', () => {
    expect(filterCards(cards, none)).toHaveLength(3);
  });
  it('narrows by issuer, type, verdict and search matches together', () => {
    expect(filterCards(cards, { ...none, issuer: 'College' }).map((c) => c.id)).toEqual(['b']);
    expect(filterCards(cards, { ...none, verdict: 'failed' }).map((c) => c.id)).toEqual(['b']);
    expect(filterCards(cards, { ...none, kind: 'Open Badge 2.0' }).map((c) => c.id)).toEqual(['c']);
    expect(filterCards(cards, { ...none, matches: new Set(['a', 'c']) }).map((c) => c.id)).toEqual(['a', 'c']);
    expect(filterCards(cards, { issuer: 'College', kind: null, verdict: 'verified', matches: null })).toEqual([]);
  });
  it('lists the issuers and types, and counts the verdicts', () => {
    expect(choicesOf(cards, 'issuer')).toEqual(['College', 'Zeta Institute']);
    expect(choicesOf(cards, 'kind')).toEqual(['Open Badge 2.0', 'Open Badge 3.0']);
    expect(countByVerdict(cards)).toEqual({ verified: 2, warning: 0, failed: 1, unknown: 0 });
  });
});
