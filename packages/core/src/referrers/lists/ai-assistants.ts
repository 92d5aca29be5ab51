/**
 * AI assistants: chat products whose answers link to sites. Matomo reports them as their own channel
 * ("AI Assistants"); we store them with referrer type 8 (REFERRER_TYPE.ai).
 *
 * Origin: compiled by the Sillage project from the products' own domains and link formats; our own list,
 * CC0. Host syntax: see search-engines.ts ("host/path" entries are assistants living under a bigger site).
 */
export interface AiAssistantDefinition {
  readonly name: string;
  readonly hosts: readonly string[];
}

export const AI_ASSISTANTS: readonly AiAssistantDefinition[] = [
  { name: 'ChatGPT', hosts: ['chatgpt.com', 'chat.openai.com', 'com.openai.chatgpt'] },
  { name: 'Perplexity', hosts: ['perplexity.ai', 'ai.perplexity.ai', 'ai.perplexity.android'] },
  { name: 'Gemini', hosts: ['gemini.google.com', 'bard.google.com', 'aistudio.google.com'] },
  {
    name: 'Microsoft Copilot',
    hosts: ['copilot.microsoft.com', 'copilot.cloud.microsoft', 'm365.cloud.microsoft', 'bing.com/chat', 'edgeservices.bing.com'],
  },
  { name: 'GitHub Copilot', hosts: ['github.com/copilot'] },
  { name: 'Claude', hosts: ['claude.ai', 'claude.com'] },
  { name: 'Mistral Le Chat', hosts: ['chat.mistral.ai'] },
  { name: 'DeepSeek', hosts: ['chat.deepseek.com', 'deepseek.com'] },
  { name: 'Meta AI', hosts: ['meta.ai'] },
  { name: 'Grok', hosts: ['grok.com', 'x.com/i/grok', 'twitter.com/i/grok'] },
  { name: 'Poe', hosts: ['poe.com'] },
  { name: 'Phind', hosts: ['phind.com'] },
  { name: 'HuggingChat', hosts: ['huggingface.co/chat'] },
  { name: 'Pi', hosts: ['pi.ai'] },
  { name: 'Character.AI', hosts: ['character.ai'] },
  { name: 'Kimi', hosts: ['kimi.com', 'kimi.moonshot.cn'] },
  { name: 'Doubao', hosts: ['doubao.com'] },
  { name: 'Qwen', hosts: ['chat.qwen.ai', 'tongyi.aliyun.com', 'qianwen.aliyun.com'] },
  { name: 'ERNIE Bot', hosts: ['yiyan.baidu.com'] },
  { name: 'Felo', hosts: ['felo.ai'] },
  { name: 'Komo', hosts: ['komo.ai'] },
  { name: 'Kagi Assistant', hosts: ['kagi.com/assistant'] },
];

/**
 * Subdomains or paths of recognised sites that are plain websites (mail, documents, app stores), so the
 * parent's classification ("google.*" is a search engine) does not swallow them. Our own list, CC0.
 */
export const WEBSITE_OVERRIDES: readonly string[] = [
  'mail.google.*',
  'docs.google.com',
  'drive.google.com',
  'play.google.com',
  'translate.google.*',
  'calendar.google.com',
  'mail.yahoo.com',
  'mail.yandex.*',
  'disk.yandex.*',
  'mail.naver.com',
  'email.seznam.cz',
  'mail.qq.com',
];
