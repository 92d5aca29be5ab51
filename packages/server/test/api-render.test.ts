import { describe, expect, it } from 'vitest';
import { renderJson, renderXml } from '../src/api/render.js';
import type { ApiOutcome } from '../src/api/result.js';

const ok = (result: Extract<ApiOutcome, { ok: true }>['result']): ApiOutcome => ({ ok: true, result });

describe('Reporting API renderers (Matomo shapes)', () => {
  it.each<[string, ApiOutcome, string, string]>([
    ['scalar', ok({ kind: 'scalar', value: '5.2.0' }), '{"value":"5.2.0"}', '<result>5.2.0</result>'],
    ['empty row', ok({ kind: 'row', row: null }), '[]', '<result />'],
    [
      'row',
      ok({ kind: 'row', row: { nb_visits: 2, bounce_rate: '50%' } }),
      '{"nb_visits":2,"bounce_rate":"50%"}',
      '<result>\n\t<nb_visits>2</nb_visits>\n\t<bounce_rate>50%</bounce_rate>\n</result>',
    ],
    [
      'rows',
      ok({ kind: 'rows', rows: [{ idsite: '1' }] }),
      '[{"idsite":"1"}]',
      '<result>\n\t<row>\n\t\t<idsite>1</idsite>\n\t</row>\n</result>',
    ],
    [
      'multi-period',
      ok({
        kind: 'map',
        keyName: 'date',
        entries: [
          ['2026-01-01', { kind: 'row', row: null }],
          ['2026-01-02', { kind: 'row', row: { nb_visits: 1 } }],
        ],
      }),
      '{"2026-01-01":[],"2026-01-02":{"nb_visits":1}}',
      '<results>\n\t<result date="2026-01-01" />\n\t<result date="2026-01-02">\n\t\t<nb_visits>1</nb_visits>\n\t</result>\n</results>',
    ],
    [
      'error',
      { ok: false, message: 'Bad <thing> & "quotes"', status: 200 },
      '{"result":"error","message":"Bad <thing> & \\"quotes\\""}',
      '<result>\n\t<error message="Bad &lt;thing&gt; &amp; &quot;quotes&quot;" />\n</result>',
    ],
  ])('%s', (_name, outcome, json, xml) => {
    expect(renderJson(outcome)).toBe(json);
    expect(renderXml(outcome)).toBe(`<?xml version="1.0" encoding="utf-8" ?>\n${xml}`);
  });
});
