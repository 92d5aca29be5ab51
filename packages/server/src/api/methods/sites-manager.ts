import { SillageError } from '@sillage/core';
import type { NewSite, SiteRecord } from '@sillage/storage';
import { hasRole } from '../../auth/access.js';
import { boolParam, listParam, requireParam } from '../args.js';
import type { ApiMethod } from '../context.js';
import type { Row } from '../result.js';

/**
 * The SitesManager methods Matomo's log importer (import_logs.py) and simple clients call
 * (matomo-compat.md §8.2). Rows carry Matomo's column names with string values, as Matomo's database
 * layer returns them.
 */
export function siteRow(site: SiteRecord): Row {
  const flag = (b: boolean) => (b ? '1' : '0');
  return {
    idsite: String(site.id),
    name: site.name,
    main_url: site.mainUrl,
    ts_created: site.createdAt.toISOString().slice(0, 19).replace('T', ' '),
    ecommerce: flag(site.ecommerce),
    sitesearch: flag(site.siteSearchEnabled),
    sitesearch_keyword_parameters: site.siteSearchKeywordParameters.join(','),
    sitesearch_category_parameters: site.siteSearchCategoryParameters.join(','),
    timezone: site.timezone,
    currency: site.currency,
    exclude_unknown_urls: flag(site.excludeUnknownUrls),
    excluded_ips: site.excludedIps.join(','),
    excluded_parameters: site.excludedParameters.join(','),
    excluded_user_agents: site.excludedUserAgents.join(','),
    excluded_referrers: '',
    group: '',
    type: 'website',
    keep_url_fragment: flag(site.keepUrlFragment),
    privacy_mode: site.privacyMode,
  };
}

function hostOf(url: string): string {
  const trimmed = url.trim();
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`).hostname;
  } catch {
    throw new SillageError('API_INVALID_PARAMETER', ['url', url]);
  }
}

const getSiteFromId: ApiMethod = {
  name: 'SitesManager.getSiteFromId',
  access: { kind: 'site', role: 'view', publicDashboard: true },
  async run(ctx) {
    const id = Number(ctx.params.get('idSite'));
    const site = await ctx.deps.meta.sites.get(id);
    if (site === undefined) throw new SillageError('API_UNKNOWN_SITE', [id]);
    if (ctx.principal === undefined) {
      // An anonymous caller on a public dashboard: the exclusions (office IPs, internal agents) are not theirs to read.
      const { excluded_ips: _ips, excluded_parameters: _params, excluded_user_agents: _agents, ...rest } = siteRow(site);
      return { kind: 'row', row: rest };
    }
    return { kind: 'row', row: siteRow(site) };
  },
};

const getSitesIdFromSiteUrl: ApiMethod = {
  name: 'SitesManager.getSitesIdFromSiteUrl',
  access: { kind: 'some-view' },
  async run(ctx) {
    const sites = await ctx.deps.meta.sites.findByHost(hostOf(requireParam(ctx.params, 'url')));
    return {
      kind: 'rows',
      rows: sites.filter((s) => hasRole(ctx.principal, s.id, 'view')).map((s) => ({ idsite: String(s.id) })),
    };
  },
};

const getAllSites: ApiMethod = {
  name: 'SitesManager.getAllSites',
  access: { kind: 'superuser' },
  async run(ctx) {
    const sites = await ctx.deps.meta.sites.list();
    return { kind: 'map', keyName: 'key', entries: sites.map((s) => [String(s.id), { kind: 'row', row: siteRow(s) }] as const) };
  },
};

const getSitesWithAtLeastViewAccess: ApiMethod = {
  name: 'SitesManager.getSitesWithAtLeastViewAccess',
  access: { kind: 'some-view' },
  async run(ctx) {
    const sites = await ctx.deps.meta.sites.list();
    return { kind: 'rows', rows: sites.filter((s) => hasRole(ctx.principal, s.id, 'view')).map(siteRow) };
  },
};

const addSite: ApiMethod = {
  name: 'SitesManager.addSite',
  access: { kind: 'superuser' },
  async run(ctx) {
    const p = ctx.params;
    const input: NewSite = { name: requireParam(p, 'siteName'), urls: listParam(p, 'urls') };
    const tz = p.get('timezone');
    if (tz) input.timezone = tz;
    const currency = p.get('currency');
    if (currency) input.currency = currency;
    if (p.get('ecommerce') !== undefined) input.ecommerce = boolParam(p, 'ecommerce', false);
    if (p.get('siteSearch') !== undefined) input.siteSearchEnabled = boolParam(p, 'siteSearch', true);
    if (p.get('keepURLFragments') !== undefined) input.keepUrlFragment = p.get('keepURLFragments') === '1';
    if (p.get('excludeUnknownUrls') !== undefined) input.excludeUnknownUrls = boolParam(p, 'excludeUnknownUrls', false);
    const lists: ReadonlyArray<
      readonly [
        string,
        'excludedIps' | 'excludedParameters' | 'excludedUserAgents' | 'siteSearchKeywordParameters' | 'siteSearchCategoryParameters',
      ]
    > = [
      ['excludedIps', 'excludedIps'],
      ['excludedQueryParameters', 'excludedParameters'],
      ['excludedUserAgents', 'excludedUserAgents'],
      ['searchKeywordParameters', 'siteSearchKeywordParameters'],
      ['searchCategoryParameters', 'siteSearchCategoryParameters'],
    ];
    for (const [param, field] of lists) {
      const values = listParam(p, param);
      if (values.length > 0) input[field] = values;
    }
    try {
      const site = await ctx.deps.meta.sites.create(input);
      await ctx.deps.meta.audit.append({
        actor: ctx.principal?.login ?? 'anonymous',
        action: 'site.created',
        details: { idSite: site.id, via: 'api' },
      });
      return { kind: 'scalar', value: site.id };
    } catch (err) {
      if (err instanceof SillageError && err.code === 'SITE_INVALID')
        throw new SillageError('API_INVALID_PARAMETER', ['site', err.message]);
      throw err;
    }
  },
};

export const sitesManagerMethods: ApiMethod[] = [getSiteFromId, getSitesIdFromSiteUrl, getAllSites, getSitesWithAtLeastViewAccess, addSite];
