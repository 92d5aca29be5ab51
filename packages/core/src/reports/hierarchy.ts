/**
 * Hierarchical reports (matomo-compat.md §6.4): page URLs are a tree of folders by path segment — folder
 * labels have no leading slash ("store"), leaves start with one ("/page"), the site root is "/index";
 * outlinks and downloads are grouped by host with a subtable of paths. Built from the flat rows the SQL
 * returns (one per full URL), so every level sums exactly its leaves.
 */

/** One row of a report table, before rendering. */
export interface ReportRow {
  label: string;
  values: Record<string, number>;
  metadata: Record<string, string | number>;
  children?: ReportRow[];
  /** Set on rows with children, unique within one answer (Matomo's idsubdatatable). */
  idsubdatatable?: number;
}

/** Path and query of a URL, without scheme and host. */
function pathOf(url: string): { host: string; path: string } {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)([^#]*)/i.exec(url);
  if (m === null) return { host: '', path: url.startsWith('/') ? url : `/${url}` };
  return { host: m[1]!.toLowerCase(), path: m[2] === '' ? '/' : m[2]! };
}

/** Labels from the top of the tree to the leaf, e.g. "https://x/a/b?q" → ["a", "/b?q"]. */
export function urlLabelPath(url: string): string[] {
  const { path } = pathOf(url);
  const q = path.search(/[?]/);
  const pathname = q === -1 ? path : path.slice(0, q);
  const query = q === -1 ? '' : path.slice(q);
  const parts = pathname.split('/').filter((p) => p !== '');
  const endsWithSlash = pathname.endsWith('/');
  if (parts.length === 0) return [`/index${query}`];
  if (endsWithSlash) return [...parts, `/index${query}`];
  const leaf = parts.pop()!;
  return [...parts, `/${leaf}${query}`];
}

export function hostLabelPath(url: string): string[] {
  const { host, path } = pathOf(url);
  return [host === '' ? 'Others' : host, path];
}

function addInto(target: Record<string, number>, source: Readonly<Record<string, number>>): void {
  for (const [k, v] of Object.entries(source)) target[k] = (target[k] ?? 0) + v;
}

/**
 * Builds the tree: each flat row is placed under its label path; folders sum their children. `leafMeta`
 * gives the leaf's metadata (its `url`, segment …).
 */
export function buildTree(
  flat: readonly { raw: string; values: Readonly<Record<string, number>> }[],
  labelPath: (raw: string) => string[],
  leafMeta: (raw: string) => Record<string, string | number>,
): ReportRow[] {
  const root: ReportRow = { label: '', values: {}, metadata: {}, children: [] };
  const index = new Map<ReportRow, Map<string, ReportRow>>();
  const childOf = (parent: ReportRow, label: string): ReportRow => {
    let map = index.get(parent);
    if (map === undefined) {
      map = new Map();
      index.set(parent, map);
    }
    let row = map.get(label);
    if (row === undefined) {
      row = { label, values: {}, metadata: {} };
      map.set(label, row);
      parent.children ??= [];
      parent.children.push(row);
    }
    return row;
  };
  for (const { raw, values } of flat) {
    const path = labelPath(raw);
    let node = root;
    for (let i = 0; i < path.length; i++) {
      node = childOf(node, path[i]!);
      addInto(node.values, values);
      if (i === path.length - 1) Object.assign(node.metadata, leafMeta(raw));
      else node.children ??= [];
    }
  }
  return root.children ?? [];
}

/** Numbers subtables in depth-first order (stable for the same data and sort). */
export function numberSubtables(rows: ReportRow[], start = 1): number {
  let next = start;
  const walk = (list: ReportRow[]) => {
    for (const row of list) {
      if (row.children !== undefined && row.children.length > 0) {
        row.idsubdatatable = next++;
        walk(row.children);
      }
    }
  };
  walk(rows);
  return next;
}

export function findSubtable(rows: readonly ReportRow[], id: number): ReportRow[] | undefined {
  for (const row of rows) {
    if (row.idsubdatatable === id) return row.children ?? [];
    if (row.children !== undefined) {
      const found = findSubtable(row.children, id);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * flat=1: every leaf with its full label. Matomo joins levels with "/" and drops the leaf's own leading
 * slash ("store" + "/cart" → "store/cart"; a top-level "/index" → "index").
 */
export function flattenTree(rows: readonly ReportRow[], prefix = ''): ReportRow[] {
  const out: ReportRow[] = [];
  for (const row of rows) {
    const own = row.label.startsWith('/') ? row.label.slice(1) : row.label;
    const label = prefix === '' ? own : `${prefix}/${own}`;
    if (row.children !== undefined && row.children.length > 0) out.push(...flattenTree(row.children, label));
    else out.push({ label, values: row.values, metadata: row.metadata });
  }
  return out;
}
