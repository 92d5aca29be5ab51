/**
 * Remembers the answers of a pure function of a string for the strings seen lately. Tracking requests
 * repeat the same few values all day (the browser's Accept-Language, the referrer of a campaign), so
 * a parse that costs a fraction of a microsecond is worth skipping for every hit after the first.
 *
 * Bounded twice: inputs longer than `maxKeyLength` are never kept, and the whole memory is dropped
 * once it holds `maxEntries` answers. Dropping everything is cheaper than an LRU, and a miss only
 * costs one call of the function.
 */
export function rememberRecentAnswers<T>(compute: (input: string) => T, maxEntries: number, maxKeyLength: number): (input: string) => T {
  const answers = new Map<string, T>();
  return (input) => {
    if (input.length > maxKeyLength) return compute(input);
    const known = answers.get(input);
    if (known !== undefined || answers.has(input)) return known as T;
    const answer = compute(input);
    if (answers.size >= maxEntries) answers.clear();
    answers.set(input, answer);
    return answer;
  };
}
