import { parsePeriodSelection, periodBounds } from '@sillage/core';
import { siteOrThrow } from '../../reports/request.js';
import { siteIdParam } from '../args.js';
import type { ApiMethod } from '../context.js';

/**
 * CustomDimensions.getConfiguredCustomDimensions: Sillage has no per-site dimension configuration —
 * values are recorded as trackers send them (dimension1=…) — so the "configured" dimensions are the ids
 * that carry a value in the site's events: over the period when one is given (period + date), else over
 * all the site's events. Rows have Matomo's shape so Matomo clients can iterate them; each id then has
 * its report in CustomDimensions.getCustomDimension (idDimension=<id>).
 */
export const getConfiguredCustomDimensions: ApiMethod = {
  name: 'CustomDimensions.getConfiguredCustomDimensions',
  access: { kind: 'site', role: 'view', publicDashboard: true },
  async run(ctx) {
    const site = await siteOrThrow(ctx.deps.sites, siteIdParam(ctx.params));
    const period = ctx.params.get('period');
    const date = ctx.params.get('date');
    let from = 0;
    let to = 4_294_967_295;
    if (period && date) {
      const sel = parsePeriodSelection(period, date, site.timezone, ctx.deps.now());
      from = Math.floor(periodBounds(sel.periods[0]!, site.timezone).from / 1000);
      to = Math.ceil(periodBounds(sel.periods[sel.periods.length - 1]!, site.timezone).to / 1000);
    }
    const rows = await ctx.deps.events.query<{ id: number | string }>(
      `SELECT DISTINCT k AS id FROM sillage.events ARRAY JOIN mapKeys(dimensions) AS k
       WHERE site_id = {site:UInt32} AND ts >= toDateTime({from:UInt32}) AND ts < toDateTime({to:UInt32}) AND dimensions[k] != ''
       ORDER BY id`,
      { site: site.id, from, to },
    );
    return {
      kind: 'rows',
      rows: rows.map(({ id }) => ({
        idcustomdimension: Number(id),
        idsite: site.id,
        name: `Dimension ${Number(id)}`,
        index: Number(id),
        // Reports count each visit once with its last value (CustomDimensions.getCustomDimension).
        scope: 'visit',
        active: true,
        case_sensitive: true,
      })),
    };
  },
};
