import { describe, expect, it } from 'vitest';
import { cleanText, truncateCodePoints } from '../src/tracking/text.js';

// The full clean-up, without cleanText's shortcut for values that are already clean.
function cleanTextReference(value: string, maxLength: number): string {
  const window = maxLength * 4 + 16;
  const start = value.trimStart();
  let text = start.length > window ? start.slice(0, window) : start;
  text = text
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    .trim();
  return truncateCodePoints(text, maxLength);
}

describe('cleanText', () => {
  it.each([
    ['clean text is kept as it is', 'Analytics without cookies', 255, 'Analytics without cookies'],
    ['blanks at both ends go', '  padded \t', 255, 'padded'],
    ['controls go', 'a\u0000b\u0007c\u009f', 255, 'abc'],
    ['a lone surrogate becomes U+FFFD', 'x\ud800y', 255, 'x\ufffdy'],
    ['a pair is kept and counts once', '🚀🚀🚀', 2, '🚀🚀'],
    ['cut to the limit', 'abcdef', 3, 'abc'],
    ['no-break space at the end is trimmed', 'abc\u00a0', 255, 'abc'],
  ] as const)('%s', (_label, input, max, expected) => {
    expect(cleanText(input, max)).toBe(expected);
  });

  it('gives the same answer as the full clean-up on random text', () => {
    const alphabet = ['a', 'é', ' ', '\t', '\n', '\u0000', '\u0085', '\u00a0', '\ud83d', '\ude80', '🚀', '\u2028', '\ufeff', 'Z', '/'];
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    for (let n = 0; n < 5_000; n++) {
      const length = Math.floor(random() * 12);
      let text = '';
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      const max = 1 + Math.floor(random() * 10);
      expect(cleanText(text, max)).toBe(cleanTextReference(text, max));
    }
  });
});
