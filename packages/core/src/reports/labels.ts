import type { LabelFormat } from './definitions.js';

/**
 * Display labels and row metadata Matomo attaches to dimension rows (label, `code`, `segment`, …).
 * Pure: names come from ICU (Node ships full ICU), so no name tables are kept here.
 */

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });

export function countryName(code: string): string {
  if (code === '' || code === 'xx') return 'Unknown';
  try {
    return regionNames.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

function segmentValue(v: string): string {
  return encodeURIComponent(v);
}

export const formatCountry = (raw: string): LabelFormat => {
  const code = raw === '' ? 'xx' : raw;
  return {
    label: countryName(raw),
    metadata: { code, logo: `plugins/Morpheus/icons/dist/flags/${code}.png`, segment: `countryCode==${code}` },
  };
};

/** Region rows are keyed "region|country"; Matomo labels them "Region, Country". */
export const formatRegion = (raw: string): LabelFormat => {
  const [region = '', country = ''] = raw.split('|');
  if (region === '') return { label: 'Unknown', metadata: { region: 'xx', country: country || 'xx' } };
  return {
    label: `${region}, ${countryName(country)}`,
    metadata: {
      region,
      country,
      country_name: countryName(country),
      segment: `regionCode==${segmentValue(region)};countryCode==${country}`,
    },
  };
};

/** City rows are keyed "city|region|country". */
export const formatCity = (raw: string): LabelFormat => {
  const [city = '', region = '', country = ''] = raw.split('|');
  if (city === '') return { label: 'Unknown', metadata: { city_name: '', region: region || 'xx', country: country || 'xx' } };
  return {
    label: [city, region, countryName(country)].filter((p) => p !== '').join(', '),
    metadata: {
      city_name: city,
      region,
      country,
      country_name: countryName(country),
      segment: `city==${segmentValue(city)};countryCode==${country}`,
    },
  };
};

/** Continent of a country (Matomo's codes), for UserCountry.getContinent. */
const CONTINENT_OF: Readonly<Record<string, string>> = (() => {
  const groups: Record<string, string> = {
    eur: 'ad al at ax ba be bg by ch cy cz de dk ee es fi fo fr gb gg gi gr hr hu ie im is it je li lt lu lv mc md me mk mt nl no pl pt ro rs ru se si sj sk sm ua va xk',
    asi: 'ae af am az bd bh bn bt cn ge hk id il in iq ir jo jp kg kh kp kr kw kz la lb lk mm mn mo mv my np om ph pk ps qa sa sg sy th tj tl tm tr tw uz vn ye',
    afr: 'ao bf bi bj bw cd cf cg ci cm cv dj dz eg eh er et ga gh gm gn gq gw ke km lr ls ly ma mg ml mr mu mw mz na ne ng re rw sc sd sh sl sn so ss st sz td tg tn tz ug yt za zm zw',
    amn: 'ag ai aw bb bl bm bq bs bz ca cr cu cw dm do gd gl gp gt hn ht jm kn ky lc mf mq ms mx ni pa pm pr sv sx tc tt us vc vg vi',
    ams: 'ar bo br cl co ec fk gf gy pe py sr uy ve',
    oce: 'as au ck fj fm gu ki mh mp nc nf nr nu nz pf pg pn pw sb tk to tv um vu wf ws',
    ant: 'aq bv gs hm tf',
  };
  const out: Record<string, string> = {};
  for (const [continent, codes] of Object.entries(groups)) for (const c of codes.split(' ')) out[c] = continent;
  return out;
})();

const CONTINENT_NAMES: Readonly<Record<string, string>> = {
  eur: 'Europe',
  asi: 'Asia',
  afr: 'Africa',
  amn: 'North America',
  ams: 'South America',
  oce: 'Oceania',
  ant: 'Antarctica',
  unk: 'Unknown',
};

export function continentOf(country: string): string {
  return CONTINENT_OF[country] ?? 'unk';
}

/** ClickHouse expression mapping a country code to its continent code (for grouping in SQL). */
export function continentSql(countryExpr: string): string {
  const keys = Object.keys(CONTINENT_OF);
  const values = keys.map((k) => CONTINENT_OF[k]!);
  const list = (a: string[]) => `[${a.map((x) => `'${x}'`).join(',')}]`;
  return `transform(${countryExpr}, ${list(keys)}, ${list(values)}, 'unk')`;
}

export const formatContinent = (raw: string): LabelFormat => ({
  label: CONTINENT_NAMES[raw] ?? raw,
  metadata: { code: raw, segment: `continentCode==${raw}` },
});

export function languageName(tag: string): string {
  if (tag === '' || tag === 'xx') return 'Unknown';
  try {
    return languageNames.of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** UserLanguage.getLanguage groups by the primary subtag: "fr-ca" and "fr" are both "French". */
export const formatLanguage = (raw: string): LabelFormat =>
  raw === ''
    ? { label: 'Unknown', metadata: { segment: 'languageCode==xx' } }
    : { label: languageName(raw), metadata: { segment: `languageCode==${raw},languageCode=@${raw}-` } };

/** UserLanguage.getLanguageCode: "French - Canada (fr-ca)". */
export const formatLanguageCode = (raw: string): LabelFormat => {
  if (raw === '') return { label: 'Unknown (xx)', metadata: { segment: 'languageCode==xx' } };
  const [lang = '', region] = raw.split('-');
  const name = region === undefined ? languageName(lang) : `${languageName(lang)} - ${countryName(region)}`;
  return { label: `${name} (${raw})`, metadata: { segment: `languageCode==${raw}` } };
};

export const REFERRER_TYPE_LABELS: Readonly<Record<string, { label: string; name: string }>> = {
  '1': { label: 'Direct Entry', name: 'direct' },
  '2': { label: 'Search Engines', name: 'search' },
  '3': { label: 'Websites', name: 'website' },
  '6': { label: 'Campaigns', name: 'campaign' },
  '7': { label: 'Social Networks', name: 'social' },
  '8': { label: 'AI Assistants', name: 'ai' },
};

export const formatReferrerType = (raw: string): LabelFormat => {
  const t = REFERRER_TYPE_LABELS[raw];
  if (t === undefined) return { label: raw };
  return { label: t.label, metadata: { referrer_type: Number(raw), segment: `referrerType==${t.name}` } };
};

/** Unknown when empty, the raw value otherwise, with a segment on `segmentName`. */
export function plainFormat(segmentName: string | undefined, empty = 'Unknown'): (raw: string) => LabelFormat {
  return (raw) => {
    if (raw === '') return { label: empty, ...(segmentName === undefined ? {} : { metadata: { segment: `${segmentName}==` } }) };
    return { label: raw, ...(segmentName === undefined ? {} : { metadata: { segment: `${segmentName}==${segmentValue(raw)}` } }) };
  };
}

/** Hours "0".."23", zero-padded as in matomo-compat.md §6.4 ("00"…"23"). */
export const HOURS: readonly string[] = Array.from({ length: 24 }, (_, h) => String(h));

export function formatHour(segmentName: string): (raw: string) => LabelFormat {
  return (raw) => ({ label: raw.padStart(2, '0'), metadata: { segment: `${segmentName}==${raw}` } });
}

const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
export const DAYS_OF_WEEK: readonly string[] = ['1', '2', '3', '4', '5', '6', '7'];
/** `raw` is ISO (1 = Monday); Matomo's visitEndServerDayOfWeek counts as MySQL DAYOFWEEK (1 = Sunday). */
export const formatDayOfWeek = (raw: string): LabelFormat => ({
  label: DAY_NAMES[Number(raw) - 1] ?? raw,
  metadata: { day_of_week: Number(raw), segment: `visitEndServerDayOfWeek==${(Number(raw) % 7) + 1}` },
});

/** A VisitorInterest bucket: [low, high] inclusive, high undefined = open ended. */
export interface Bucket {
  readonly low: number;
  readonly high?: number;
  readonly label: string;
}

function buckets(gaps: readonly (readonly [number, number?])[], unit: (low: number, high: number | undefined) => string): Bucket[] {
  return gaps.map(([low, high]) => ({ low, ...(high === undefined ? {} : { high }), label: unit(low, high) }));
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/** Matomo's VisitorInterest gaps [matomo: plugins/VisitorInterest/Archiver.php]. */
export const DURATION_BUCKETS = buckets(
  [[0, 10], [11, 30], [31, 60], [61, 120], [121, 240], [241, 420], [421, 600], [601, 900], [901, 1800], [1801]],
  (low, high) => {
    if (high === undefined) return `${Math.floor(low / 60)}+ min`;
    if (high <= 60) return `${low}-${high}s`;
    return `${Math.floor(low / 60)}-${high / 60} min`;
  },
);

export const PAGE_BUCKETS = buckets(
  [[1, 1], [2, 2], [3, 3], [4, 4], [5, 5], [6, 7], [8, 10], [11, 14], [15, 20], [21, 30], [31, 50], [51, 100], [101]],
  (low, high) => (high === undefined ? `${low}+ pages` : low === high ? `${low} ${plural(low, 'page', 'pages')}` : `${low}-${high} pages`),
);

export const VISIT_COUNT_BUCKETS = buckets(
  [[1, 1], [2, 2], [3, 3], [4, 4], [5, 5], [6, 6], [7, 7], [8, 8], [9, 14], [15, 25], [26, 50], [51, 100], [101, 200], [201]],
  (low, high) =>
    high === undefined ? `${low}+ visits` : low === high ? `${low} ${plural(low, 'visit', 'visits')}` : `${low}-${high} visits`,
);

export const DAYS_SINCE_LAST_BUCKETS = buckets(
  [[0, 0], [1, 1], [2, 2], [3, 3], [4, 4], [5, 5], [6, 6], [7, 7], [8, 14], [15, 30], [31, 60], [61, 120], [121, 364], [365]],
  (low, high) => (high === undefined ? `${low}+ days` : low === high ? `${low} ${plural(low, 'day', 'days')}` : `${low}-${high} days`),
);

/** ClickHouse expression giving the index of the bucket a value falls in. */
export function bucketSql(value: string, list: readonly Bucket[]): string {
  const lows = list.slice(1).map((b) => b.low);
  return `toString(arrayCount(x -> x <= ${value}, [${lows.join(', ')}]))`;
}

export function formatBucket(list: readonly Bucket[], segmentName: string): (raw: string) => LabelFormat {
  return (raw) => {
    const b = list[Number(raw)];
    if (b === undefined) return { label: raw };
    const segment =
      b.high === undefined
        ? `${segmentName}>=${b.low}`
        : b.low === b.high
          ? `${segmentName}==${b.low}`
          : `${segmentName}>=${b.low};${segmentName}<=${b.high}`;
    return { label: b.label, metadata: { segment } };
  };
}
