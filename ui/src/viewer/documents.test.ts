import { describe, expect, it } from 'vitest';
import { fetchDocument, MAX_DOCUMENTS, verifyInRounds, type Answer } from './documents';
import type { Wanted } from './types';

const want = (url: string, max_bytes = 1024): Wanted => ({ url, kind: 'did-document', max_bytes });

/// A fake `fetch` answering from `pages` (a missing URL fails like a CORS refusal),
/// recording what was asked and how.
function fakeFetch(pages: Record<string, string>) {
  const asked: { url: string; init: RequestInit | undefined }[] = [];
  const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    asked.push({ url, init });
    if (!(url in pages)) throw new TypeError('Failed to fetch');
    return new Response(pages[url], { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { fetcher, asked };
}

describe('fetchDocument', () => {
  it('fetches with GET and no cookies, and caps the size', async () => {
    const { fetcher, asked } = fakeFetch({ 'https://a.example/did.json': '{"id":"x"}' });
    const answer = await fetchDocument(want('https://a.example/did.json'), fetcher);
    expect(answer).toMatchObject({ outcome: 'answered', status: 200, body: '{"id":"x"}' });
    expect(asked[0].init).toMatchObject({ method: 'GET', credentials: 'omit', referrerPolicy: 'no-referrer' });

    const big = fakeFetch({ 'https://a.example/list': 'x'.repeat(2000) });
    expect(await fetchDocument(want('https://a.example/list', 1000), big.fetcher)).toEqual({ outcome: 'too_large' });
  });

  it('reports a refused fetch as unreachable', async () => {
    const { fetcher } = fakeFetch({});
    const answer = await fetchDocument(want('https://blocked.example/did.json'), fetcher);
    expect(answer.outcome).toBe('unreachable');
  });
});

describe('verifyInRounds', () => {
  it('fetches what each round wants until nothing new is wanted', async () => {
    // Round 1 wants the DID document; with it, the status list; then nothing.
    const needs = ['https://a.example/did.json', 'https://a.example/status/1'];
    const { fetcher, asked } = fakeFetch({ [needs[0]]: '{}', [needs[1]]: '{}' });
    const calls: Record<string, Answer>[] = [];
    const result = await verifyInRounds((fetched) => {
      const answers: Record<string, Answer> = fetched ? JSON.parse(fetched) : {};
      calls.push(answers);
      const next = needs.find((u) => !(u in answers));
      return { wanted: next ? [want(next)] : [] };
    }, fetcher);
    expect(result.wanted).toEqual([]);
    expect(calls.length).toBe(3);
    expect(asked.map((a) => a.url)).toEqual(needs);
    expect(calls[2][needs[1]].outcome).toBe('answered');
  });

  it('stops at the document budget and answers the rest not_fetched', async () => {
    const urls = Array.from({ length: MAX_DOCUMENTS + 5 }, (_, i) => `https://a.example/${i}`);
    const { fetcher, asked } = fakeFetch(Object.fromEntries(urls.map((u) => [u, '{}'])));
    let last: Record<string, Answer> = {};
    await verifyInRounds((fetched) => {
      last = fetched ? JSON.parse(fetched) : {};
      return { wanted: urls.filter((u) => !(u in last)).map((u) => want(u)) };
    }, fetcher);
    expect(asked.length).toBe(MAX_DOCUMENTS);
    expect(Object.values(last).filter((a) => a.outcome === 'not_fetched').length).toBe(5);
  });

  it('never asks for more than the rounds allow', async () => {
    let n = 0;
    const { fetcher, asked } = fakeFetch({});
    await verifyInRounds(() => ({ wanted: [want(`https://a.example/${n++}`)] }), fetcher);
    expect(asked.length).toBe(3);
  });
});
