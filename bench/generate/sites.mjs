// The generated websites: each with a timezone, an audience, a page catalogue (1,000+ URLs with a path
// hierarchy and titles, Zipf popularity), site-search keywords, events, goals and custom dimensions.
// Built from their own random stream, so the catalogue depends on the seed and site count only.

import { Random, shuffled, weighted, weightedPairs, zipfWeights } from './random.mjs';

/** The site templates, cycled when more sites are asked for. */
const TEMPLATES = [
  { name: 'Atelier Lumière', host: 'www.atelier-lumiere.fr', timezone: 'Europe/Paris', home: 'fr', homeShare: 0.72, kind: 'shop' },
  {
    name: 'Northwind Outdoors',
    host: 'www.northwind-outdoors.com',
    timezone: 'America/New_York',
    home: 'us',
    homeShare: 0.7,
    kind: 'shop',
  },
  { name: 'Sillage Docs', host: 'docs.sillage-demo.org', timezone: 'UTC', home: '', homeShare: 0, kind: 'docs' },
  { name: 'Sakura Travel', host: 'www.sakura-travel.jp', timezone: 'Asia/Tokyo', home: 'jp', homeShare: 0.78, kind: 'travel' },
  { name: 'Kaffee Kontor', host: 'www.kaffee-kontor.de', timezone: 'Europe/Berlin', home: 'de', homeShare: 0.75, kind: 'shop' },
  { name: 'PixelForge', host: 'blog.pixelforge.dev', timezone: 'America/Los_Angeles', home: 'us', homeShare: 0.45, kind: 'blog' },
  { name: 'Thames Books', host: 'www.thamesbooks.co.uk', timezone: 'Europe/London', home: 'gb', homeShare: 0.7, kind: 'shop' },
  { name: 'Coral Reef Surf', host: 'www.coralreef-surf.com.au', timezone: 'Australia/Sydney', home: 'au', homeShare: 0.7, kind: 'travel' },
  { name: 'Café do Brasil', host: 'www.cafe-do-brasil.com.br', timezone: 'America/Sao_Paulo', home: 'br', homeShare: 0.8, kind: 'blog' },
  { name: 'Spice Bazaar', host: 'www.spicebazaar.in', timezone: 'Asia/Kolkata', home: 'in', homeShare: 0.75, kind: 'shop' },
];

/** The timezone of generated site `id` (it does not depend on the seed). */
export function siteTimezone(id) {
  return TEMPLATES[(id - 1) % TEMPLATES.length].timezone;
}

/** Site traffic follows Zipf with this exponent: with 10 sites, site 1 gets about 40 %. */
export const SITE_ZIPF_EXPONENT = 1.2;

const WORDS = (
  'privacy analytics garden autumn winter spring summer coffee travel guide review lamp linen ceramic vase ' +
  'candle wooden table chair jacket hiking boots tent backpack trail river mountain island beach surf board ' +
  'wetsuit recipe spice curry masala tea kettle grinder espresso roast bean novel poetry history science ' +
  'fiction kids cookbook atlas tokyo kyoto osaka temple ramen sushi onsen festival lantern silk paper ink ' +
  'pixel shader render engine vector sprite font color palette layout grid responsive design tutorial ' +
  'performance cache database query index server deploy docker kubernetes security cookie consent tracking ' +
  'report dashboard segment goal funnel campaign export import api plugin widget heatmap session visitor ' +
  'minimal modern classic vintage organic handmade premium essential ultimate complete beginner advanced ' +
  'weekend family budget luxury secret hidden best top new free quick easy simple'
).split(' ');

const PRODUCT_CATEGORIES = {
  shop: [
    'lighting',
    'home-decor',
    'kitchen',
    'textiles',
    'gifts',
    'outdoor',
    'apparel',
    'coffee',
    'books',
    'accessories',
    'sale',
    'new-arrivals',
  ],
  travel: ['tours', 'hotels', 'day-trips', 'rail-passes', 'experiences', 'guides'],
  blog: ['tutorials', 'tools', 'talks'],
  docs: ['guides', 'api', 'reference'],
};

