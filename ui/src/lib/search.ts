// Typing in a search box asks the core's full-text index once the typing pauses, and
// only the answer to the latest text is kept (an older, slower answer is dropped).
import { searchCredentials } from './api';

export const SEARCH_PAUSE_MS = 150;

/**
 * Returns `search(text)`: empty text clears at once (`onMatches(null)`); other text asks
 * `find` after a pause, and hands over its ids only if no newer text came meanwhile.
 */
export function debouncedSearch(
  onMatches: (ids: Set<string> | null) => void,
  onError: (message: string) => void,
  find: (text: string) => Promise<string[]> = searchCredentials,
): (text: string) => void {
  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (raw: string) => {
    const text = raw.trim();
    clearTimeout(timer);
    const mine = ++seq;
    if (!text) {
      onMatches(null);
      return;
    }
    timer = setTimeout(() => {
      find(text).then(
        (ids) => mine === seq && onMatches(new Set(ids)),
        (e: Error) => mine === seq && onError(e.message),
      );
    }, SEARCH_PAUSE_MS);
  };
}
