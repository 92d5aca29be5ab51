/**
 * Visitor identity (matomo-compat §2.3, §2.4).
 *
 * visitorId precedence: uid (when the site allows User ID: first 16 hex of sha1(uid), as Matomo) >
 * cid > _id (both only when the site trusts client-sent ids) > the cookieless hash.
 *
 * configIds: a keyed hash of site, anonymised IP, user agent and language with the site's daily salt,
 * computed with today's and yesterday's salt so a visit that crosses a salt rotation is still found.
 * Unlike Matomo's md5 config_id, the key is a random salt that is destroyed after two days, so the hash
 * cannot be recomputed later from the stored IP and user agent.
 */
import { createHash, createHmac } from 'node:crypto';
import type { Hit } from '../hit.js';
import type { Step } from '../pipeline.js';

const ID_LENGTH = 16;

/** Matomo's idvisitor for a User ID: substr(sha1(uid), 0, 16). */
export function userIdVisitorId(uid: string): string {
  return createHash('sha1').update(uid, 'utf8').digest('hex').slice(0, ID_LENGTH);
}

/** First 16 hex chars of HMAC-SHA256(salt, "siteId\nip\nuserAgent\nlanguage"). */
export function configId(salt: string, siteId: number, ip: string, userAgent: string, language: string): string {
  return createHmac('sha256', salt)
    .update(configInput(siteId, ip, userAgent, language), 'utf8')
    .digest('hex')
    .slice(0, ID_LENGTH);
}

function configInput(siteId: number, ip: string, userAgent: string, language: string): string {
  return `${siteId}\n${ip}\n${userAgent}\n${language}`;
}

/**
 * The config ids of a hit: today's salt first, then yesterday's when it still exists. A visitor's
 * hits repeat the same inputs, so recent answers are remembered (two HMACs a hit cost ~2 µs;
 * bench/ingest), keyed by the inputs and checked against the salts, so a rotated salt never meets
 * an old answer. Memory only, and forgotten at least hourly, so a salt destroyed in the metadata store
 * (after 48 h) does not live on here either.
 */
export function configIdsFor(
  salts: { current: string; previous?: string },
  siteId: number,
  ip: string,
  userAgent: string,
  language: string,
): string[] {
  const previous = salts.previous === '' ? undefined : salts.previous;
  const input = configInput(siteId, ip, userAgent, language);
  const now = Date.now();
  if (now - recentSince > RECENT_CONFIG_IDS_MS || recentConfigIds.size >= RECENT_CONFIG_IDS) {
    // Cleared rather than evicted one by one: cheap, and a miss only costs the HMACs.
    recentConfigIds.clear();
    recentSince = now;
  }
  const known = recentConfigIds.get(input);
  if (known !== undefined && known.current === salts.current && known.previous === previous) return [...known.ids];
  const ids = [configId(salts.current, siteId, ip, userAgent, language)];
  if (previous !== undefined) ids.push(configId(previous, siteId, ip, userAgent, language));
  recentConfigIds.set(input, { current: salts.current, previous, ids });
  return [...ids];
}

interface RecentConfigIds {
  readonly current: string;
  readonly previous: string | undefined;
  readonly ids: readonly string[];
}

const RECENT_CONFIG_IDS = 20_000;
const RECENT_CONFIG_IDS_MS = 3_600_000;
const recentConfigIds = new Map<string, RecentConfigIds>();
let recentSince = Date.now();

export const assignVisitorIds: Step = {
  name: 'assignVisitorIds',
  run: (hit: Hit, ctx) => {
    const configIds = configIdsFor(ctx.salts, hit.siteId, hit.ip, hit.userAgent, hit.language);
    hit.configIds = configIds;

    const { allowUserId, allowVisitorIdFromClient } = ctx.site.privacy;
    if (hit.userId !== undefined && allowUserId) {
      hit.visitorId = userIdVisitorId(hit.userId);
      hit.visitorIdSource = 'uid';
    } else if (hit.cid !== undefined && allowVisitorIdFromClient) {
      hit.visitorId = hit.cid;
      hit.visitorIdSource = 'cid';
    } else if (hit.cookieVisitorId !== undefined && allowVisitorIdFromClient) {
      hit.visitorId = hit.cookieVisitorId;
      hit.visitorIdSource = 'cookie';
    } else {
      hit.visitorId = configIds[0]!;
      hit.visitorIdSource = 'hash';
    }
    return undefined;
  },
};