const STATIC_PAGES = [
  ['/about', 'About us'],
  ['/contact', 'Contact'],
  ['/faq', 'Frequently asked questions'],
  ['/legal/privacy', 'Privacy policy'],
  ['/legal/terms', 'Terms of service'],
  ['/legal/cookies', 'Cookie policy'],
  ['/careers', 'Careers'],
  ['/press', 'Press'],
  ['/newsletter', 'Newsletter'],
  ['/login', 'Sign in'],
  ['/account', 'My account'],
  ['/pricing', 'Pricing'],
];
const SHOP_PAGES = [
  ['/cart', 'Your cart'],
  ['/checkout', 'Checkout'],
  ['/checkout/thank-you', 'Thank you for your order'],
  ['/shipping', 'Shipping and returns'],
];

const EVENTS_COMMON = [
  { category: 'Scroll', actions: ['Depth'], names: ['25%', '50%', '75%', '100%'], value: (r) => r.pick([25, 50, 75, 100]), share: 30 },
  { category: 'Video', actions: ['Play', 'Pause', 'Complete'], names: null, value: (r) => r.between(5, 600), share: 14 },
  { category: 'Newsletter', actions: ['Subscribe', 'Open form'], names: ['footer', 'popup', 'inline'], value: null, share: 8 },
  { category: 'Form', actions: ['Start', 'Submit', 'Error'], names: ['contact', 'quote', 'feedback'], value: null, share: 10 },
  { category: 'Consent', actions: ['Accept', 'Refuse', 'Customise'], names: ['banner'], value: null, share: 12 },
  {
    category: 'Navigation',
    actions: ['Menu open', 'Tab click', 'Back to top'],
    names: ['header', 'mobile', 'footer'],
    value: null,
    share: 12,
  },
  { category: 'Share', actions: ['Click'], names: ['facebook', 'linkedin', 'mastodon', 'email', 'copy-link'], value: null, share: 5 },
];
const EVENTS_SHOP = [
  {
    category: 'Ecommerce',
    actions: ['Add to cart', 'Remove from cart', 'Add to wishlist'],
    names: null,
    value: (r) => r.between(900, 24900) / 100,
    share: 22,
  },
];

const OUTLINK_TARGETS = [
  'https://github.com/sillage-demo/sillage',
  'https://www.youtube.com/watch?v=dQw9WgXcQ',
  'https://www.instagram.com/',
  'https://www.facebook.com/',
  'https://www.linkedin.com/company/',
  'https://en.wikipedia.org/wiki/',
  'https://www.google.com/maps/place/',
  'https://mastodon.social/@',
  'https://partner.example.net/offer',
  'https://www.tripadvisor.com/',
];

const titleCase = (words) => words.map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');

function slugWords(random, n) {
  const words = [];
  for (let i = 0; i < n; i++) words.push(random.pick(WORDS));
  return words;
}

/** The page catalogue of one site: hubs first (most popular), then the long tail, shuffled. */
function buildPages(template, random) {
  const hubs = [['/', `${template.name} – Home`]];
  const tail = [];
  const categories = PRODUCT_CATEGORIES[template.kind];
  const seen = new Set();
  const add = (list, path, title) => {
    if (seen.has(path)) return;
    seen.add(path);
    list.push([path, title]);
  };

  if (template.kind === 'docs') {
    add(hubs, '/docs/', 'Documentation');
    for (const section of ['getting-started', 'tracking', 'reports', 'api', 'privacy', 'self-hosting', 'faq']) {
      add(hubs, `/docs/${section}/`, titleCase(section.split('-')));
      for (let i = 0; i < 90; i++) {
        const words = slugWords(random, random.between(2, 4));
        add(tail, `/docs/${section}/${words.join('-')}`, `${titleCase(words)} – ${titleCase(section.split('-'))}`);
      }
    }
    for (const version of ['v1', 'v2', 'v3']) add(tail, `/docs/changelog/${version}`, `Changelog ${version}`);
  } else {
    const prefix = template.kind === 'travel' ? '/destinations' : '/products';
    add(hubs, `${prefix}/`, template.kind === 'travel' ? 'Destinations' : 'All products');
    for (const category of categories) {
      add(hubs, `${prefix}/${category}/`, titleCase(category.split('-')));
      const count = template.kind === 'shop' ? 55 : template.kind === 'travel' ? 100 : 40;
      for (let i = 0; i < count; i++) {
        const words = slugWords(random, random.between(2, 3));
        add(tail, `${prefix}/${category}/${words.join('-')}-${random.between(10, 999)}`, titleCase(words));
      }
    }
  }
  add(hubs, '/blog/', 'Blog');
  const posts = template.kind === 'blog' ? 920 : 420;
  for (let i = 0; i < posts; i++) {
    const year = random.pick([2023, 2024, 2025, 2025, 2026, 2026, 2026]);
    const month = String(random.between(1, 12)).padStart(2, '0');
    const words = slugWords(random, random.between(3, 6));
    add(tail, `/blog/${year}/${month}/${words.join('-')}`, titleCase(words));
  }
  for (let i = 0; i < 40; i++) {
    const word = random.pick(WORDS);
    add(tail, `/tags/${word}`, `Posts tagged “${word}”`);
  }
  for (const [path, title] of STATIC_PAGES) add(tail, path, title);
  if (template.kind === 'shop') for (const [path, title] of SHOP_PAGES) add(tail, path, title);

  const ordered = [...hubs, ...shuffled(tail, random)];
  const base = `https://${template.host}`;
  return ordered.map(([path, title]) => ({ url: base + path, title: `${title} | ${template.name}` }));
}

