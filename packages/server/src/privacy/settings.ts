/**
 * Changing a site's privacy mode and switches, with the audit trail the consented mode needs: every
 * change writes a "privacy.changed" entry listing each switch in force before and after, with who
 * changed it and when (the entry's time). The consent choices of the processing record are read back
 * from these entries.
 */
import { CONSENT_CHOICE_SWITCHES, PRIVACY_MODE_NAMES, type PrivacySwitches, privacyChanges, SillageError } from '@sillage/core';
import type { MetaStore, PrivacyMode, SiteRecord } from '@sillage/storage';

export const PRIVACY_CHANGED = 'privacy.changed';

export async function setPrivacySettings(
  meta: MetaStore,
  siteId: number,
  mode: string | undefined,
  overrides: Record<string, unknown>,
  actor: string,
): Promise<SiteRecord> {
  const before = await meta.sites.get(siteId);
  if (before === undefined) throw new SillageError('SITE_NOT_FOUND', [siteId]);
  if (mode !== undefined && !(PRIVACY_MODE_NAMES as readonly string[]).includes(mode))
    throw new SillageError('SITE_INVALID', [`privacy mode must be one of ${PRIVACY_MODE_NAMES.join(', ')}`]);
  const patch: { privacyMode?: PrivacyMode; privacy?: Partial<PrivacySwitches> } = { privacy: overrides as Partial<PrivacySwitches> };
  if (mode !== undefined) patch.privacyMode = mode as PrivacyMode;
  const after = await meta.sites.update(siteId, patch);
  const changes = privacyChanges(before.privacy, after.privacy);
  await meta.audit.append({
    actor,
    action: PRIVACY_CHANGED,
    details: { idSite: siteId, modeFrom: before.privacyMode, modeTo: after.privacyMode, overrides, changes },
  });
  return after;
}

export interface ConsentChoice {
  readonly key: string;
  readonly value: unknown;
  /** ISO 8601 time of the change that set it. */
  readonly at: string;
}

/** The consent-based switches in force on a consented site, each with the time it was last changed. */
export async function consentChoices(meta: MetaStore, siteId: number): Promise<ConsentChoice[]> {
  const site = await meta.sites.get(siteId);
  if (site === undefined || site.privacyMode !== 'consented') return [];
  const entries = await meta.audit.list({ action: PRIVACY_CHANGED, limit: 10_000 });
  const out: ConsentChoice[] = [];
  for (const key of CONSENT_CHOICE_SWITCHES) {
    if (!(key in site.privacy)) continue;
    // Newest first: the first entry that changed this switch on this site dates the current value.
    const entry = entries.find(
      (e) => e.details['idSite'] === siteId && ((e.details['changes'] as { key: string }[] | undefined) ?? []).some((c) => c.key === key),
    );
    if (entry !== undefined)
      out.push({ key, value: (site.privacy as unknown as Record<string, unknown>)[key], at: entry.at.toISOString() });
  }
  return out;
}
