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
  return createHmac('sha256', salt).update(`${siteId}\n${ip}\n${userAgent}\n${language}`, 'utf8').digest('hex').slice(0, ID_LENGTH);
}

export const assignVisitorIds: Step = {
  name: 'assignVisitorIds',
  run: (hit: Hit, ctx) => {
    const { current, previous } = ctx.salts;
    const configIds = [configId(current, hit.siteId, hit.ip, hit.userAgent, hit.language)];
    if (previous !== undefined && previous !== '') configIds.push(configId(previous, hit.siteId, hit.ip, hit.userAgent, hit.language));
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
