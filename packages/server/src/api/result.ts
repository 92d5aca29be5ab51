/**
 * What a Reporting API method returns, before rendering. The shapes mirror Matomo's output kinds
 * (matomo-compat.md §6.3) so that one renderer per format covers every method.
 */
export type Scalar = string | number | boolean | null;
/** A cell is a value, or an inlined subtable (expanded=1). */
export type Cell = Scalar | readonly Row[];
export type Row = { readonly [column: string]: Cell };

export type ApiResult =
  /** `{"value": X}` in JSON, `<result>X</result>` in XML. */
  | { readonly kind: 'scalar'; readonly value: Scalar }
  /** A single-row report for one period; `null` = no data (Matomo renders `[]`). */
  | { readonly kind: 'row'; readonly row: Row | null }
  /** A multi-row report (or a list such as getSitesIdFromSiteUrl). */
  | { readonly kind: 'rows'; readonly rows: readonly Row[] }
  /** Several results keyed by period label or site id. */
  | { readonly kind: 'map'; readonly keyName: 'date' | 'idSite' | 'key'; readonly entries: ReadonlyArray<readonly [string, ApiResult]> }
  | { readonly kind: 'success'; readonly message: string }
  /** A list of other answers (API.getBulkRequest). */
  | { readonly kind: 'bulk'; readonly results: readonly ApiOutcome[] };

export type ApiOutcome =
  | { readonly ok: true; readonly result: ApiResult }
  | { readonly ok: false; readonly message: string; readonly status: number };
