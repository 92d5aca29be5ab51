/**
 * parseHit: one Matomo tracking request → one validated Hit (matomo-compat §1.3, §1.4).
 *
 * Rules, as in Matomo: a bad site id, a malformed `cid` or an invalid `cip` is a 400; a parameter that
 * needs a token without one is a 400; any other malformed value is ignored and the hit is kept; unknown
 * parameters are ignored. Whatever the input, the result is a Hit or a SillageError, never another error.
 */
import { SillageError } from '../errors.js';
import type { Hit, TrackingRequest } from '../hit.js';
import { resolveActionType } from './action-type.js';
import { collectCampaignParameter } from './campaign.js';
import { firstLanguageTag, parseClientHints, parseLocalTime, parsePerformance, parsePluginFlags, parseResolution } from './client.js';
import { resolveHitTime } from './custom-time.js';
import { parseCustomVariables } from './custom-variables.js';
import { parseEcommerceItems, parseProductCategory } from './ecommerce.js';
import { canonicalIp } from './ip.js';
import { flagParam, floatParam, intParam, type RawParams, rawParam, textParam } from './params.js';
import { SENT, sentGroups } from './sent-groups.js';
import { cleanText, MAX_LENGTH } from './text.js';

const MAX_SITE_ID = 2_147_483_647;

export function parseHit(req: TrackingRequest): Hit {
  const params: RawParams = req.params ?? {};
  const authenticated = req.authenticated === true;
  const siteId = parseSiteId(rawParam(params, 'idsite'));
  // Groups of parameters that were not sent are not read at all (see sent-groups.ts).
  const sent = sentGroups(params);

  // Token-only parameters are checked before anything is built, as Matomo's Visit::validateRequest does.
  const ip = resolveClientIp(sent & SENT.cip ? params : NOTHING, req.ip, authenticated);
  const geoOverride = sent & SENT.geo ? parseGeoOverride(params, authenticated) : undefined;
  const ts =
    sent & SENT.customTime
      ? resolveHitTime(rawParam(params, 'cdt'), rawParam(params, 'cdo'), req.receivedAt, authenticated)
      : req.receivedAt;
  const cid = parseForcedVisitorId(rawParam(params, 'cid'));

  const headers = req.headers;
  const hit: Hit = {
    siteId,
    ts,
    receivedAt: req.receivedAt,
    actionType: 'pageview',
    ip,
    newVisit: flagParam(params, 'new_visit'),
    userAgent: textParam(params, 'ua', MAX_LENGTH.userAgent) ?? cleanText(headers?.userAgent ?? '', MAX_LENGTH.userAgent),
    // A blank lang falls back to Accept-Language, as a missing one does.
    language: firstLanguageTag(textParam(params, 'lang', 256) ?? headers?.acceptLanguage ?? ''),
    keepBots: flagParam(params, 'bots'),
    consent: flagParam(params, 'consent'),
    rec: intParam(params, 'rec') ?? 0,
  };
  if (cid !== undefined) hit.cid = cid;
  if (geoOverride !== undefined) hit.geoOverride = geoOverride;

  if (sent & SENT.identity) readIdentity(params, hit);
  readPage(params, hit, headers?.referer ?? '');
  readAction(params, sent, hit);
  if (sent & (SENT.money | SENT.product)) readConversion(params, hit);
  if (sent & SENT.attribution) readAttribution(params, hit);
  if (sent & SENT.campaign) readCampaign(params, hit);
  readClient(params, sent, hit, headers?.clientHints);
  if (sent & SENT.dimensions) readDimensions(params, hit);
  if (sent & SENT.customVariables) readCustomVariables(params, hit);
  return hit;
}

const NOTHING: RawParams = Object.freeze({});

function parseSiteId(raw: string | undefined): number {
  const text = raw?.trim() ?? '';
  const id = /^\d{1,10}$/.test(text) ? Number(text) : 0;
  if (id <= 0 || id > MAX_SITE_ID) throw new SillageError('TRACKING_INVALID_SITE', [cleanText(raw ?? '', 32)]);
  return id;
}

