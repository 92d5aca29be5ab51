import { isSillageError, SillageError } from '@sillage/core';
import type { AccessControl, Principal } from '../auth/access.js';
import { hasRole } from '../auth/access.js';
import { parseQueryString } from '../tracking/request.js';
import { siteIdParam } from './args.js';
import type { AccessRule, ApiDeps, ApiMethod } from './context.js';
import { apiModuleMethods } from './methods/api-module.js';
import { liveMethods } from './methods/live.js';
import { privacyManagerMethods } from './methods/privacy-manager.js';
import { reportMethods } from './methods/reports.js';
import { sitesManagerMethods } from './methods/sites-manager.js';
import { usersManagerMethods } from './methods/users-manager.js';
import { visitsSummaryMethods } from './methods/visits-summary.js';
import type { ApiParams } from './params.js';
import { paramsFrom } from './params.js';
import type { ApiOutcome } from './result.js';

export const API_METHODS: readonly ApiMethod[] = [
  ...apiModuleMethods,
  ...visitsSummaryMethods,
  ...reportMethods,
  ...liveMethods,
  ...privacyManagerMethods,
  ...sitesManagerMethods,
  ...usersManagerMethods,
];

export interface Logger {
  error(obj: unknown, msg?: string): void;
}

/**
 * The Matomo Reporting API front door: finds the method, applies its access rule (the one access layer
 * for every method), runs it and turns errors into Matomo's `{"result":"error"}` answers.
 */
export class ReportingApi {
  private readonly methods = new Map<string, ApiMethod>();
  private readonly lowerCase = new Map<string, ApiMethod>();

  constructor(
    private readonly deps: ApiDeps,
    private readonly access: AccessControl,
    private readonly log: Logger,
  ) {
    for (const m of API_METHODS) {
      this.methods.set(m.name, m);
      this.lowerCase.set(m.name.toLowerCase(), m);
    }
  }

  get methodNames(): string[] {
    return [...this.methods.keys(), 'API.getBulkRequest'];
  }

  /**
   * `sessionPrincipal` resolves a browser session for calls made with force_api_session=1, where
   * token_auth carries the session's CSRF token instead of an API token (Matomo's own UI does this).
   */
  async call(
    params: ApiParams,
    bearerToken?: string,
    sessionPrincipal?: (tokenAuth: string | undefined) => Promise<Principal | undefined>,
  ): Promise<ApiOutcome> {
    try {
      const module = params.get('module');
      if (module !== undefined && module !== 'API') throw new SillageError('API_INVALID_PARAMETER', ['module', module]);
      const name = params.get('method');
      if (name === undefined || name === '') throw new SillageError('API_MISSING_PARAMETER', ['method']);
      const token = params.get('token_auth') || bearerToken;
      const principal =
        params.get('force_api_session') === '1' && sessionPrincipal !== undefined
          ? await sessionPrincipal(params.get('token_auth'))
          : await this.access.principalForToken(token, { fresh: true });
      if (name === 'API.getBulkRequest') return await this.bulk(params, token, principal);
      return { ok: true, result: await this.invoke(name, params, principal) };
    } catch (err) {
      return this.failure(err);
    }
  }

  private async invoke(name: string, params: ApiParams, principal: Principal | undefined) {
    const method = this.methods.get(name) ?? this.lowerCase.get(name.toLowerCase());
    if (method === undefined) {
      const [mod = '', action = ''] = name.split('.');
      throw new SillageError('API_UNKNOWN_METHOD', [action, mod]);
    }
    await this.checkAccess(method.access, params, principal);
    return method.run({ params, principal, deps: this.deps });
  }

  private async checkAccess(rule: AccessRule, params: ApiParams, principal: Principal | undefined): Promise<void> {
    switch (rule.kind) {
      case 'public':
        return;
      case 'superuser':
        if (!principal?.superuser) throw new SillageError('API_NO_ACCESS', ["'superuser' access"]);
        return;
      case 'some-view':
        if (principal === undefined || (!principal.superuser && principal.roles.size === 0)) {
          throw new SillageError('API_NO_ACCESS', ["'view' access"]);
        }
        return;
      case 'site': {
        const id = siteIdParam(params);
        if (hasRole(principal, id, rule.role)) return;
        // Matomo's anonymous user with view access: only a caller without credentials, only for the
        // methods that allow it, only 'view', only on a site whose dashboard is public.
        if (principal === undefined && rule.publicDashboard === true && rule.role === 'view' && (await this.access.isPublicSite(id)))
          return;
        throw new SillageError('API_NO_ACCESS', [`'${rule.role}' access for the website id = ${id}`]);
      }
    }
  }

  /** API.getBulkRequest: each `urls[i]` is a query string run as its own call with the outer token. */
  private async bulk(params: ApiParams, token: string | undefined, principal: Principal | undefined): Promise<ApiOutcome> {
    const results: ApiOutcome[] = [];
    for (const url of params.list('urls')) {
      const inner = parseQueryString(url.startsWith('?') ? url.slice(1) : url);
      if (token !== undefined && inner['token_auth'] === undefined) inner['token_auth'] = token;
      try {
        const name = inner['method'] ?? '';
        if (name === '' || name === 'API.getBulkRequest') throw new SillageError('API_INVALID_PARAMETER', ['method', name]);
        const innerPrincipal =
          inner['token_auth'] === token ? principal : await this.access.principalForToken(inner['token_auth'], { fresh: true });
        results.push({ ok: true, result: await this.invoke(name, paramsFrom(inner), innerPrincipal) });
      } catch (err) {
        results.push(this.failure(err));
      }
    }
    return { ok: true, result: { kind: 'bulk', results } };
  }

  private failure(err: unknown): ApiOutcome {
    if (isSillageError(err)) return { ok: false, message: err.message, status: err.status >= 500 ? err.status : err.status };
    this.log.error({ err }, 'reporting API method failed');
    return { ok: false, message: 'An unexpected error occurred; it has been logged.', status: 500 };
  }
}
