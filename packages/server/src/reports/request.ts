import type { PeriodSelection, QueryParamValue, ReportDefinition, SiteConfig } from '@sillage/core';
import { parsePeriodSelection, parseSegment, SillageError } from '@sillage/core';
import type { EventStore } from '@sillage/storage';
import type { SiteCache } from '../sites-cache.js';
import type { ReportAnswer } from './engine.js';
import { runReport } from './engine.js';

/** What both front doors (Matomo API, dashboard API) hand over to run one report. */
export interface ReportRequest {
  readonly idSite: number;
  readonly period: string;
  readonly date: string;
  readonly segment?: string;
  readonly params?: Readonly<Record<string, QueryParamValue>>;
}

export interface ReportDeps {
  readonly events: EventStore;
  readonly sites: SiteCache;
  readonly now: () => number;
}

export interface ReportOutcome {
  readonly site: SiteConfig;
  readonly selection: PeriodSelection;
  readonly answer: ReportAnswer;
}

export async function siteOrThrow(sites: SiteCache, idSite: number): Promise<SiteConfig> {
  const site = await sites.get(idSite);
  if (site === undefined) throw new SillageError('API_UNKNOWN_SITE', [idSite]);
  return site;
}

/** Parses period, date and segment in the site's timezone and runs the report. */
export async function runReportRequest(deps: ReportDeps, report: ReportDefinition, req: ReportRequest): Promise<ReportOutcome> {
  const site = await siteOrThrow(deps.sites, req.idSite);
  const selection = parsePeriodSelection(req.period, req.date, site.timezone, deps.now());
  const segment = parseSegment(req.segment ?? '');
  const answer = await runReport(deps.events, {
    report,
    siteId: req.idSite,
    timeZone: site.timezone,
    periods: selection.periods,
    segment,
    ...(req.params === undefined ? {} : { params: req.params }),
  });
  return { site, selection, answer };
}
