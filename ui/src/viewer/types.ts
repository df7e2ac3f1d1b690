// The JSON `open_share` returns (cairn-verify-wasm's `ViewedShare`).

export type Status = 'pass' | 'fail' | 'warn' | 'unknown' | 'skip';

export interface Check {
  id: string;
  status: Status;
  message: string;
}

export interface Display {
  name: string | null;
  issuer: string | null;
  image: string | null;
  description: string | null;
  criteria: string | null;
  criteria_url: string | null;
  achievement_type: string | null;
  issued: string | null;
  expires: string | null;
  alignments: { name: string; framework: string | null; code: string | null; url: string | null }[];
  tags: string[];
  results: { label: string | null; value: string }[];
  evidence: { name: string | null; description: string | null; narrative: string | null; url: string | null }[];
}

export interface Card {
  state: 'verified' | 'not_verified' | 'could_not_check';
  report: { verified: boolean; format: string; checks: Check[]; checked_at: string };
  display: Display;
}

/// A document verification wanted and the page has not fetched yet.
export interface Wanted {
  url: string;
  kind: string;
  max_bytes: number;
}

export interface ViewedShare {
  verified: boolean;
  expired: boolean;
  holder: string | null;
  title: string;
  note: string | null;
  presentation: { verified: boolean; holder: string | null; expires: string | null; checks: Check[] };
  cards: Card[];
  wanted: Wanted[];
}
