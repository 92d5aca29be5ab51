import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_METHODS } from '../src/api/dispatch.js';

const doc = readFileSync(new URL('../../../docs/api-methods.md', import.meta.url), 'utf8');

describe('docs/api-methods.md', () => {
  it('lists exactly the methods the Reporting API serves', () => {
    const documented = [...doc.matchAll(/^\|\s*`([A-Za-z]+\.[A-Za-z]+)`\s*\|/gm)].map((m) => m[1]).sort();
    const served = [...API_METHODS.map((m) => m.name), 'API.getBulkRequest'].sort();
    expect(documented).toEqual(served);
  });
});
