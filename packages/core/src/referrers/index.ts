export { classifyParsedReferrer, classifyReferrerUrl, type ReferrerClassification } from './classify.js';
export { isFediverse } from './fediverse.js';
export { type ChannelEntry, GENERIC_KEYWORD_PARAMETERS, lookupHost, type ReferrerChannel } from './host-index.js';
export { AI_ASSISTANTS, type AiAssistantDefinition, WEBSITE_OVERRIDES } from './lists/ai-assistants.js';
export { SEARCH_ENGINES, type SearchEngineDefinition } from './lists/search-engines.js';
export { SOCIAL_NETWORKS, type SocialNetworkDefinition } from './lists/social-networks.js';
export { BUILTIN_SPAM_LIST, parseHostList } from './lists/spam-hosts.js';
export { BUILTIN_SPAM_HOSTS, createSpamHostMatcher, type SpamHostMatcher } from './spam.js';