/** `cip` overrides the client IP; it needs a token and must be an IP address. */
function resolveClientIp(params: RawParams, requestIp: string, authenticated: boolean): string {
  const cip = rawParam(params, 'cip')?.trim();
  if (cip !== undefined && cip !== '') {
    if (!authenticated) throw new SillageError('TRACKING_AUTH_REQUIRED', ['cip']);
    const canonical = canonicalIp(cip);
    if (canonical === undefined) throw new SillageError('TRACKING_INVALID_PARAMETER', ['cip', 'not an IP address']);
    return canonical;
  }
  return (typeof requestIp === 'string' ? canonicalIp(requestIp) : undefined) ?? '';
}

/** country/region/city/lat/long: always need a token when sent (Matomo $fieldsThatRequireAuth). */
function parseGeoOverride(params: RawParams, authenticated: boolean): Hit['geoOverride'] {
  const names = ['country', 'region', 'city', 'lat', 'long'] as const;
  const sent = names.filter((name) => (rawParam(params, name)?.trim() ?? '') !== '');
  if (sent.length === 0) return undefined;
  if (!authenticated) throw new SillageError('TRACKING_AUTH_REQUIRED', [sent[0]!]);
  const geo: NonNullable<Hit['geoOverride']> = {};
  const country = textParam(params, 'country', 8)?.toLowerCase();
  if (country !== undefined && /^[a-z]{2}$/.test(country)) geo.country = country;
  const region = textParam(params, 'region', MAX_LENGTH.geo);
  if (region !== undefined) geo.region = region;
  const city = textParam(params, 'city', MAX_LENGTH.geo);
  if (city !== undefined) geo.city = city;
  const lat = floatParam(params, 'lat');
  if (lat !== undefined && lat >= -90 && lat <= 90) geo.lat = lat;
  const long = floatParam(params, 'long');
  if (long !== undefined && long >= -180 && long <= 180) geo.long = long;
  return geo;
}

/** `cid`: exactly 16 hex characters, else the request is refused (Matomo throws, 400). */
function parseForcedVisitorId(raw: string | undefined): string | undefined {
  const text = raw?.trim() ?? '';
  if (text === '') return undefined;
  if (!/^[0-9a-fA-F]{16}$/.test(text)) {
    throw new SillageError('TRACKING_INVALID_PARAMETER', ['cid', 'must be exactly 16 hexadecimal characters']);
  }
  return text.toLowerCase();
}

function readIdentity(params: RawParams, hit: Hit): void {
  // _id: the _pk_id cookie value; Matomo uses it only when it has at least 16 characters.
  const cookieId = /^[0-9a-fA-F]{16}/.exec(rawParam(params, '_id')?.trim() ?? '');
  if (cookieId !== null) hit.cookieVisitorId = cookieId[0].toLowerCase();
  const uid = textParam(params, 'uid', MAX_LENGTH.userId);
  if (uid !== undefined) hit.userId = uid;
}

function readPage(params: RawParams, hit: Hit, refererHeader: string): void {
  const url = textParam(params, 'url', MAX_LENGTH.url);
  const urlref = textParam(params, 'urlref', MAX_LENGTH.url);
  if (url !== undefined) hit.url = url;
  if (urlref !== undefined) hit.urlref = urlref;
  // Simple image tracker: <img src="matomo.php?idsite=1&rec=1"> tells us the page through Referer.
  if (url === undefined && urlref === undefined) {
    const fromHeader = cleanText(refererHeader, MAX_LENGTH.url);
    if (fromHeader !== '') hit.url = fromHeader;
  }
  const title = textParam(params, 'action_name', MAX_LENGTH.title);
  if (title !== undefined) hit.title = title;
  const pvId = rawParam(params, 'pv_id')?.trim();
  if (pvId !== undefined && /^[0-9a-zA-Z]{6}$/.test(pvId)) hit.pageViewId = pvId;
}

