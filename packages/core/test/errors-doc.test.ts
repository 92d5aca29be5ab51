import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, SillageError } from '../src/errors.js';

const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');

describe('error catalogue', () => {
  it('docs/errors.md lists exactly the codes of errors.ts, with their status and message', () => {
    const rows = [...doc.matchAll(/^\|\s*`([A-Z_]+)`\s*\|\s*(\d+)\s*\|\s*(.*?)\s*\|$/gm)].map((m) => [
      m[1],
      Number(m[2]),
      m[3]!.replace(/\\\|/g, '|'),
    ]);
    const expected = Object.entries(ERROR_CATALOGUE).map(([code, e]) => [code, e.status, e.message]);
    expect(rows).toEqual(expected);
  });

  it('fills placeholders in order and keeps the code', () => {
    const err = new SillageError('TRACKING_INVALID_PARAMETER', ['cid', 'must be 16 hex characters']);
    expect(err.message).toBe('Invalid tracking parameter cid: must be 16 hex characters');
    expect(err.code).toBe('TRACKING_INVALID_PARAMETER');
    expect(err.status).toBe(400);
  });
});
