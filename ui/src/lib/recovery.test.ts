import { describe, expect, it } from 'vitest';
import { lastGroup, sameGroup } from './recovery';

describe('recovery code confirmation', () => {
  it('takes the group after the last dash', () => {
    expect(lastGroup('ABCD-EFGH-JK')).toBe('JK');
  });
  it('accepts the group however it is typed', () => {
    expect(sameGroup(' jk ', 'JK')).toBe(true);
    expect(sameGroup('o1', '01')).toBe(true);
    expect(sameGroup('JX', 'JK')).toBe(false);
    expect(sameGroup('', '')).toBe(false);
  });
});
