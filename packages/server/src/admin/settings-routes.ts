import type { MetaStore } from '@sillage/storage';
import type { FastifyInstance } from 'fastify';
import { registerJsonRoute } from '../http/json-routes.js';
import type { AdminDeps } from './deps.js';
import { bool } from './deps.js';

/** Instance-wide defaults; each site then has its own switches (site.privacy.visitsLog / visitorProfile). */
export interface GeneralSettings {
  /** Default of the visits log for new sites. */
  readonly visitsLog: boolean;
  /** Default of the visitor profile for new sites. */
  readonly visitorProfile: boolean;
}

export const GENERAL_SETTINGS_KEY = 'general';
const DEFAULT_GENERAL: GeneralSettings = { visitsLog: false, visitorProfile: false };

export { publicDashboardKey } from '../auth/access.js';

export async function readGeneralSettings(meta: MetaStore): Promise<GeneralSettings> {
  return { ...DEFAULT_GENERAL, ...((await meta.settings.get<Partial<GeneralSettings>>(GENERAL_SETTINGS_KEY)) ?? {}) };
}

export function registerSettingsRoutes(app: FastifyInstance, d: AdminDeps): void {
  registerJsonRoute(app, d.auth, {
    method: 'GET',
    url: '/api/admin/settings',
    access: { kind: 'superuser' },
    async handler() {
      return { settings: await readGeneralSettings(d.meta) };
    },
  });

  registerJsonRoute(app, d.auth, {
    method: 'PUT',
    url: '/api/admin/settings',
    access: { kind: 'superuser' },
    async handler({ principal, body }) {
      const current = await readGeneralSettings(d.meta);
      const next: GeneralSettings = {
        visitsLog: bool(body, 'visitsLog') ?? current.visitsLog,
        visitorProfile: bool(body, 'visitorProfile') ?? current.visitorProfile,
      };
      await d.meta.settings.set(GENERAL_SETTINGS_KEY, next);
      await d.meta.audit.append({ actor: principal?.login ?? '', action: 'settings.updated', details: { ...next } });
      return { settings: next };
    },
  });
}
