import { createContext, useContext } from 'react';

export interface SiteSummary {
  readonly id: number;
  readonly name: string;
  readonly mainUrl: string;
  readonly timezone: string;
  readonly currency: string;
  readonly role: 'view' | 'write' | 'admin';
}

export interface SessionUser {
  readonly login: string;
  readonly email: string;
  readonly superuser: boolean;
  readonly language: string;
  readonly twoFactor: boolean;
  readonly recoveryCodesLeft: number;
}

export interface SessionInfo {
  readonly setupRequired: boolean;
  readonly twoFactorPending: boolean;
  readonly csrfToken: string | null;
  readonly user: SessionUser | null;
  readonly sites?: SiteSummary[];
}

export interface SessionApi {
  readonly info: SessionInfo;
  readonly user: SessionUser;
  readonly sites: SiteSummary[];
  /** A visitor of a public dashboard, not signed in: read-only reports of that one site, no administration. */
  readonly anonymous?: boolean;
  /** Reloads the session (after a sign-in, a new site, a language change). */
  reload(): Promise<void>;
}

export const SessionContext = createContext<SessionApi | null>(null);

export function useSession(): SessionApi {
  const s = useContext(SessionContext);
  if (s === null) throw new Error('useSession outside a signed-in shell');
  return s;
}