function buildSearchKeywords(random) {
  const keywords = new Set();
  while (keywords.size < 300) keywords.add(slugWords(random, random.between(1, 3)).join(' '));
  return [...keywords];
}

/** Custom dimension 1 on some sites: a visit-scope or action-scope dimension with a few values. */
const DIMENSIONS = {
  1: {
    scope: 'visit',
    values: [
      ['guest', 80],
      ['member', 17],
      ['staff', 3],
    ],
  },
  3: {
    scope: 'action',
    values: [
      ['v3', 70],
      ['v2', 25],
      ['v1', 5],
    ],
  },
  6: {
    scope: 'action',
    values: [
      ['alice', 40],
      ['bob', 30],
      ['chen', 20],
      ['dana', 10],
    ],
  },
};

/** Goals: [id, name, probability per page view, revenue or null]. */
function goalsFor(kind) {
  const goals = [
    { id: 1, name: 'Newsletter signup', rate: 0.004, revenue: null },
    { id: 2, name: 'Contact form sent', rate: 0.002, revenue: 5 },
  ];
  if (kind === 'shop') goals.push({ id: 3, name: 'Order', rate: 0.004, revenue: 'order' });
  if (kind === 'travel') goals.push({ id: 3, name: 'Booking request', rate: 0.003, revenue: 40 });
  return goals;
}

export function buildSites(count, seed) {
  const random = new Random(seed ^ 0x5173);
  const shares = zipfWeights(count, SITE_ZIPF_EXPONENT);
  const total = shares.reduce((a, b) => a + b, 0);
  const sites = [];
  for (let i = 0; i < count; i++) {
    const template = TEMPLATES[i % TEMPLATES.length];
    const id = i + 1;
    // Repeated templates get their own host so URLs stay unique per site.
    const suffix = i < TEMPLATES.length ? '' : `-${id}`;
    const host = template.host.replace(/^([^.]+)/, `$1${suffix}`);
    const t = { ...template, host, name: template.name + (suffix ? ` ${id}` : '') };
    const pages = buildPages(t, random);
    const pageWeights = zipfWeights(pages.length, 1.05);
    const keywords = buildSearchKeywords(random);
    const events = t.kind === 'shop' ? [...EVENTS_COMMON, ...EVENTS_SHOP] : EVENTS_COMMON;
    const videoTitles = Array.from({ length: 25 }, () => titleCase(slugWords(random, random.between(2, 4))));
    const dimension = DIMENSIONS[id];
    sites.push({
      id,
      name: t.name,
      baseUrl: `https://${t.host}`,
      timezone: t.timezone,
      homeCountry: t.home,
      homeShare: t.homeShare,
      kind: t.kind,
      share: shares[i] / total,
      pages,
      home: pages[0],
      pickPage: weighted(pages, pageWeights),
      keywords,
      pickKeyword: weighted(keywords, zipfWeights(keywords.length, 1.1)),
      pickEvent: weighted(
        events,
        events.map((e) => e.share),
      ),
      videoTitles,
      downloads: Array.from(
        { length: 30 },
        () => `https://${t.host}/files/${slugWords(random, 2).join('-')}.${random.pick(['pdf', 'pdf', 'zip', 'xlsx', 'epub'])}`,
      ),
      outlinks: OUTLINK_TARGETS,
      goals: goalsFor(t.kind),
      dimension: dimension ? { scope: dimension.scope, pick: weightedPairs(dimension.values) } : null,
      // Share of visits by logged-in users (user_id set); only sites with accounts.
      userIdShare: t.kind === 'shop' ? 0.04 : 0,
      heartbeat: t.kind !== 'shop' || id % 2 === 1,
    });
  }
  return sites;
}
