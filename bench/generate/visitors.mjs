// Visitors: a stable identity (64-bit id) and a stable client (device, browser, location, language,
// screen, anonymised IP) reused on every visit, as a real returning browser would be.

import { DEVICES } from './devices.mjs';
import { COUNTRIES, UNKNOWN_CITY_SHARE, UNKNOWN_COUNTRY_SHARE } from './geo.mjs';
import { weighted, weightedPairs } from './random.mjs';

const pickDevice = weighted(
  DEVICES,
  DEVICES.map((d) => d.share),
);
const versionPickers = new Map();
function pickFrom(pairs, random) {
  let picker = versionPickers.get(pairs);
  if (picker === undefined) {
    picker = weightedPairs(pairs);
    versionPickers.set(pairs, picker);
  }
  return picker(random);
}

/** Everything about a country the generator needs, with its pickers built once. */
const COUNTRY_INFO = COUNTRIES.map(([code, share, offsetHours, languages, cities], index) => ({
  code,
  share,
  offsetSec: Math.round(offsetHours * 3600),
  pickLanguage: weightedPairs(languages),
  pickCity: weighted(
    cities,
    cities.map((c) => c[4]),
  ),
  // First octets of the country's (made-up but stable) address blocks.
  octets: [((index * 37 + 11) % 211) + 2, ((index * 53 + 89) % 211) + 2, ((index * 71 + 5) % 211) + 2],
}));
const COUNTRY_BY_CODE = new Map(COUNTRY_INFO.map((c) => [c.code, c]));
const pickWorldCountry = weighted(
  COUNTRY_INFO,
  COUNTRY_INFO.map((c) => c.share),
);
const UNKNOWN_COUNTRY = { code: '', offsetSec: 0, pickLanguage: weightedPairs([['en-us', 1]]), pickCity: null, octets: [45, 141, 185] };

const CLIENT_HINT_PLATFORMS = {
  Windows: 'Windows',
  Mac: 'macOS',
  Android: 'Android',
  'Chrome OS': 'Chrome OS',
  'GNU/Linux': 'Linux',
  Ubuntu: 'Linux',
};

function clientHints(device, osVersion, browserVersion, model) {
  // Only Chromium browsers send User-Agent Client Hints (Matomo's JS forwards them as uadata).
  if (device.engine !== 'Blink' || device.browser === 'Samsung Browser' || !(device.os in CLIENT_HINT_PLATFORMS)) return '';
  const brand = device.browser === 'Microsoft Edge' ? 'Microsoft Edge' : device.browser === 'Opera' ? 'Opera' : 'Google Chrome';
  return JSON.stringify({
    fullVersionList: [
      { brand, version: `${browserVersion}.0.0.0` },
      { brand: 'Chromium', version: `${browserVersion}.0.0.0` },
      { brand: 'Not_A Brand', version: '24.0.0.0' },
    ],
    mobile: device.type === 'Smartphone',
    model,
    platform: CLIENT_HINT_PLATFORMS[device.os],
    platformVersion: device.os === 'Windows' ? (osVersion === '11' ? '15.0.0' : '10.0.0') : `${osVersion}.0.0`,
  });
}

/**
 * User agent and client hints, one shared copy per distinct client: a million visitors hold a few hundred
 * distinct strings, not a million copies (the generator's memory is mostly its visitors).
 */
const clientCache = new Map();
function clientStrings(device, osVersion, browserVersion, model) {
  const key = `${DEVICES.indexOf(device)}|${osVersion}|${browserVersion}|${model}`;
  let strings = clientCache.get(key);
  if (strings === undefined) {
    strings = {
      userAgent: device.ua(String(osVersion), browserVersion),
      clientHints: clientHints(device, osVersion, browserVersion, model),
    };
    clientCache.set(key, strings);
  }
  return strings;
}

function anonymisedIp(country, random) {
  // Matomo's 2-byte anonymisation: the last two bytes of IPv4 zeroed; IPv6 keeps its first 48 bits.
  if (random.chance(0.08)) return `2a0${random.int(10)}:${random.int(65536).toString(16)}:${random.int(65536).toString(16)}::`;
  return `${random.pick(country.octets)}.${random.int(256)}.0.0`;
}

/** A new visitor of `site`: home-country audience first, the rest of the world by traffic share. */
export function newVisitor(site, random, userIdSeq) {
  let country;
  if (random.chance(UNKNOWN_COUNTRY_SHARE)) country = UNKNOWN_COUNTRY;
  else if (site.homeCountry && random.chance(site.homeShare)) country = COUNTRY_BY_CODE.get(site.homeCountry);
  else country = pickWorldCountry(random);

  let region = '';
  let city = '';
  let latitude = null;
  let longitude = null;
  if (country.pickCity && !random.chance(UNKNOWN_CITY_SHARE)) {
    const c = country.pickCity(random);
    region = c[0];
    city = c[1];
    // GeoIP places a visitor near, not at, the city centre.
    latitude = Math.round((c[2] + (random.next() - 0.5) * 0.2) * 1e4) / 1e4;
    longitude = Math.round((c[3] + (random.next() - 0.5) * 0.2) * 1e4) / 1e4;
  }

  const device = pickDevice(random);
  const osVersion = pickFrom(device.osVersions, random);
  const browserVersion = pickFrom(device.browserVersions, random);
  const model = random.pick(device.models);
  const mobile = device.type !== 'Desktop';
  const client = clientStrings(device, osVersion, browserVersion, model);
  return {
    id: random.id64(),
    userId: site.userIdShare > 0 && random.chance(site.userIdShare * 3) ? `user-${userIdSeq}` : '',
    country: country.code,
    region,
    city,
    latitude,
    longitude,
    offsetSec: country.offsetSec,
    language: country.pickLanguage(random),
    device,
    mobile,
    osVersion,
    browserVersion: String(browserVersion),
    model,
    resolution: pickFrom(device.screens, random),
    userAgent: client.userAgent,
    clientHints: client.clientHints,
    pluginFlags: mobile ? '00000001' : '00001001',
    ip: anonymisedIp(country, random),
    // History, filled as visits happen.
    visitCount: 0,
    firstVisitTs: 0,
    lastActionTs: 0,
    lastDay: -1,
  };
}
