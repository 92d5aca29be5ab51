// Where visits come from: the visit-level referrer (type, name, keyword, URL) as the event store keeps it
// (REFERRER_TYPE codes: 1 direct, 2 search, 3 website, 6 campaign, 7 social, 8 AI assistant).

/** Share of new visits by referrer type; returning visitors come back directly more often. */
export const NEW_VISIT_TYPES = [
  [1, 44],
  [2, 30],
  [7, 7],
  [3, 9],
  [6, 6],
  [8, 4],
];
export const RETURNING_VISIT_TYPES = [
  [1, 62],
  [2, 20],
  [7, 5],
  [3, 5],
  [6, 6],
  [8, 2],
];

/** [name, referrer URL (what the browser sends: most engines send their origin only), share] */
export const SEARCH_ENGINES = [
  ['Google', 'https://www.google.com/', 78],
  ['Bing', 'https://www.bing.com/', 8],
  ['DuckDuckGo', 'https://duckduckgo.com/', 4],
  ['Ecosia', 'https://www.ecosia.org/', 2],
  ['Qwant', 'https://www.qwant.com/', 2],
  ['Yahoo!', 'https://search.yahoo.com/', 1.5],
  ['Yandex', 'https://yandex.ru/', 1.5],
  ['Brave', 'https://search.brave.com/', 1.2],
  ['Startpage', 'https://www.startpage.com/', 0.8],
  ['Baidu', 'https://www.baidu.com/', 0.5],
  ['Naver', 'https://search.naver.com/', 0.5],
];
/** Engines still sending a keyword do it for a few percent of visits; "" is Matomo's "Keyword not defined". */
export const SEARCH_KEYWORD_SHARE = 0.06;

export const SOCIALS = [
  ['Facebook', 'https://www.facebook.com/', 30],
  ['LinkedIn', 'https://www.linkedin.com/', 18],
  ['Reddit', 'https://www.reddit.com/r/webdev/', 12],
  ['Instagram', 'https://l.instagram.com/', 10],
  ['YouTube', 'https://www.youtube.com/', 8],
  ['Twitter', 'https://t.co/', 8],
  ['Mastodon', 'https://mastodon.social/', 6],
  ['Bluesky', 'https://bsky.app/', 5],
  ['Pinterest', 'https://www.pinterest.com/', 3],
];

export const AI_ASSISTANTS = [
  ['ChatGPT', 'https://chatgpt.com/', 62],
  ['Perplexity', 'https://www.perplexity.ai/', 14],
  ['Gemini', 'https://gemini.google.com/', 10],
  ['Microsoft Copilot', 'https://copilot.microsoft.com/', 7],
  ['Claude', 'https://claude.ai/', 5],
  ['Mistral Le Chat', 'https://chat.mistral.ai/', 2],
];

/** Website referrers: [host, paths…, share]. */
export const WEBSITES = [
  ['news.ycombinator.com', ['/item?id=43121', '/item?id=43877', '/news'], 12],
  ['en.wikipedia.org', ['/wiki/Web_analytics', '/wiki/Privacy', '/wiki/Open-source_software'], 10],
  ['github.com', ['/awesome-selfhosted/awesome-selfhosted', '/topics/analytics', '/issues/412'], 9],
  ['stackoverflow.com', ['/questions/7123/how-to-track-pages', '/questions/3456/best-practice'], 7],
  ['www.lemonde.fr', ['/pixels/article/2026/03/12/les-outils', '/economie/'], 5],
  ['medium.com', ['/@dev/self-hosting-analytics-3f2a', '/@anna/privacy-first-7b1c'], 6],
  ['dev.to', ['/alice/why-we-left-ga-4k2', '/bob/tracking-without-cookies-1hq'], 6],
  ['www.producthunt.com', ['/posts/sillage', '/'], 4],
  ['www.heise.de', ['/news/Datenschutz-Analytics-9912.html'], 4],
  ['forum.example-community.org', ['/t/recommendations/1822', '/t/tips/92'], 5],
  ['www.theguardian.com', ['/technology/2026/apr/02/privacy'], 4],
  ['substack.com', ['/inbox/post/15532', '/@weekly/p/issue-88'], 5],
  ['lobste.rs', ['/s/a1b2c3', '/'], 3],
  ['www.tripadvisor.com', ['/Attraction_Review-g187147', '/Restaurant_Review-g60763'], 4],
  ['mail.google.com', ['/'], 3],
  ['outlook.live.com', ['/'], 3],
];

/** Campaigns: [name (lower case, as Matomo stores it), source, medium, keyword, share]. */
export const CAMPAIGNS = [
  ['newsletter-weekly', 'newsletter', 'email', '', 30],
  ['spring-sale-2026', 'google', 'cpc', 'discount', 12],
  ['spring-sale-2026', 'facebook', 'paid-social', '', 8],
  ['black-friday', 'google', 'cpc', 'black friday deals', 10],
  ['black-friday', 'newsletter', 'email', '', 8],
  ['product-launch', 'linkedin', 'social', '', 7],
  ['retargeting-q4', 'criteo', 'display', '', 6],
  ['partner-program', 'partner-blog', 'referral', '', 5],
  ['podcast-2026', 'podcast', 'audio', '', 3],
  ['onboarding-drip', 'newsletter', 'email', 'day-3', 6],
  ['brand-awareness', 'youtube', 'video', '', 5],
];
