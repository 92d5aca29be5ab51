import { SillageError } from '@sillage/core';
import type { NewSite, SiteRecord } from '@sillage/storage';
import type { FastifyInstance } from 'fastify';
import { hasRole } from '../auth/access.js';
import { registerJsonRoute } from '../http/json-routes.js';
import type { AdminDeps } from './deps.js';
import { bool, str, strList } from './deps.js';
import { publicDashboardKey, readGeneralSettings } from './settings-routes.js';

export function siteView(s: SiteRecord, publicDashboard: boolean) {
  return {
    id: s.id,
    name: s.name,
    mainUrl: s.mainUrl,
    urls: s.urls,
    timezone: s.timezone,
    currency: s.currency,
    excludedIps: s.excludedIps,
    excludedParameters: s.excludedParameters,
    excludedUserAgents: s.excludedUserAgents,
    siteSearchEnabled: s.siteSearchEnabled,
    siteSearchKeywordParameters: s.siteSearchKeywordParameters,
    siteSearchCategoryParameters: s.siteSearchCategoryParameters,
    ecommerce: s.ecommerce,
    privacyMode: s.privacyMode,
    privacy: s.privacy,
    publicDashboard,
    createdAt: s.createdAt.toISOString(),
  };
}

/** The editable fields of a site from a JSON body; absent fields are left as they are. */
function sitePatch(body: Record<string, unknown>): Partial<NewSite> {
  const patch: Partial<NewSite> = {};
  if (body['name'] !== undefined) patch.name = str(body, 'name', { max: 200 });
  const urls = strList(body, 'urls');
  if (urls !== undefined) patch.urls = urls;
  if (body['timezone'] !== undefined) patch.timezone = str(body, 'timezone', { max: 100 });
  if (body['currency'] !== undefined) patch.currency = str(body, 'currency', { max: 3 });
  for (const key of [
    'excludedIps',
    'excludedParameters',
    'excludedUserAgents',
    'siteSearchKeywordParameters',
    'siteSearchCategoryParameters',
  ] as const) {
    const list = strList(body, key);
    if (list !== undefined) patch[key] = list;
  }
  for (const key of ['siteSearchEnabled', 'ecommerce'] as const) {
    const b = bool(body, key);
    if (b !== undefined) patch[key] = b;
  }
  const privacy = body['privacy'];
  if (privacy !== undefined) {
    if (privacy === null || typeof privacy !== 'object' || Array.isArray(privacy))
      throw new SillageError('REQUEST_INVALID', [`privacy: expected an object`]);
    patch.privacy = privacy as NewSite['privacy'] & object;
  }
  return patch;
}

/** Sites: anyone signed in lists theirs; super users add; site admins edit. */
export function registerSiteRoutes(app: FastifyInstance, d: AdminDeps): void {
  const isPublic = async (id: number) => (await d.meta.settings.get<boolean>(publicDashboardKey(id))) === true;

  registerJsonRoute(app, d.auth, {
    method: 'GET',
    url: '/api/admin/sites',
    access: { kind: 'signed-in' },
    async handler({ principal }) {
      const sites = (await d.meta.sites.list()).filter((s) => hasRole(principal, s.id, 'view'));
      return { sites: await Promise.all(sites.map(async (s) => siteView(s, await isPublic(s.id)))) };
    },
  });

  registerJsonRoute(app, d.auth, {
    method: 'POST',
    url: '/api/admin/sites',
    access: { kind: 'superuser' },
    async handler({ principal, body }) {
      const patch = sitePatch(body);
      if (patch.name === undefined) throw new SillageError('REQUEST_INVALID', ['name is required']);
      if (patch.urls === undefined || patch.urls.length === 0) throw new SillageError('REQUEST_INVALID', ['urls is required']);
      // New sites start from the global defaults for the visits log and visitor profile.
      const general = await readGeneralSettings(d.meta);
      patch.privacy = { visitsLog: general.visitsLog, visitorProfile: general.visitorProfile, ...(patch.privacy ?? {}) };
      const site = await d.meta.sites.create(patch as NewSite);
      await d.meta.audit.append({ actor: principal?.login ?? '', action: 'site.created', details: { idSite: site.id, via: 'admin' } });
      return { site: siteView(site, false) };
    },
  });

  registerJsonRoute(app, d.auth, {
    method: 'GET',
    url: '/api/admin/sites/:idSite',
    access: { kind: 'site', role: 'view' },
    async handler({ idSite }) {
      const site = await d.meta.sites.get(idSite);
      if (site === undefined) throw new SillageError('SITE_NOT_FOUND', [idSite]);
      return { site: siteView(site, await isPublic(idSite)) };
    },
  });

  // What the dashboard needs to show a site's reports — also to an anonymous visitor of a public dashboard,
  // so only the fields a report page shows (no exclusions, no privacy settings).
  registerJsonRoute(app, d.auth, {
    method: 'GET',
    url: '/api/sites/:idSite',
    access: { kind: 'site', role: 'view', publicDashboard: true },
    async handler({ principal, idSite }) {
      const site = await d.meta.sites.get(idSite);
      if (site === undefined) throw new SillageError('SITE_NOT_FOUND', [idSite]);
      const role = principal === undefined ? null : principal.superuser ? 'admin' : (principal.roles.get(idSite) ?? null);
      return {
        site: { id: site.id, name: site.name, mainUrl: site.mainUrl, timezone: site.timezone, currency: site.currency, role },
        publicDashboard: await isPublic(idSite),
      };
    },
  });

  registerJsonRoute(app, d.auth, {
    method: 'PUT',
    url: '/api/admin/sites/:idSite',
    access: { kind: 'site', role: 'admin' },
    async handler({ principal, idSite, body }) {
      const site = await d.meta.sites.update(idSite, sitePatch(body));
      const publicDashboard = bool(body, 'publicDashboard');
      if (publicDashboard !== undefined) await d.meta.settings.set(publicDashboardKey(idSite), publicDashboard);
      d.sites.invalidate(idSite);
      // The access layer caches whether a site is public: a switched-off dashboard must close at once.
      if (publicDashboard !== undefined) d.access.clearCache();
      await d.meta.audit.append({ actor: principal?.login ?? '', action: 'site.updated', details: { idSite, fields: Object.keys(body) } });
      return { site: siteView(site, await isPublic(idSite)) };
    },
  });
}
