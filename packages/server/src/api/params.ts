import { parseQueryString } from '../tracking/request.js';

/**
 * Reporting API parameters: query and form body merged (query wins, as in PHP's $_GET + $_POST), with
 * PHP's array syntax `urls[0]=a&urls[1]=b` collected into lists.
 */
export interface ApiParams {
  get(name: string): string | undefined;
  /** `name[0]`, `name[1]`… or `name[]` values, in index order. */
  list(name: string): string[];
  readonly all: Readonly<Record<string, string>>;
}

export function apiParams(rawQuery: string, body: string): ApiParams {
  const all = { ...parseQueryString(body), ...parseQueryString(rawQuery) };
  return paramsFrom(all);
}

export function paramsFrom(all: Record<string, string>): ApiParams {
  return {
    all,
    get: (name) => all[name],
    list: (name) => {
      const indexed: [number, string][] = [];
      for (const [k, v] of Object.entries(all)) {
        if (!k.startsWith(`${name}[`) || !k.endsWith(']')) continue;
        const inner = k.slice(name.length + 1, -1);
        indexed.push([inner === '' ? indexed.length : Number(inner), v]);
      }
      return indexed.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
    },
  };
}
