import { effectivePrivacy, type PrivacySwitches, SillageError } from '@sillage/core';
import type { NewSite, PrivacyMode, SiteRecord, SiteRepo, SqlExecutor } from '../../ports.js';
import { hostsOf, normalizeHost } from '../site-hosts.js';
import {
  normalizeSiteUrls,
  validateBoolean,
  validateCurrency,
  validateName,
  validatePrivacyMode,
  validatePrivacyOverrides,
  validateStringList,
  validateTimezone,
} from '../site-validation.js';

interface SiteRow {
  id: number;
  name: string;
  urls: string[];
  timezone: string;
  currency: string;
  excluded_ips: string[];
  excluded_user_agents: string[];
  excluded_parameters: string[];
  site_search: boolean;
  search_keyword_parameters: string[];
  search_category_parameters: string[];
  keep_url_fragment: boolean;
  exclude_unknown_urls: boolean;
  ecommerce: boolean;
  privacy_mode: PrivacyMode;
  privacy: Partial<PrivacySwitches>;
  created_at: Date;
}

const COLUMNS = `id, name, urls, timezone, currency, excluded_ips, excluded_user_agents, excluded_parameters,
  site_search, search_keyword_parameters, search_category_parameters, keep_url_fragment,
  exclude_unknown_urls, ecommerce, privacy_mode, privacy, created_at`;

/** A site as validated and ready to write: every field present, privacy holding only the overrides. */
type SiteValues = Required<Omit<NewSite, 'privacy'>> & { privacy: Partial<PrivacySwitches> };

function toRecord(row: SiteRow): SiteRecord {
  return {
    id: row.id,
    ...toValues(row),
    mainUrl: row.urls[0] ?? '',
    // The switches in force: the mode's rules applied to the stored overrides (core/privacy/modes.ts).
    privacy: effectivePrivacy(row.privacy_mode, row.privacy),
    createdAt: row.created_at,
  };
}

function toValues(row: SiteRow): SiteValues {
  return {
    name: row.name,
    urls: row.urls,
    timezone: row.timezone,
    currency: row.currency,
    excludedIps: row.excluded_ips,
    excludedUserAgents: row.excluded_user_agents,
    excludedParameters: row.excluded_parameters,
    siteSearchEnabled: row.site_search,
    siteSearchKeywordParameters: row.search_keyword_parameters,
    siteSearchCategoryParameters: row.search_category_parameters,
    keepUrlFragment: row.keep_url_fragment,
    excludeUnknownUrls: row.exclude_unknown_urls,
    ecommerce: row.ecommerce,
    privacyMode: row.privacy_mode,
    privacy: row.privacy,
  };
}

const DEFAULTS: SiteValues = {
  name: '',
  urls: [],
  timezone: 'UTC',
  currency: 'EUR',
  excludedIps: [],
  excludedUserAgents: [],
  excludedParameters: [],
  siteSearchEnabled: true,
  siteSearchKeywordParameters: [],
  siteSearchCategoryParameters: [],
  keepUrlFragment: false,
  excludeUnknownUrls: false,
  ecommerce: false,
  privacyMode: 'exempt',
  privacy: {},
};

/** Applies `input` over `base` (undefined fields keep the base) and validates the result. */
function merge(base: SiteValues, input: Partial<NewSite>): SiteValues {
  const pick = <K extends keyof SiteValues>(key: K): SiteValues[K] => (input[key] === undefined ? base[key] : input[key]) as SiteValues[K];
  return {
    name: validateName(pick('name')),
    urls: normalizeSiteUrls(pick('urls')),
    timezone: validateTimezone(pick('timezone')),
    currency: validateCurrency(pick('currency')),
    excludedIps: validateStringList('excludedIps', pick('excludedIps')),
    excludedUserAgents: validateStringList('excludedUserAgents', pick('excludedUserAgents')),
    excludedParameters: validateStringList('excludedParameters', pick('excludedParameters')),
    siteSearchEnabled: validateBoolean('siteSearchEnabled', pick('siteSearchEnabled')),
    siteSearchKeywordParameters: validateStringList('siteSearchKeywordParameters', pick('siteSearchKeywordParameters')),
    siteSearchCategoryParameters: validateStringList('siteSearchCategoryParameters', pick('siteSearchCategoryParameters')),
    keepUrlFragment: validateBoolean('keepUrlFragment', pick('keepUrlFragment')),
    excludeUnknownUrls: validateBoolean('excludeUnknownUrls', pick('excludeUnknownUrls')),
    ecommerce: validateBoolean('ecommerce', pick('ecommerce')),
    privacyMode: validatePrivacyMode(pick('privacyMode')),
    // Overrides accumulate: a patch changes the switches it names and keeps the others.
    privacy: { ...base.privacy, ...validatePrivacyOverrides(input.privacy ?? {}) },
  };
}

