/**
 * Built-in referrer-spam list, in the same format as the SILLAGE_SPAM_LIST_FILE an installation may add:
 * one host per line, "#" starts a comment. A host also covers its subdomains.
 *
 * Origin: compiled by the Sillage project (2025) from domains publicly reported as referrer/"ghost"
 * spam in web-analytics forums, blog posts and hosting-provider advisories since 2014. Our own
 * compilation, not a copy of any other list; released under CC0 1.0 (public domain dedication).
 * Additions: one host per line, with the public report that shows it spamming in the commit message.
 */
export const BUILTIN_SPAM_LIST = `
# Semalt / Darodar family and their "share buttons" domains
semalt.com
darodar.com
darodar.ru
buttons-for-website.com
buttons-for-your-website.com
free-share-buttons.com
1-free-share-buttons.com
simple-share-buttons.com
social-buttons.com
floating-share-buttons.com
free-floating-buttons.com
free-social-buttons.com
sharebutton.net
sharebutton.to
share-buttons.xyz
social-widget.xyz
get-free-social-traffic.com
get-free-traffic-now.com
# Vitaly family
ilovevitaly.com
ilovevitaly.ru
ilovevitaly.co
ilovevitaly.org
ilovevitaly.info
iloveitaly.ru
iloveitaly.co
econom.co
cenoval.ru
cenokos.ru
forum20.smailik.org
# "SEO offer" spam
best-seo-offer.com
best-seo-solution.com
best-seo-software.xyz
100dollars-seo.com
success-seo.com
seoexperimenty.ru
seo-platform.com
keywords-monitoring-your-success.com
rank-checker.online
ranksonic.info
ranksonic.org
ranksonic.net
site-auditor.online
website-analyzer.info
fix-website-errors.com
website-errors-scanner.com
responsive-test.net
hosting-tracker.com
prodvigator.ua
# Traffic / monetisation spam
trafficmonetize.com
trafficmonetizer.org
traffic2money.com
traffic2cash.xyz
trafficgenius.xyz
webmonetizer.net
web-revenue.xyz
monetizationking.net
makemoneyonline.com
7makemoneyonline.com
4webmasters.org
webmaster-traffic.com
event-tracking.com
offers.bycontext.com
# Look-alike and misc. ghost spam
hulfingtonpost.com
humanorightswatch.org
priceg.com
blackhatworth.com
kambasoft.com
savetubevideo.com
screentoolkit.com
videos-for-your-business.com
video--production.com
e-buyeasy.com
o-o-6-o-o.com
o-o-8-o-o.com
o-o-11-o-o.com
co.lumb.co
lumb.co
lomb.co
googlsucks.com
guardlink.org
howtostopreferralspam.eu
anticrawler.org
bestwebsitesawards.com
burger-imperia.com
buy-cheap-online.info
cityadspix.com
descargar-musica-gratis.net
domination.ml
doska-vsego.ru
dvr.biz.ua
erot.co
free-video-tool.com
luxup.ru
quit-smoking.ga
rankings-analytics.com
sanjosestartups.com
socialseet.ru
sohoindia.net
superiends.org
vapmedia.org
zazagames.org
alibestsale.com
`;

/**
 * Hosts of a spam list text: one per line, "#" comments and blanks ignored; a URL or "www." prefix is
 * reduced to its host, so pasted entries still work.
 */
export function parseHostList(text: string): string[] {
  const hosts: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    let entry = line.replace(/#.*/, '').trim().toLowerCase();
    if (entry === '') continue;
    entry = entry
      .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
      .replace(/[/?#:].*$/, '')
      .replace(/^www\./, '')
      .replace(/\.$/, '');
    if (entry !== '') hosts.push(entry);
  }
  return hosts;
}