function readAction(params: RawParams, sent: number, hit: Hit): void {
  const links = sent & SENT.link ? params : NOTHING;
  const events = sent & SENT.event ? params : NOTHING;
  const contents = sent & SENT.content ? params : NOTHING;
  const download = textParam(links, 'download', MAX_LENGTH.url);
  const link = textParam(links, 'link', MAX_LENGTH.url);
  const eventCategory = textParam(events, 'e_c', MAX_LENGTH.event);
  const eventAction = textParam(events, 'e_a', MAX_LENGTH.event);
  const contentName = textParam(contents, 'c_n', MAX_LENGTH.content);
  const contentInteraction = textParam(contents, 'c_i', MAX_LENGTH.content);
  const searchKeyword = sent & SENT.search ? textParam(params, 'search', MAX_LENGTH.search) : undefined;
  const idgoal = sent & SENT.goal ? intParam(params, 'idgoal') : undefined;
  const goalId = idgoal !== undefined && idgoal >= 0 && idgoal <= MAX_SITE_ID ? idgoal : undefined;
  const orderId = sent & SENT.order ? textParam(params, 'ec_id', MAX_LENGTH.orderId) : undefined;
  const flags = sent & SENT.actionFlags ? params : NOTHING;

  const resolved = resolveActionType({
    ping: flagParam(flags, 'ping'),
    customAction: flagParam(flags, 'ca'),
    download: download !== undefined,
    link: link !== undefined,
    event: eventCategory !== undefined && eventAction !== undefined,
    contentName: contentName !== undefined,
    contentInteraction: contentInteraction !== undefined,
    search: searchKeyword !== undefined,
    goalId,
    orderId: orderId !== undefined,
  });
  hit.actionType = resolved.actionType;
  if (resolved.invalid) hit.invalidAction = true;

  const linkUrl = download ?? link;
  if (linkUrl !== undefined) hit.linkUrl = linkUrl;
  if (eventCategory !== undefined && eventAction !== undefined) {
    hit.eventCategory = eventCategory;
    hit.eventAction = eventAction;
    const name = textParam(params, 'e_n', MAX_LENGTH.event);
    if (name !== undefined) hit.eventName = name;
    const value = floatParam(params, 'e_v');
    if (value !== undefined) hit.eventValue = value;
  }
  if (contentName !== undefined) {
    hit.contentName = contentName;
    const piece = textParam(params, 'c_p', MAX_LENGTH.content);
    if (piece !== undefined) hit.contentPiece = piece;
    const target = textParam(params, 'c_t', MAX_LENGTH.url);
    if (target !== undefined) hit.contentTarget = target;
    if (contentInteraction !== undefined) hit.contentInteraction = contentInteraction;
  }
  if (searchKeyword !== undefined) {
    hit.searchKeyword = searchKeyword;
    const category = textParam(params, 'search_cat', MAX_LENGTH.search);
    if (category !== undefined) hit.searchCategory = category;
    const count = intParam(params, 'search_count');
    if (count !== undefined && count >= 0 && count <= MAX_SITE_ID) hit.searchCount = count;
  }
  if (goalId !== undefined) hit.goalId = goalId;
  if (orderId !== undefined) hit.orderId = orderId;
}

