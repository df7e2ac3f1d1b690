import { describe, expect, it } from 'vitest';
import { fetchSealed, fromBase64Url, locate, open, ShareProblem } from './share';

const ID = 'AbCdEfGhIjKlMnOpQrStUv';
const KEY = 'A'.repeat(43); // 32 zero bytes, base64url without padding

function kind(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ShareProblem) return e.problem.kind;
    throw e;
  }
  return 'ok';
}

async function kindOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof ShareProblem) return e.problem.kind;
    throw e;
  }
}

/// Seals as cairn-core's envelope does: CRN\x01 ‖ nonce ‖ AES-256-GCM(header as AAD).
async function seal(key: Uint8Array, plain: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const header = new Uint8Array([0x43, 0x52, 0x4e, 0x01]);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const aes = await crypto.subtle.importKey('raw', key.slice(), 'AES-GCM', false, ['encrypt']);
  const body = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: header }, aes, plain));
  return new Uint8Array([...header, ...iv, ...body]);
}

describe('locate', () => {
  it('reads the id from the path and the key from the fragment', () => {
    const found = locate(`/s/${ID}`, `#k=${KEY}`);
    expect(found.id).toBe(ID);
    expect(Array.from(found.key)).toEqual(new Array(32).fill(0));
    expect(locate(`/s/${ID}/`, `#x=1&k=${KEY}`).id).toBe(ID);
  });

  it('names what is wrong with a link', () => {
    expect(kind(() => locate(`/s/${ID}`, ''))).toBe('no-key');
    expect(kind(() => locate(`/s/${ID}`, '#k='))).toBe('no-key');
    expect(kind(() => locate(`/s/${ID}`, '#k=short'))).toBe('cannot-decrypt');
    expect(kind(() => locate(`/s/${ID}`, `#k=${KEY.slice(1)}!`))).toBe('cannot-decrypt');
    expect(kind(() => locate('/s/../etc', `#k=${KEY}`))).toBe('bad-link');
    expect(kind(() => locate('/', `#k=${KEY}`))).toBe('bad-link');
  });

  it('decodes base64url and refuses other alphabets', () => {
    expect(Array.from(fromBase64Url('_-8') ?? [])).toEqual([0xff, 0xef]);
    expect(fromBase64Url('a+b/')).toBeNull();
  });
});

describe('open', () => {
  const key = new Uint8Array(32).fill(9);
  const plain = new TextEncoder().encode('{"cairn_share":1}');

  it('decrypts an envelope sealed under the key', async () => {
    const opened = await open(key, await seal(key, plain));
    expect(new TextDecoder().decode(opened)).toBe('{"cairn_share":1}');
  });

  it('refuses a wrong key, a changed byte, another header and a short blob alike', async () => {
    const sealed = await seal(key, plain);
    expect(await kindOf(open(new Uint8Array(32), sealed))).toBe('cannot-decrypt');
    const changed = sealed.slice();
    changed[changed.length - 1] ^= 1;
    expect(await kindOf(open(key, changed))).toBe('cannot-decrypt');
    const other = sealed.slice();
    other[3] = 2;
    expect(await kindOf(open(key, other))).toBe('cannot-decrypt');
    expect(await kindOf(open(key, sealed.slice(0, 20)))).toBe('cannot-decrypt');
  });
});

describe('fetchSealed', () => {
  const answer = (status: number) => (async () => new Response(status === 200 ? 'blob' : '{}', { status })) as typeof fetch;

  it('maps the relay answers to pages', async () => {
    expect(await kindOf(fetchSealed(ID, answer(404)))).toBe('not-found');
    expect(await kindOf(fetchSealed(ID, answer(410)))).toBe('gone');
    expect(await kindOf(fetchSealed(ID, answer(503)))).toBe('unreachable');
    const refused = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    expect(await kindOf(fetchSealed(ID, refused))).toBe('unreachable');
    expect(new TextDecoder().decode(await fetchSealed(ID, answer(200)))).toBe('blob');
  });
});
