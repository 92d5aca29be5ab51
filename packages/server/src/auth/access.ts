import type { MetaStore, Role } from '@sillage/storage';
import { hashToken, looksLikeToken } from './tokens.js';

/** Who is calling, as far as access rules are concerned. */
export interface Principal {
  readonly login: string;
  readonly superuser: boolean;
  /** site id → role */
  readonly roles: ReadonlyMap<number, Role>;
}

const RANK: Record<Role, number> = { view: 1, write: 2, admin: 3 };

/** The settings key of a site's "public dashboard" switch (saved by the site administration page). */
export const publicDashboardKey = (idSite: number) => `site.${idSite}.publicDashboard`;

export function hasRole(p: Principal | undefined, siteId: number, needed: Role): boolean {
  if (p === undefined) return false;
  if (p.superuser) return true;
  const role = p.roles.get(siteId);
  return role !== undefined && RANK[role] >= RANK[needed];
}

/**
 * Resolves API tokens to principals: the one access layer every route goes through. Tracking calls it
 * for every authenticated hit (log imports send thousands), so answers are cached briefly; a revoked
 * token stops working within `cacheMs`.
 */
export class AccessControl {
  private readonly cache = new Map<string, { principal: Principal | undefined; expires: number }>();
  private readonly publicSites = new Map<number, { isPublic: boolean; expires: number }>();

  constructor(
    private readonly meta: MetaStore,
    private readonly cacheMs = 5_000,
  ) {}

  async principalForToken(token: string | undefined, options: { fresh?: boolean } = {}): Promise<Principal | undefined> {
    if (token === undefined || token === '' || token === 'anonymous' || !looksLikeToken(token)) return undefined;
    const now = Date.now();
    if (!options.fresh) {
      const hit = this.cache.get(token);
      if (hit !== undefined && hit.expires > now) return hit.principal;
    }
    const principal = await this.load(token);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(token, { principal, expires: now + this.cacheMs });
    return principal;
  }

  /** Forgets every cached answer: after a revocation, a role change or a public-dashboard switch, so it applies at once. */
  clearCache(): void {
    this.cache.clear();
    this.publicSites.clear();
  }

  /**
   * Whether anyone, signed in or not, may view the site's reports (Matomo's "anonymous" user with view
   * access). Only ever grants 'view', and only through the rules that allow it (see api/dispatch.ts and
   * http/json-routes.ts): never the visits log, the visitor profile or an administration page.
   */
  async isPublicSite(idSite: number): Promise<boolean> {
    const now = Date.now();
    const hit = this.publicSites.get(idSite);
    if (hit !== undefined && hit.expires > now) return hit.isPublic;
    const isPublic = (await this.meta.settings.get<boolean>(publicDashboardKey(idSite))) === true;
    if (this.publicSites.size > 10_000) this.publicSites.clear();
    this.publicSites.set(idSite, { isPublic, expires: now + this.cacheMs });
    return isPublic;
  }

  private async load(token: string): Promise<Principal | undefined> {
    const record = await this.meta.tokens.findByHash(hashToken(token));
    if (record === undefined) return undefined;
    return this.principalForLogin(record.login);
  }

  /** The principal of a signed-in user (browser session); read fresh, so role changes apply at once. */
  async principalForLogin(login: string): Promise<Principal | undefined> {
    const user = await this.meta.users.get(login);
    if (user === undefined) return undefined;
    const roles = user.superuser ? new Map<number, Role>() : await this.meta.access.forUser(user.login);
    return { login: user.login, superuser: user.superuser, roles };
  }
}