function readConversion(params: RawParams, hit: Hit): void {
  const money = [
    ['revenue', 'revenue'],
    ['ec_st', 'subtotal'],
    ['ec_tx', 'tax'],
    ['ec_sh', 'shipping'],
    ['ec_dt', 'discount'],
  ] as const;
  for (const [param, field] of money) {
    const value = floatParam(params, param);
    if (value !== undefined) hit[field] = value;
  }
  const items = rawParam(params, 'ec_items');
  if (items !== undefined) {
    const parsed = parseEcommerceItems(items);
    if (parsed !== undefined) hit.items = parsed;
  }
  const category = rawParam(params, '_pkc');
  if (category !== undefined) {
    const categories = parseProductCategory(category);
    if (categories.length > 0) hit.productCategory = categories;
  }
  const price = floatParam(params, '_pkp');
  if (price !== undefined) hit.productPrice = price;
  const sku = textParam(params, '_pks', MAX_LENGTH.item);
  if (sku !== undefined) hit.productSku = sku;
  const name = textParam(params, '_pkn', MAX_LENGTH.item);
  if (name !== undefined) hit.productName = name;
}

function readAttribution(params: RawParams, hit: Hit): void {
  const referrer = textParam(params, '_ref', MAX_LENGTH.url);
  if (referrer !== undefined) hit.attributionReferrer = referrer;
  const refTs = intParam(params, '_refts');
  if (refTs !== undefined && refTs >= 0) hit.attributionTs = refTs;
  const campaignName = textParam(params, '_rcn', MAX_LENGTH.campaign);
  if (campaignName !== undefined) hit.attributionCampaignName = campaignName;
  const campaignKeyword = textParam(params, '_rck', MAX_LENGTH.campaign);
  if (campaignKeyword !== undefined) hit.attributionCampaignKeyword = campaignKeyword;
}

function readCampaign(params: RawParams, hit: Hit): void {
  const campaign: Record<string, string> = {};
  let found = false;
  for (const name of Object.keys(params)) {
    const value = rawParam(params, name);
    if (value !== undefined && collectCampaignParameter(campaign, name, value)) found = true;
  }
  if (found) hit.campaignParams = campaign;
}

function readClient(params: RawParams, sent: number, hit: Hit, clientHintHeaders: Readonly<Record<string, string>> | undefined): void {
  const resolution = parseResolution(rawParam(params, 'res'));
  if (resolution !== undefined) hit.resolution = resolution;
  const localTime = sent & SENT.localTime ? parseLocalTime(params) : undefined;
  if (localTime !== undefined) hit.localTimeSeconds = localTime;
  const flags = sent & SENT.plugins ? parsePluginFlags(params) : undefined;
  if (flags !== undefined) hit.pluginFlags = flags;
  // Without uadata the Sec-CH-UA headers still count.
  const hints = parseClientHints(sent & SENT.clientHints ? rawParam(params, 'uadata') : undefined, clientHintHeaders);
  if (hints !== undefined) hit.clientHints = hints;
  const perf = sent & SENT.performance ? parsePerformance(params) : undefined;
  if (perf !== undefined) hit.perf = perf;
}

const DIMENSION = /^dimension(\d{1,3})$/;

function readDimensions(params: RawParams, hit: Hit): void {
  const dimensions: Record<number, string> = {};
  let dimensionCount = 0;
  for (const name of Object.keys(params)) {
    const match = DIMENSION.exec(name);
    if (match === null) continue;
    const id = Number(match[1]);
    const value = id >= 1 && id <= 999 ? textParam(params, name, MAX_LENGTH.dimension) : undefined;
    if (value === undefined) continue;
    dimensions[id] = value;
    dimensionCount++;
  }
  if (dimensionCount > 0) hit.dimensions = dimensions;
}

function readCustomVariables(params: RawParams, hit: Hit): void {
  const scopes = [
    ['_cvar', 'visit'],
    ['cvar', 'page'],
    ['e_cvar', 'event'],
  ] as const;
  const customVariables: NonNullable<Hit['customVariables']> = {};
  let scopeCount = 0;
  for (const [param, scope] of scopes) {
    const raw = rawParam(params, param);
    const parsed = raw === undefined ? undefined : parseCustomVariables(raw);
    if (parsed === undefined) continue;
    customVariables[scope] = parsed;
    scopeCount++;
  }
  if (scopeCount > 0) hit.customVariables = customVariables;
}
