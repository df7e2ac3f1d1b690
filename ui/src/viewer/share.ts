// Fetching and decrypting a share in the registrar's browser. Mirrors
// cairn-core's `share::envelope`: `CRN\x01` ‖ 12-byte nonce ‖ AES-256-GCM
// ciphertext+tag, the 4-byte header as additional data. The key comes from the
// link's fragment, which the browser never sends to the relay.

const HEADER = [0x43, 0x52, 0x4e, 0x01]; // "CRN" 1
const NONCE_LEN = 12;
const TAG_LEN = 16;
/// The largest envelope opened (as cairn-core's MAX_ENVELOPE_BYTES).
export const MAX_ENVELOPE_BYTES = 8 * 1024 * 1024;
/// How long the relay may take to answer.
const FETCH_TIMEOUT_MS = 20_000;

/// Why a share cannot be shown; each kind has its own page.
export type Problem =
  | { kind: 'no-key' }
  | { kind: 'bad-link' }
  | { kind: 'cannot-decrypt' }
  | { kind: 'not-found' }
  | { kind: 'gone' }
  | { kind: 'unreachable'; detail: string }
  | { kind: 'unreadable'; detail: string }
  | { kind: 'not-a-presentation'; detail: string };

export class ShareProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.kind);
  }
}

export interface Located {
  id: string;
  key: Uint8Array;
}

/// Reads the share id from `/s/ID` and the key from `#k=KEY` (base64url, 32 bytes).
export function locate(pathname: string, hash: string): Located {
  const match = /^\/s\/([A-Za-z0-9_-]{22})\/?$/.exec(pathname);
  if (!match) throw new ShareProblem({ kind: 'bad-link' });
  const part = hash
    .replace(/^#/, '')
    .split('&')
    .find((p) => p.startsWith('k='));
  if (!part || part.length === 2) throw new ShareProblem({ kind: 'no-key' });
  const key = fromBase64Url(part.slice(2));
  if (!key || key.length !== 32) throw new ShareProblem({ kind: 'cannot-decrypt' });
  return { id: match[1], key };
}

export function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  try {
    const raw = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    return Uint8Array.from(raw, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/// Fetches the ciphertext from the relay that served this page.
export async function fetchSealed(id: string, fetcher: typeof fetch = fetch): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetcher(`/api/shares/${encodeURIComponent(id)}`, {
      cache: 'no-store',
      credentials: 'omit',
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
  } catch (e) {
    throw new ShareProblem({ kind: 'unreachable', detail: String(e) });
  }
  if (response.status === 404) throw new ShareProblem({ kind: 'not-found' });
  if (response.status === 410) throw new ShareProblem({ kind: 'gone' });
  if (!response.ok) {
    throw new ShareProblem({ kind: 'unreachable', detail: `the relay answered ${response.status}` });
  }
  const length = Number(response.headers.get('content-length') ?? '0');
  if (length > MAX_ENVELOPE_BYTES) throw new ShareProblem({ kind: 'cannot-decrypt' });
  const body = new Uint8Array(await response.arrayBuffer());
  if (body.length > MAX_ENVELOPE_BYTES) throw new ShareProblem({ kind: 'cannot-decrypt' });
  return body;
}

/// Decrypts an envelope; a wrong key, a changed byte or another format all fail alike.
export async function open(key: Uint8Array, sealed: Uint8Array): Promise<Uint8Array> {
  if (sealed.length < HEADER.length + NONCE_LEN + TAG_LEN || HEADER.some((b, i) => sealed[i] !== b)) {
    throw new ShareProblem({ kind: 'cannot-decrypt' });
  }
  const header = sealed.slice(0, HEADER.length);
  const iv = sealed.slice(HEADER.length, HEADER.length + NONCE_LEN);
  const body = sealed.slice(HEADER.length + NONCE_LEN);
  try {
    const aes = await crypto.subtle.importKey('raw', key.slice(), 'AES-GCM', false, ['decrypt']);
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: header }, aes, body);
    return new Uint8Array(plain);
  } catch {
    throw new ShareProblem({ kind: 'cannot-decrypt' });
  }
}
