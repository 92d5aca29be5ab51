import type { ApiOutcome, ApiResult, Cell, Row, Scalar } from './result.js';

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

function xmlRows(rows: readonly Row[], indent: string): string {
  return rows.map((r) => `${indent}<row>\n${xmlFields(r, `${indent}\t`)}\n${indent}</row>`).join('\n');
}

function xmlCell(k: string, v: Cell, indent: string): string {
  if (Array.isArray(v)) return `${indent}<${k}>\n${xmlRows(v as readonly Row[], `${indent}\t`)}\n${indent}</${k}>`;
  return /^[A-Za-z_][\w.-]*$/.test(k)
    ? `${indent}<${k}>${xmlScalar(v as Scalar)}</${k}>`
    : `${indent}<col name="${escapeXml(k)}">${xmlScalar(v as Scalar)}</col>`;
}

/** Matomo's XML: tag names are column names; names that are not valid XML names become `<col name="…">`. */
function xmlFields(row: Row, indent: string): string {
  return Object.entries(row)
    .map(([k, v]) => xmlCell(k, v, indent))
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
      return `${open}>\n${xmlRows(result.rows, `${indent}\t`)}\n${indent}</${tag}>`;
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

/**
 * CSV and TSV as Matomo writes them: a header of every column seen, one line per row; multi-period
 * answers get a leading `date` column; subtables are left out. Values holding the separator, a quote or
 * a line break are quoted.
 */
export function renderDelimited(outcome: ApiOutcome, separator: ',' | '\t'): string {
  if (!outcome.ok) return `Error: ${outcome.message}`;
  const lines = delimitedRows(outcome.result);
  const columns: string[] = [];
  for (const row of lines) for (const k of Object.keys(row)) if (!columns.includes(k)) columns.push(k);
  const quote = (v: Cell | undefined): string => {
    if (v === undefined || v === null || Array.isArray(v)) return '';
    const s = typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
    return s.includes(separator) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  if (columns.length === 0) return '';
  return [columns.join(separator), ...lines.map((row) => columns.map((c) => quote(row[c])).join(separator))].join('\n');
}

function delimitedRows(result: ApiResult): Row[] {
  switch (result.kind) {
    case 'scalar':
      return [{ value: result.value }];
    case 'row':
      return result.row === null ? [] : [result.row];
    case 'rows':
      return [...result.rows];
    case 'map':
      return result.entries.flatMap(([key, inner]) => delimitedRows(inner).map((row) => ({ [result.keyName]: key, ...row })));
    case 'success':
      return [{ result: 'success', message: result.message }];
    case 'bulk':
      return result.results.flatMap((o) => (o.ok ? delimitedRows(o.result) : [{ error: o.message }]));
  }
}

/**
 * Matomo sends CSV/TSV as UTF-16LE with a byte order mark unless convertToUnicode=0, so spreadsheet
 * programs open accented text correctly.
 */
export function encodeDelimited(text: string, convertToUnicode: boolean): Buffer {
  if (!convertToUnicode) return Buffer.from(text, 'utf8');
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}
