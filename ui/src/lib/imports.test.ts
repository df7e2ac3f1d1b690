import { describe, expect, it } from 'vitest';
import type { ImportResult } from './bindings/ImportResult';
import { fileName, summarize } from './imports';

const r = (status: ImportResult['status']): ImportResult => ({ source: '/x/a.json', status, id: null, error: null });

describe('import summary', () => {
  it('counts each outcome and says it in one sentence', () => {
    const s = summarize([r('imported'), r('imported'), r('duplicate'), r('error')]);
    expect(s).toMatchObject({ imported: 2, duplicate: 1, error: 1 });
    expect(s.headline).toBe('Imported 2 credentials; 1 item was not imported.');
  });
  it('says when everything was already there, or nothing was found', () => {
    expect(summarize([r('duplicate')]).headline).toBe('Everything there is already in your wallet.');
    expect(summarize([]).headline).toMatch(/nothing to import/);
    expect(summarize([r('imported')]).headline).toBe('Imported 1 credential.');
  });
  it('shows file names of Unix and Windows paths', () => {
    expect(fileName('/home/ada/badges/weld.json')).toBe('weld.json');
    expect(fileName('C:\\Users\\ada\\b.png')).toBe('b.png');
    expect(fileName('pasted text')).toBe('pasted text');
  });
});
