import type { EventStore, MetaStore, Role } from '@sillage/storage';
import type { Principal } from '../auth/access.js';
import type { SiteOptOutProbe } from '../optout/probe.js';
import type { SiteCache } from '../sites-cache.js';
import type { ApiParams } from './params.js';
import type { ApiResult } from './result.js';

export interface ApiDeps {
  readonly meta: MetaStore;
  readonly events: EventStore;
  readonly sites: SiteCache;
  readonly now: () => number;
  /** The compliance audit's opt-out check through the server's own routes (absent in bare test setups). */
  readonly optOutProbe?: SiteOptOutProbe;
}

export interface ApiContext {
  readonly params: ApiParams;
  readonly principal: Principal | undefined;
  readonly deps: ApiDeps;
}

/**
 * Who may call a method. The dispatcher checks this before any method runs — methods never check
 * access themselves, so no method can forget to.
 */
export type AccessRule =
  /**
   * `role` on the site named by idSite. `publicDashboard`: an anonymous caller may also call it on a site
   * whose dashboard is public (aggregated reports only — never the visits log or a visitor's profile).
   */
  | { readonly kind: 'site'; readonly role: Role; readonly publicDashboard?: boolean }
  | { readonly kind: 'superuser' }
  | { readonly kind: 'some-view' } // view access to at least one site (Matomo's checkUserHasSomeViewAccess)
  | { readonly kind: 'public' }; // the method authenticates by itself (e.g. with a password)

export interface ApiMethod {
  /** "Module.action" */
  readonly name: string;
  readonly access: AccessRule;
  run(ctx: ApiContext): Promise<ApiResult>;
}
