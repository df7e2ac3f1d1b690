// Ordering and narrowing the list the core returned. The verdicts themselves come
// from the core; this only arranges what is shown.
import type { CredentialCard } from './bindings/CredentialCard';
import type { Verdict } from './bindings/Verdict';

export type SortKey = 'date' | 'name' | 'issuer';

export const VERDICT_LABEL: Record<Verdict, string> = {
  verified: 'Verified',
  warning: 'Warning',
  failed: 'Failed',
  unknown: 'Unknown',
};

export const VERDICTS: Verdict[] = ['verified', 'warning', 'failed', 'unknown'];

export type Filter = {
  issuer: string | null;
  /** The standard (`CredentialCard.kind`), e.g. `Open Badge 2.0`. */
  kind: string | null;
  verdict: Verdict | null;
  /** Ids the core's search matched; `null` when there is no search. */
  matches: Set<string> | null;
};

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

const dateOf = (c: CredentialCard) => c.issued ?? c.imported_at;

export function displayName(card: CredentialCard): string {
  return card.name ?? 'Untitled credential';
}

export function sortCards(cards: CredentialCard[], key: SortKey): CredentialCard[] {
  const sorted = [...cards];
  switch (key) {
    case 'date':
      // Newest first; ISO 8601 strings compare in time order.
      sorted.sort((a, b) => (dateOf(a) < dateOf(b) ? 1 : dateOf(a) > dateOf(b) ? -1 : 0));
      break;
    case 'name':
      sorted.sort((a, b) => collator.compare(displayName(a), displayName(b)));
      break;
    case 'issuer':
      sorted.sort(
        (a, b) =>
          collator.compare(a.issuer ?? '\uffff', b.issuer ?? '\uffff') ||
          collator.compare(displayName(a), displayName(b)),
      );
      break;
  }
  return sorted;
}

export function filterCards(cards: CredentialCard[], filter: Filter): CredentialCard[] {
  return cards.filter(
    (c) =>
      (filter.issuer === null || c.issuer === filter.issuer) &&
      (filter.kind === null || c.kind === filter.kind) &&
      (filter.verdict === null || c.verdict === filter.verdict) &&
      (filter.matches === null || filter.matches.has(c.id)),
  );
}

/** The issuers present, alphabetically, for the issuer filter. */
/** The different values of `field` among the cards, sorted: the choices of a filter. */
export function choicesOf(cards: CredentialCard[], field: 'issuer' | 'kind'): string[] {
  const values = new Set<string>();
  for (const c of cards) {
    const value = c[field];
    if (value) values.add(value);
  }
  return [...values].sort(collator.compare);
}

/** How many cards have each verdict. */
export function countByVerdict(cards: CredentialCard[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { verified: 0, warning: 0, failed: 0, unknown: 0 };
  for (const c of cards) counts[c.verdict] += 1;
  return counts;
}