function params(v: SiteValues): unknown[] {
  return [
    v.name,
    v.urls,
    hostsOf(v.urls),
    v.timezone,
    v.currency,
    v.excludedIps,
    v.excludedUserAgents,
    v.excludedParameters,
    v.siteSearchEnabled,
    v.siteSearchKeywordParameters,
    v.siteSearchCategoryParameters,
    v.keepUrlFragment,
    v.excludeUnknownUrls,
    v.ecommerce,
    v.privacyMode,
    // Sent as text and cast: `pg` would turn a JS array into a Postgres array, not JSON.
    JSON.stringify(v.privacy),
  ];
}

export class SqlSiteRepo implements SiteRepo {
  constructor(private readonly sql: SqlExecutor) {}

  async create(site: NewSite): Promise<SiteRecord> {
    if (site === null || typeof site !== 'object') throw new SillageError('SITE_INVALID', ['a site object is required']);
    const values = merge(DEFAULTS, site);
    const [row] = await this.sql.query<SiteRow>(
      `INSERT INTO sites (name, urls, hosts, timezone, currency, excluded_ips, excluded_user_agents, excluded_parameters,
         site_search, search_keyword_parameters, search_category_parameters, keep_url_fragment, exclude_unknown_urls,
         ecommerce, privacy_mode, privacy)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::text::jsonb)
       RETURNING ${COLUMNS}`,
      params(values),
    );
    return toRecord(row!);
  }

  async get(id: number): Promise<SiteRecord | undefined> {
    if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return undefined;
    const [row] = await this.sql.query<SiteRow>(`SELECT ${COLUMNS} FROM sites WHERE id = $1`, [id]);
    return row && toRecord(row);
  }

  async list(): Promise<SiteRecord[]> {
    const rows = await this.sql.query<SiteRow>(`SELECT ${COLUMNS} FROM sites ORDER BY id`);
    return rows.map(toRecord);
  }

  async update(id: number, patch: Partial<NewSite>): Promise<SiteRecord> {
    return this.sql.transaction(async (tx) => {
      const [current] =
        Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647
          ? await tx.query<SiteRow>(`SELECT ${COLUMNS} FROM sites WHERE id = $1 FOR UPDATE`, [id])
          : [];
      if (!current) throw new SillageError('SITE_NOT_FOUND', [id]);
      const values = merge(toValues(current), patch ?? {});
      const [row] = await tx.query<SiteRow>(
        `UPDATE sites SET name = $1, urls = $2, hosts = $3, timezone = $4, currency = $5, excluded_ips = $6,
           excluded_user_agents = $7, excluded_parameters = $8, site_search = $9, search_keyword_parameters = $10,
           search_category_parameters = $11, keep_url_fragment = $12, exclude_unknown_urls = $13, ecommerce = $14,
           privacy_mode = $15, privacy = $16::text::jsonb
         WHERE id = $17
         RETURNING ${COLUMNS}`,
        [...params(values), id],
      );
      return toRecord(row!);
    });
  }

  async findByHost(host: string): Promise<SiteRecord[]> {
    const normalized = normalizeHost(host);
    if (!normalized) return [];
    const rows = await this.sql.query<SiteRow>(`SELECT ${COLUMNS} FROM sites WHERE hosts @> ARRAY[$1::text] ORDER BY id`, [normalized]);
    return rows.map(toRecord);
  }
}
