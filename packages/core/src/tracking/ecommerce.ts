/**
 * Ecommerce payloads: `ec_items` and the product-page `_pkc` category. Both are JSON sent by the JS
 * tracker; Matomo ignores a payload it cannot read instead of refusing the hit, and so do we.
 */
import type { EcommerceItem } from '../hit.js';
import { isPlainObject, parseDecimal, parseJson } from './params.js';
import { cleanText, MAX_LENGTH } from './text.js';

/** Matomo keeps up to 5 category levels per product. */
export const MAX_CATEGORIES = 5;
/** A bound on items per order, so a hostile payload cannot blow up one row. */
export const MAX_ITEMS = 1000;

/** Text of a JSON scalar (string or number); anything else is "". */
function scalarText(value: unknown, maxLength: number): string {
  if (typeof value === 'string') return cleanText(value, maxLength);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

function scalarNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') return parseDecimal(value);
  return undefined;
}

/** Categories from a string or an array of strings: non-empty, at most 5. */
export function toCategories(value: unknown): string[] {
  const list = Array.isArray(value) ? value.slice(0, MAX_CATEGORIES * 4) : [value];
  const out: string[] = [];
  for (const entry of list) {
    const text = scalarText(entry, MAX_LENGTH.item);
    if (text !== '') out.push(text);
    if (out.length === MAX_CATEGORIES) break;
  }
  return out;
}

/** `_pkc`: a plain category name or a JSON array of names. */
export function parseProductCategory(raw: string): string[] {
  const text = raw.trim();
  if (text.startsWith('[')) {
    const parsed = parseJson(text);
    if (Array.isArray(parsed)) return toCategories(parsed);
  }
  return toCategories(text);
}

/**
 * `ec_items`: JSON [[sku, name, category, price, quantity], …]. Items without a SKU are skipped; a
 * missing price is 0 and a missing quantity 1, as in Matomo. Objects keyed "0".."4" are accepted too,
 * because PHP's json_encode of a sparse array produces them. Invalid JSON gives undefined.
 */
export function parseEcommerceItems(raw: string): EcommerceItem[] | undefined {
  const parsed = parseJson(raw);
  const list = Array.isArray(parsed) ? parsed : isPlainObject(parsed) ? Object.values(parsed) : undefined;
  if (list === undefined) return undefined;
  const items: EcommerceItem[] = [];
  for (const entry of list) {
    if (items.length === MAX_ITEMS) break;
    const fields = Array.isArray(entry) ? entry : isPlainObject(entry) ? [0, 1, 2, 3, 4].map((i) => entry[String(i)]) : undefined;
    if (fields === undefined) continue;
    const sku = scalarText(fields[0], MAX_LENGTH.item);
    if (sku === '') continue;
    const quantity = scalarNumber(fields[4]);
    items.push({
      sku,
      name: scalarText(fields[1], MAX_LENGTH.item),
      category: toCategories(fields[2]),
      price: scalarNumber(fields[3]) ?? 0,
      quantity: quantity === undefined ? 1 : Math.trunc(quantity),
    });
  }
  return items;
}
