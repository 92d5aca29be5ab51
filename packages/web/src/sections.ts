import type { MessageKey } from './i18n.js';

/** One table on a report page: a Reporting API method and the extra parameters it needs. */
export interface TableDef {
  readonly title: MessageKey | string;
  readonly method: string;
  readonly params?: Record<string, string>;
  /** Hierarchical report (pages, outlinks…): rows open into subtables; a flat switch is offered. */
  readonly tree?: boolean;
}

export interface SectionDef {
  readonly key: string;
  readonly title: MessageKey;
  readonly group: 'visitors' | 'behaviour' | 'acquisition';
  /** Special pages render their own component; the others are one or more tables. */
  readonly kind: 'overview' | 'locations' | 'realtime' | 'visits-log' | 'custom-dimensions' | 'tables';
  readonly tables?: readonly TableDef[];
  /** Shows people one by one (visits, user IDs): never on a public dashboard, whose visitors are anonymous. */
  readonly signedInOnly?: boolean;
}

/** Every dashboard report page, in menu order. Labels are message keys (or plain text for sub-tables). */
export const SECTIONS: readonly SectionDef[] = [
  { key: 'overview', title: 'overview', group: 'visitors', kind: 'overview' },
  { key: 'realtime', title: 'realtime', group: 'visitors', kind: 'realtime', signedInOnly: true },
  { key: 'visits-log', title: 'visitsLog', group: 'visitors', kind: 'visits-log', signedInOnly: true },
  { key: 'locations', title: 'locations', group: 'visitors', kind: 'locations' },
  {
    key: 'devices',
    title: 'devices',
    group: 'visitors',
    kind: 'tables',
    tables: [
      { title: 'Device type', method: 'DevicesDetection.getType' },
      { title: 'Device brand', method: 'DevicesDetection.getBrand' },
      { title: 'Device model', method: 'DevicesDetection.getModel' },
      { title: 'Screen resolution', method: 'Resolution.getResolution' },
    ],
  },
  {
    key: 'software',
    title: 'software',
    group: 'visitors',
    kind: 'tables',
    tables: [
      { title: 'Operating systems', method: 'DevicesDetection.getOsFamilies' },
      { title: 'Browsers', method: 'DevicesDetection.getBrowsers' },
      { title: 'Browser versions', method: 'DevicesDetection.getBrowserVersions' },
      { title: 'Languages', method: 'UserLanguage.getLanguage' },
    ],
  },
  {
    key: 'times',
    title: 'times',
    group: 'visitors',
    kind: 'tables',
    tables: [
      { title: 'Visits per hour (site time)', method: 'VisitTime.getVisitInformationPerServerTime' },
      { title: "Visits per hour (visitor's time)", method: 'VisitTime.getVisitInformationPerLocalTime' },
      { title: 'Visits per day of the week', method: 'VisitTime.getByDayOfWeek' },
    ],
  },
  {
    key: 'engagement',
    title: 'engagement',
    group: 'visitors',
    kind: 'tables',
    tables: [
      { title: 'Visits per visit duration', method: 'VisitorInterest.getNumberOfVisitsPerVisitDuration' },
      { title: 'Visits per number of pages', method: 'VisitorInterest.getNumberOfVisitsPerPage' },
      { title: 'Visits by visit number', method: 'VisitorInterest.getNumberOfVisitsByVisitCount' },
      { title: 'Days since last visit', method: 'VisitorInterest.getNumberOfVisitsByDaysSinceLast' },
    ],
  },
  {
    key: 'user-ids',
    title: 'userIds',
    group: 'visitors',
    kind: 'tables',
    tables: [{ title: 'userIds', method: 'UserId.getUsers' }],
    signedInOnly: true,
  },
  {
    key: 'custom-dimensions',
    title: 'customDimensions',
    group: 'visitors',
    // One table per dimension id that has values in the period (CustomDimensions.getConfiguredCustomDimensions).
    kind: 'custom-dimensions',
  },
  {
    key: 'pages',
    title: 'pages',
    group: 'behaviour',
    kind: 'tables',
    tables: [{ title: 'pages', method: 'Actions.getPageUrls', tree: true }],
  },
  {
    key: 'entry-pages',
    title: 'entryPages',
    group: 'behaviour',
    kind: 'tables',
    tables: [
      { title: 'entryPages', method: 'Actions.getEntryPageUrls', tree: true },
      { title: 'Entry page titles', method: 'Actions.getEntryPageTitles', tree: true },
    ],
  },
  {
    key: 'exit-pages',
    title: 'exitPages',
    group: 'behaviour',
    kind: 'tables',
    tables: [
      { title: 'exitPages', method: 'Actions.getExitPageUrls', tree: true },
      { title: 'Exit page titles', method: 'Actions.getExitPageTitles', tree: true },
    ],
  },
  {
    key: 'titles',
    title: 'pageTitles',
    group: 'behaviour',
    kind: 'tables',
    tables: [{ title: 'pageTitles', method: 'Actions.getPageTitles', tree: true }],
  },
  {
    key: 'site-search',
    title: 'siteSearch',
    group: 'behaviour',
    kind: 'tables',
    tables: [
      { title: 'Search keywords', method: 'Actions.getSiteSearchKeywords' },
      { title: 'Searches without results', method: 'Actions.getSiteSearchNoResultKeywords' },
      { title: 'Search categories', method: 'Actions.getSiteSearchCategories' },
    ],
  },
  {
    key: 'outlinks',
    title: 'outlinks',
    group: 'behaviour',
    kind: 'tables',
    tables: [{ title: 'outlinks', method: 'Actions.getOutlinks', tree: true }],
  },
  {
    key: 'downloads',
    title: 'downloads',
    group: 'behaviour',
    kind: 'tables',
    tables: [{ title: 'downloads', method: 'Actions.getDownloads', tree: true }],
  },
  {
    key: 'events',
    title: 'events',
    group: 'behaviour',
    kind: 'tables',
    tables: [
      { title: 'Event categories', method: 'Events.getCategory' },
      { title: 'Event actions', method: 'Events.getAction' },
      { title: 'Event names', method: 'Events.getName' },
    ],
  },
  {
    key: 'contents',
    title: 'contents',
    group: 'behaviour',
    kind: 'tables',
    tables: [
      { title: 'Content names', method: 'Contents.getContentNames' },
      { title: 'Content pieces', method: 'Contents.getContentPieces' },
    ],
  },
  {
    key: 'channels',
    title: 'channels',
    group: 'acquisition',
    kind: 'tables',
    tables: [
      { title: 'channels', method: 'Referrers.getReferrerType' },
      { title: 'All referrers', method: 'Referrers.getAll' },
    ],
  },
  {
    key: 'websites',
    title: 'websites',
    group: 'acquisition',
    kind: 'tables',
    tables: [{ title: 'websites', method: 'Referrers.getWebsites' }],
  },
  {
    key: 'search-engines',
    title: 'searchEngines',
    group: 'acquisition',
    kind: 'tables',
    tables: [
      { title: 'Search engines', method: 'Referrers.getSearchEngines' },
      { title: 'Keywords', method: 'Referrers.getKeywords' },
    ],
  },
  {
    key: 'socials',
    title: 'socials',
    group: 'acquisition',
    kind: 'tables',
    tables: [{ title: 'socials', method: 'Referrers.getSocials' }],
  },
  {
    key: 'campaigns',
    title: 'campaigns',
    group: 'acquisition',
    kind: 'tables',
    tables: [{ title: 'campaigns', method: 'Referrers.getCampaigns' }],
  },
  {
    key: 'ai-assistants',
    title: 'aiAssistants',
    group: 'acquisition',
    kind: 'tables',
    tables: [{ title: 'aiAssistants', method: 'Referrers.getAIAssistants' }],
  },
];
