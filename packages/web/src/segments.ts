/**
 * Matomo segment strings: conditions "dimension<op>value" joined by ";" (AND) and "," (OR, binding
 * tighter). Values are URL-encoded inside the segment, as Matomo expects.
 */
export const SEGMENT_OPERATORS = ['==', '!=', '=@', '!@', '=^', '=$', '>', '<', '>=', '<='] as const;
export type SegmentOperator = (typeof SEGMENT_OPERATORS)[number];

export interface Condition {
  dimension: string;
  operator: SegmentOperator;
  value: string;
}

/** AND of OR-groups. */
export type SegmentDef = Condition[][];

export const SEGMENT_DIMENSIONS = [
  'visitorType',
  'referrerType',
  'referrerName',
  'referrerKeyword',
  'countryCode',
  'regionCode',
  'city',
  'deviceType',
  'operatingSystemName',
  'browserName',
  'languageCode',
  'pageUrl',
  'pageTitle',
  'entryPageUrl',
  'exitPageUrl',
  'eventCategory',
  'eventAction',
  'visitDuration',
  'actions',
  'userId',
  'visitorId',
] as const;

export function buildSegment(def: SegmentDef): string {
  return def
    .map((group) =>
      group
        .filter((c) => c.dimension !== '' && c.value !== '')
        .map((c) => `${c.dimension}${c.operator}${encodeURIComponent(c.value)}`)
        .join(','),
    )
    .filter(Boolean)
    .join(';');
}

/** Parses a segment string back into conditions (for editing a saved segment). */
export function parseSegment(segment: string): SegmentDef {
  if (segment.trim() === '') return [];
  const ops = [...SEGMENT_OPERATORS].sort((a, b) => b.length - a.length);
  return segment.split(';').map((group) =>
    group.split(',').map((cond) => {
      let best: { i: number; op: SegmentOperator } | undefined;
      for (const op of ops) {
        const i = cond.indexOf(op);
        if (i > 0 && (best === undefined || i < best.i)) best = { i, op };
      }
      if (best === undefined) return { dimension: cond, operator: '==' as const, value: '' };
      let value = cond.slice(best.i + best.op.length);
      try {
        value = decodeURIComponent(value);
      } catch {
        // keep as typed
      }
      return { dimension: cond.slice(0, best.i), operator: best.op, value };
    }),
  );
}
