// A passphrase strength hint from zxcvbn (Dropbox's estimator): it runs here, in
// the window, so the passphrase is never sent anywhere to be scored.
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

let factory: ZxcvbnFactory | null = null;

function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return factory;
}

export type Strength = {
  /** 0 (guessable in moments) … 4 (very hard to guess). */
  score: 0 | 1 | 2 | 3 | 4;
  label: string;
  /** What would make it stronger, when there is something to say. */
  hint: string;
};

const LABELS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;

/** Cairn accepts a passphrase from this score on. */
export const MIN_SCORE = 2;

export function strength(passphrase: string): Strength {
  if (passphrase.length === 0) return { score: 0, label: '', hint: '' };
  const result = estimator().check(passphrase.slice(0, 256));
  const score = result.score as Strength['score'];
  const hint =
    result.feedback.warning ??
    result.feedback.suggestions[0] ??
    (score < 3 ? 'Add another word or two: length beats symbols.' : '');
  return { score, label: LABELS[score], hint: hint ?? '' };
}
