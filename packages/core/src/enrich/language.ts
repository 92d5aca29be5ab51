/**
 * Browser language as Matomo reports it (UserLanguage plugin). The event row keeps the first tag of
 * `lang` / Accept-Language in lower case ("fr-ca"); reports derive the language ("fr", Matomo's
 * getLanguage) and the language code with its region ("fr-ca", getLanguageCode) from it.
 */

/** The primary language subtag: "fr-ca" → "fr", "zh_hant_tw" → "zh"; "" when unknown. */
export function languageOf(tag: string): string {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return /^[a-z]{2,3}$/.test(primary) ? primary : '';
}

/**
 * The region subtag, lower case: "fr-ca" → "ca", "es-419" → "419", "zh-hant-tw" → "tw"; "" when the tag
 * names no region. Script subtags (four letters) are skipped.
 */
export function languageRegionOf(tag: string): string {
  const parts = tag.trim().toLowerCase().split(/[-_]/);
  if (languageOf(tag) === '') return '';
  for (const part of parts.slice(1)) {
    if (/^[a-z]{2}$/.test(part) || /^\d{3}$/.test(part)) return part;
  }
  return '';
}

/**
 * Matomo's language-code label: language plus region, "fr-ca"; just the language when there is no
 * region. Browsers send "fr-FR" or "fr_FR"; both give "fr-fr".
 */
export function languageCodeOf(tag: string): string {
  const language = languageOf(tag);
  if (language === '') return '';
  const region = languageRegionOf(tag);
  return region === '' ? language : `${language}-${region}`;
}
