// Plain words for the report's check ids and statuses (DESIGN §3); the messages
// themselves come from cairn-core.
import type { Status } from './types';

const LABELS: Record<string, string> = {
  signature: "Learner's signature",
  holder: "Learner's key",
  expiry: 'Link still current',
  proof: "Issuer's signature",
  issuer: 'Issuer identity',
  validity: 'Dates',
  status: 'Not revoked',
  registry: 'Issuer registry',
  schema: 'Format',
};

const STATUS: Record<Status, string> = {
  pass: 'Passed',
  fail: 'Failed',
  warn: 'Warning',
  unknown: 'Could not check',
  skip: 'Not applicable',
};

export const checkLabel = (id: string): string => LABELS[id] ?? id;
export const statusWord = (status: Status): string => STATUS[status] ?? status;

/// A credential date as a reader expects it; text that is not a date stays as it is.
export function showDate(text: string | null): string | null {
  if (!text) return null;
  const when = new Date(text);
  if (Number.isNaN(when.getTime())) return text;
  return when.toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric' });
}
