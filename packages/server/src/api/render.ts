import type { ApiOutcome, ApiResult, Row, Scalar } from './result.js';

/** JSON exactly as Matomo shapes it: empty results are `[]`, scalars `{"value":…}`, errors `{"result":"error",…}`. */
export function toJsonValue(result: ApiResult): unknown {
  switch (result.kind) {
    case 'scalar':
      return { value: result.value };
    case 'row':
      return result.row ?? [];
    case 'rows':
      return result.rows;
    case 'map':
      return Object.fromEntries(result.entries.map(([k, v]) => [k, toJsonValue(v)]));
    case 'success':
      return { result: 'success', message: result.message };
    case 'bulk':
      return result.results.map(outcomeJsonValue);
  }
}

export function outcomeJsonValue(outcome: ApiOutcome): unknown {
  return outcome.ok ? toJsonValue(outcome.result) : { result: 'error', message: outcome.message };
}

const XML_HEAD = '<?xml version="1.0" encoding="utf-8" ?>\n';

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function xmlScalar(v: Scalar): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? '1' : '0';
  return escapeXml(String(v));
}

/** Matomo's XML: tag names are column names; names that are not valid XML names become `<col name="…">`. */
function xmlFields(row: Row, indent: string): string {
  return Object.entries(row)
    .map(([k, v]) =>
      /^[A-Za-z_][\w.-]*$/.test(k) ? `${indent}<${k}>${xmlScalar(v)}</${k}>` : `${indent}<col name="${escapeXml(k)}">${xmlScalar(v)}</col>`,
    )
    .join('\n');
}

function xmlBody(result: ApiResult, tag: string, attrs: string, indent: string): string {
  const open = `${indent}<${tag}${attrs}`;
  switch (result.kind) {
    case 'scalar':
      return `${open}>${xmlScalar(result.value)}</${tag}>`;
    case 'row':
      return result.row === null || Object.keys(result.row).length === 0
        ? `${open} />`
        : `${open}>\n${xmlFields(result.row, `${indent}\t`)}\n${indent}</${tag}>`;
    case 'rows':
      if (result.rows.length === 0) return `${open} />`;
      return `${open}>\n${result.rows.map((r) => `${indent}\t<row>\n${xmlFields(r, `${indent}\t\t`)}\n${indent}\t</row>`).join('\n')}\n${indent}</${tag}>`;
    case 'map':
      return `${indent}<results>\n${result.entries
        .map(([k, v]) => xmlBody(v, 'result', ` ${result.keyName}="${escapeXml(k)}"`, `${indent}\t`))
        .join('\n')}\n${indent}</results>`;
    case 'success':
      return `${open}>\n${indent}\t<success message="${escapeXml(result.message)}" />\n${indent}</${tag}>`;
    case 'bulk':
      return `${indent}<results>\n${result.results
        .map((o) =>
          o.ok
            ? xmlBody(o.result, 'result', '', `${indent}\t`)
            : `${indent}\t<result>\n${indent}\t\t<error message="${escapeXml(o.message)}" />\n${indent}\t</result>`,
        )
        .join('\n')}\n${indent}</results>`;
  }
}

export function renderXml(outcome: ApiOutcome): string {
  if (!outcome.ok) return `${XML_HEAD}<result>\n\t<error message="${escapeXml(outcome.message)}" />\n</result>`;
  return XML_HEAD + xmlBody(outcome.result, 'result', '', '');
}

export function renderJson(outcome: ApiOutcome): string {
  return JSON.stringify(outcomeJsonValue(outcome));
}
