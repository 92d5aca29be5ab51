import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const source = readFileSync(new URL('../src/config.ts', import.meta.url), 'utf8');
const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe('README configuration table', () => {
  it('documents every environment variable the server reads (config.ts is the only reader)', () => {
    const read = [...new Set([...source.matchAll(/env(?:\[|,\s*)'([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]))].sort();
    const documented = new Set([...readme.matchAll(/^\|\s*`([A-Z][A-Z0-9_]+)`\s*\|/gm)].map((m) => m[1]));
    expect(read.length).toBeGreaterThan(15);
    expect(read.filter((name) => !documented.has(name))).toEqual([]);
  });
});
