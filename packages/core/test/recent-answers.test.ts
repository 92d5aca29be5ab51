import { describe, expect, it } from 'vitest';
import { rememberRecentAnswers } from '../src/util/recent-answers.js';

describe('rememberRecentAnswers', () => {
  function counted<T>(fn: (s: string) => T) {
    const calls: string[] = [];
    const call = (s: string) => {
      calls.push(s);
      return fn(s);
    };
    return { calls, fn: call };
  }

  it('computes each input once while it is remembered, undefined answers included', () => {
    const { calls, fn } = counted((s) => (s === 'none' ? undefined : s.toUpperCase()));
    const remembered = rememberRecentAnswers(fn, 10, 100);
    expect([remembered('a'), remembered('a'), remembered('none'), remembered('none'), remembered('b')]).toEqual([
      'A',
      'A',
      undefined,
      undefined,
      'B',
    ]);
    expect(calls).toEqual(['a', 'none', 'b']);
  });

  it('never keeps inputs longer than the limit', () => {
    const { calls, fn } = counted((s) => s.length);
    const remembered = rememberRecentAnswers(fn, 10, 3);
    expect([remembered('abcd'), remembered('abcd'), remembered('abc'), remembered('abc')]).toEqual([4, 4, 3, 3]);
    expect(calls).toEqual(['abcd', 'abcd', 'abc']);
  });

  it('forgets everything once full, and still answers right', () => {
    const { calls, fn } = counted((s) => `<${s}>`);
    const remembered = rememberRecentAnswers(fn, 2, 100);
    remembered('a');
    remembered('b');
    // Full: 'c' clears the memory, so 'a' is computed again, 'c' is not.
    expect(remembered('c')).toBe('<c>');
    expect(remembered('c')).toBe('<c>');
    expect(remembered('a')).toBe('<a>');
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });
});
