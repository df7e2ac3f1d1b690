// Summing up an import for the learner.
import type { ImportResult } from './bindings/ImportResult';

export type Summary = { imported: number; duplicate: number; error: number; headline: string };

export function summarize(results: ImportResult[]): Summary {
  const n = { imported: 0, duplicate: 0, error: 0 };
  for (const r of results) n[r.status] += 1;
  const plural = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;
  let headline: string;
  if (results.length === 0) headline = 'There was nothing to import there (no JSON, JWT, PNG or SVG files).';
  else if (n.error === 0 && n.duplicate === 0) headline = `Imported ${plural(n.imported, 'credential', 'credentials')}.`;
  else if (n.imported === 0 && n.error === 0) headline = 'Everything there is already in your wallet.';
  else
    headline = `Imported ${plural(n.imported, 'credential', 'credentials')}; ${plural(n.error, 'item was', 'items were')} not imported.`;
  return { ...n, headline };
}

/** The last part of a path, for the result list (the full path is in the tooltip). */
export function fileName(source: string): string {
  const parts = source.split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? source;
}
