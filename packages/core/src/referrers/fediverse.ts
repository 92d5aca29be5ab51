/**
 * Mastodon and other fediverse servers, recognised by pattern: anyone can run one, so no list is ever
 * complete. A referrer is a fediverse server when its host looks like one (a "mastodon"/"mstdn"/"toot"
 * label, the .social TLD, or a well-known instance), or its path is a status permalink ("/@user/1234",
 * "/users/user/statuses/1234") — numeric status ids keep Medium's "/@user/article-slug" out.
 * Our own rules and instance list (from instances' public directories, joinmastodon.org), CC0.
 */

const INSTANCE_LABELS = /(?:^|\.)(?:mastodon[a-z0-9-]*|mstdn[a-z0-9-]*|masto|toot|tooting|fosstodon|hachyderm|pawoo|troet)\./;

const KNOWN_INSTANCES = new Set([
  'infosec.exchange',
  'ioc.exchange',
  'mas.to',
  'c.im',
  'mathstodon.xyz',
  'social.coop',
  'social.vivaldi.net',
  'social.tchncs.de',
  'social.linux.pizza',
  'bsd.network',
  'tech.lgbt',
  'todon.eu',
  'todon.nl',
  'framapiaf.org',
  'mamot.fr',
  'piaille.fr',
  'mastouille.fr',
  'eldritch.cafe',
  'metalhead.club',
  'chaos.social',
  'writing.exchange',
  'wandering.shop',
  'universeodon.com',
  'fediscience.org',
  'journa.host',
  'qoto.org',
  'lor.sh',
  'emacs.ch',
  'sigmoid.social',
  'kolektiva.social',
]);

const STATUS_PATH = /^\/(?:@[a-z0-9_.-]+(?:@[a-z0-9.-]+)?|users\/[a-z0-9_.-]+\/statuses)\/\d+(?:\/|$)/i;

/** Whether a referrer (lower-case host, path) comes from a fediverse server. */
export function isFediverse(host: string, path: string): boolean {
  if (host.endsWith('.social') || KNOWN_INSTANCES.has(host) || INSTANCE_LABELS.test(`${host}.`)) return true;
  return STATUS_PATH.test(path);
}
