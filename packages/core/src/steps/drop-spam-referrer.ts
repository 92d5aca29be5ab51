/**
 * Drops hits whose referrer host is on the referrer-spam list (Matomo's enable_spam_filter, on by
 * default) with reason "spam-referrer". The list is the built-in one plus the installation's own
 * (SILLAGE_SPAM_LIST_FILE), given when the pipeline is built.
 */
import { drop } from '../drop.js';
import type { Step } from '../pipeline.js';
import { createSpamHostMatcher } from '../referrers/spam.js';
import { rememberRecentAnswers } from '../util/recent-answers.js';

// Matomo's UrlHelper::isLookLikeUrl: an optional scheme, then "//".
const LOOKS_LIKE_URL = /^(?:[a-z][a-z0-9+.-]*:)?\/\//i;

// Referrers repeat (a search engine, a newsletter link): their host is parsed once, not on every hit.
const referrerHost = rememberRecentAnswers(parseReferrerHost, 2_000, 1_024);

function parseReferrerHost(urlref: string): string {
  if (!LOOKS_LIKE_URL.test(urlref)) return '';
  try {
    return new URL(urlref, 'http://base.invalid').hostname;
  } catch {
    return '';
  }
}

export function createDropSpamReferrer(extraSpamHosts: readonly string[] = []): Step {
  const isSpam = createSpamHostMatcher(extraSpamHosts);
  return {
    name: 'dropSpamReferrer',
    run: (hit) => {
      if (!hit.urlref) return undefined;
      const host = referrerHost(hit.urlref);
      return host !== '' && isSpam(host) ? drop('spam-referrer', host) : undefined;
    },
  };
}

/** The step with the built-in list only. */
export const dropSpamReferrer: Step = createDropSpamReferrer();
