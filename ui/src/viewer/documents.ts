// Documents verification needs from the web (did:web DID documents, issuer profiles,
// status lists), fetched by this browser in rounds: the verifier (WASM, synchronous)
// lists what it wanted and lacked; the page fetches those and verifies again with
// them, until nothing new is wanted or the budget is spent. The verifier checks every
// URL and answer against cairn-core's network rules itself: nothing here is trusted
// to filter, this only keeps the page polite (GET, no cookies, bounded).

import type { Wanted } from './types';

/// Most documents fetched for one share, and most rounds (a status list's own issuer
/// key is a second round; a third covers a list signed by yet another did:web).
export const MAX_DOCUMENTS = 20;
export const MAX_ROUNDS = 3;
/// How long one document may take.
export const DOCUMENT_TIMEOUT_MS = 8_000;

/// What fetching one URL gave (cairn-verify-wasm's `fetched::Answer`).
export type Answer =
  | {
      outcome: 'answered';
      status: number;
      final_url: string;
      body: string;
      content_type: string | null;
      fetched_at: string;
    }
  | { outcome: 'unreachable'; detail: string }
  | { outcome: 'timeout'; seconds: number }
  | { outcome: 'too_large' }
  | { outcome: 'not_fetched' };

/// Fetches one document: GET, no cookies or referrer, capped at `wanted.max_bytes`.
export async function fetchDocument(wanted: Wanted, fetcher: typeof fetch = fetch): Promise<Answer> {
  const signal = AbortSignal.timeout(DOCUMENT_TIMEOUT_MS);
  try {
    const response = await fetcher(wanted.url, {
      method: 'GET',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      redirect: 'follow',
      mode: 'cors',
      signal,
    });
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > wanted.max_bytes) return { outcome: 'too_large' };
    const bytes = await readCapped(response, wanted.max_bytes);
    if (!bytes) return { outcome: 'too_large' };
    return {
      outcome: 'answered',
      status: response.status,
      final_url: response.url || wanted.url,
      body: new TextDecoder().decode(bytes),
      content_type: response.headers.get('content-type'),
      fetched_at: new Date().toISOString(),
    };
  } catch (e) {
    if (signal.aborted) return { outcome: 'timeout', seconds: DOCUMENT_TIMEOUT_MS / 1000 };
    return { outcome: 'unreachable', detail: String(e) };
  }
}

/// The body, or `null` when it is longer than `max` (reading stops there).
async function readCapped(response: Response, max: number): Promise<Uint8Array | null> {
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/// Verifies with `verify` (given the answers so far as JSON), fetching what it wants
/// between rounds. What is still wanted at the end is answered `not_fetched`, so its
/// checks say why they are unknown.
export async function verifyInRounds<T extends { wanted: Wanted[] }>(
  verify: (fetched: string) => T,
  fetcher: typeof fetch = fetch,
  onRound: (round: number) => void = () => {},
): Promise<T> {
  const answers: Record<string, Answer> = {};
  let fetched = 0;
  let result = verify('');
  for (let round = 1; round <= MAX_ROUNDS && result.wanted.length > 0; round++) {
    onRound(round);
    const fresh = result.wanted.filter((w) => !(w.url in answers));
    if (fresh.length === 0) break;
    await Promise.all(
      fresh.map(async (w) => {
        if (fetched >= MAX_DOCUMENTS) {
          answers[w.url] = { outcome: 'not_fetched' };
          return;
        }
        fetched++;
        answers[w.url] = await fetchDocument(w, fetcher);
      }),
    );
    result = verify(JSON.stringify(answers));
  }
  const left = result.wanted.filter((w) => !(w.url in answers));
  if (left.length > 0) {
    for (const w of left) answers[w.url] = { outcome: 'not_fetched' };
    result = verify(JSON.stringify(answers));
  }
  return result;
}
