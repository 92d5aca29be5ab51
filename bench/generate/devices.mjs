// Devices, operating systems and browsers with roughly the shares seen on European/US sites in 2026,
// named the way Matomo's DeviceDetector names them, each with a user agent consistent with it.

const pairs = (text) => text.split(' ').map((entry) => entry.split(':').map((v, i) => (i === 1 ? Number(v) : v)));

const WIN_CHROME = (_os, b) =>
  `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${b}.0.0.0 Safari/537.36`;
const WIN_EDGE = (_os, b) =>
  `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${b}.0.0.0 Safari/537.36 Edg/${b}.0.0.0`;
const WIN_FIREFOX = (_os, b) => `Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:${b}.0) Gecko/20100101 Firefox/${b}.0`;
const WIN_OPERA = (_os, b) =>
  `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${Number(b) + 15}.0.0.0 Safari/537.36 OPR/${b}.0.0.0`;
const MAC_CHROME = (_os, b) =>
  `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${b}.0.0.0 Safari/537.36`;
const MAC_SAFARI = (_os, b) =>
  `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${b} Safari/605.1.15`;
const MAC_FIREFOX = (_os, b) => `Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:${b}.0) Gecko/20100101 Firefox/${b}.0`;
const LINUX_CHROME = (_os, b) => `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${b}.0.0.0 Safari/537.36`;
const LINUX_FIREFOX = (_os, b) => `Mozilla/5.0 (X11; Linux x86_64; rv:${b}.0) Gecko/20100101 Firefox/${b}.0`;
const UBUNTU_FIREFOX = (_os, b) => `Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:${b}.0) Gecko/20100101 Firefox/${b}.0`;
const CROS_CHROME = (_os, b) =>
  `Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${b}.0.0.0 Safari/537.36`;
const IPHONE_SAFARI = (os, b) =>
  `Mozilla/5.0 (iPhone; CPU iPhone OS ${os.replace('.', '_')} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${b} Mobile/15E148 Safari/604.1`;
const IPHONE_CHROME = (os, b) =>
  `Mozilla/5.0 (iPhone; CPU iPhone OS ${os.replace('.', '_')} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/${b}.0.0.0 Mobile/15E148 Safari/604.1`;
const IPAD_SAFARI = (_os, b) =>
  `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${b} Mobile/15E148 Safari/604.1`;
// Chrome's reduced user agent: Android version and model are frozen ("Android 10; K"); client hints carry the rest.
const ANDROID_CHROME = (_os, b) =>
  `Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${b}.0.0.0 Mobile Safari/537.36`;
const ANDROID_TABLET_CHROME = (_os, b) =>
  `Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${b}.0.0.0 Safari/537.36`;
const SAMSUNG_BROWSER = (os, b) =>
  `Mozilla/5.0 (Linux; Android ${os}; SAMSUNG SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/${b}.0 Chrome/130.0.0.0 Mobile Safari/537.36`;
const ANDROID_FIREFOX = (os, b) => `Mozilla/5.0 (Android ${os}; Mobile; rv:${b}.0) Gecko/${b}.0 Firefox/${b}.0`;
const PS5 = () => 'Mozilla/5.0 (PlayStation; PlayStation 5/9.00) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/9.0 Safari/605.1.15';
const SMART_TV = (_os, b) =>
  `Mozilla/5.0 (SMART-TV; Linux; Tizen 7.0) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/${b}.0 Chrome/94.0.4606.31 TV Safari/537.36`;

const CHROME_VERSIONS = pairs('142:40 141:30 140:12 139:6 138:4 136:3 131:2 120:2 109:1');
const FIREFOX_VERSIONS = pairs('145:45 144:25 143:10 140:10 128:6 115:4');
const SAFARI_VERSIONS = pairs('26.1:40 26.0:25 18.6:18 18.5:8 17.6:6 16.6:3');
const WINDOWS_VERSIONS = pairs('11:58 10:40 8.1:1 7:1');
const MAC_VERSIONS = pairs('10.15:100');
const IOS_VERSIONS = pairs('26.1:35 26.0:20 18.7:20 18.6:10 17.7:8 16.7:5 15.8:2');
const ANDROID_VERSIONS = pairs('16:18 15:35 14:25 13:12 12:6 11:3 10:1');
const WIDE = pairs('1920x1080:34 1536x864:10 1366x768:9 2560x1440:9 1440x900:6 1280x720:4 1680x1050:3 3840x2160:3 1600x900:4 1280x1024:2');
const MAC_SCREENS = pairs('1440x900:20 1512x982:25 1728x1117:15 1470x956:20 2560x1440:10 1920x1080:10');
const IPHONE_SCREENS = pairs('390x844:28 393x852:25 430x932:15 375x667:10 414x896:10 428x926:7 375x812:5');
const ANDROID_SCREENS = pairs('412x915:30 360x800:20 384x854:12 393x873:12 412x892:10 360x780:8 411x914:8');
const TABLET_SCREENS = pairs('820x1180:30 810x1080:25 1024x1366:15 800x1280:20 768x1024:10');

/**
 * Device templates: a type, brand and models, an OS and a browser (each with versions), screens and the
 * user agent. `share` is the template's share of visits (percent).
 */
export const DEVICES = [
  // Desktop ≈ 46 %
  {
    share: 22,
    type: 'Desktop',
    brand: '',
    models: [''],
    os: 'Windows',
    osVersions: WINDOWS_VERSIONS,
    browser: 'Chrome',
    engine: 'Blink',
    browserVersions: CHROME_VERSIONS,
    screens: WIDE,
    ua: WIN_CHROME,
  },
  {
    share: 7,
    type: 'Desktop',
    brand: '',
    models: [''],
    os: 'Windows',
    osVersions: WINDOWS_VERSIONS,
    browser: 'Microsoft Edge',
    engine: 'Blink',
    browserVersions: CHROME_VERSIONS,
    screens: WIDE,
    ua: WIN_EDGE,
  },
  {
    share: 3.5,
    type: 'Desktop',
    brand: '',
    models: [''],
    os: 'Windows',
    osVersions: WINDOWS_VERSIONS,
    browser: 'Firefox',
    engine: 'Gecko',
    browserVersions: FIREFOX_VERSIONS,
    screens: WIDE,
    ua: WIN_FIREFOX,
  },
  {
    share: 0.8,
    type: 'Desktop',
    brand: '',
    models: [''],
    os: 'Windows',
    osVersions: WINDOWS_VERSIONS,
    browser: 'Opera',
    engine: 'Blink',
    browserVersions: pairs('124:60 123:40'),
    screens: WIDE,
    ua: WIN_OPERA,
  },
  {
    share: 4.5,
    type: 'Desktop',
    brand: 'Apple',
    models: [''],
    os: 'Mac',
    osVersions: MAC_VERSIONS,
    browser: 'Chrome',
    engine: 'Blink',
    browserVersions: CHROME_VERSIONS,
    screens: MAC_SCREENS,
    ua: MAC_CHROME,
  },
  {
    share: 4,
    type: 'Desktop',
    brand: 'Apple',
    models: [''],
    os: 'Mac',
    osVersions: MAC_VERSIONS,
    browser: 'Safari',
    engine: 'WebKit',
    browserVersions: SAFARI_VERSIONS,
    screens: MAC_SCREENS,
    ua: MAC_SAFARI,
  },
  {
    share: 0.8,
    type: 'Desktop',
    brand: 'Apple',
    models: [''],
    os: 'Mac',
    osVersions: MAC_VERSIONS,
    browser: 'Firefox',
    engine: 'Gecko',
    browserVersions: FIREFOX_VERSIONS,
    screens: MAC_SCREENS,
    ua: MAC_FIREFOX,
  },
  {
    share: 1,
    type: 'Desktop',
    brand: '',
    models: [''],
    os: 'GNU/Linux',
    osVersions: pairs(':100'),
    browser: 'Chrome',
    engine: 'Blink',
    browserVersions: CHROME_VERSIONS,
    screens: WIDE,
    ua: LINUX_CHROME,
  },
  {
    share: 1,
    type: 'Desktop',
    brand: '',
    models: [''],
    os: 'GNU/Linux',
    osVersions: pairs(':100'),
    browser: 'Firefox',
    engine: 'Gecko',
    browserVersions: FIREFOX_VERSIONS,
    screens: WIDE,
    ua: LINUX_FIREFOX,
  },
  {
    share: 0.4,
    type: 'Desktop',
    brand: '',
    models: [''],
    os: 'Ubuntu',
    osVersions: pairs(':100'),
    browser: 'Firefox',
    engine: 'Gecko',
    browserVersions: FIREFOX_VERSIONS,
    screens: WIDE,
    ua: UBUNTU_FIREFOX,
  },
  {
    share: 0.8,
    type: 'Desktop',
    brand: '',
    models: [''],
    os: 'Chrome OS',
    osVersions: pairs('14541.0.0:100'),
    browser: 'Chrome',
    engine: 'Blink',
    browserVersions: CHROME_VERSIONS,
    screens: pairs('1366x768:50 1536x864:50'),
    ua: CROS_CHROME,
  },
  // Smartphone ≈ 48 %
  {
    share: 19,
    type: 'Smartphone',
    brand: 'Apple',
    models: ['iPhone'],
    os: 'iOS',
    osVersions: IOS_VERSIONS,
    browser: 'Mobile Safari',
    engine: 'WebKit',
    browserVersions: SAFARI_VERSIONS,
    screens: IPHONE_SCREENS,
    ua: IPHONE_SAFARI,
  },
  {
    share: 2,
    type: 'Smartphone',
    brand: 'Apple',
    models: ['iPhone'],
    os: 'iOS',
    osVersions: IOS_VERSIONS,
    browser: 'Chrome Mobile iOS',
    engine: 'WebKit',
    browserVersions: CHROME_VERSIONS,
    screens: IPHONE_SCREENS,
    ua: IPHONE_CHROME,
  },
  {
    share: 8,
    type: 'Smartphone',
    brand: 'Samsung',
    models: ['Galaxy S24', 'Galaxy S23', 'Galaxy A54', 'Galaxy A34', 'Galaxy S25 Ultra', 'Galaxy A15'],
    os: 'Android',
    osVersions: ANDROID_VERSIONS,
    browser: 'Chrome Mobile',
    engine: 'Blink',
    browserVersions: CHROME_VERSIONS,
    screens: ANDROID_SCREENS,
    ua: ANDROID_CHROME,
  },
  {
    share: 3.5,
    type: 'Smartphone',
    brand: 'Samsung',
    models: ['Galaxy S24', 'Galaxy S23', 'Galaxy A54', 'Galaxy A15'],
    os: 'Android',
    osVersions: ANDROID_VERSIONS,
    browser: 'Samsung Browser',
    engine: 'Blink',
    browserVersions: pairs('28:50 27:30 26:20'),
    screens: ANDROID_SCREENS,
    ua: SAMSUNG_BROWSER,
  },
  {
    share: 3,
    type: 'Smartphone',
    brand: 'Google',
    models: ['Pixel 9', 'Pixel 8', 'Pixel 8a', 'Pixel 7'],
    os: 'Android',
    osVersions: pairs('16:50 15:40 14:10'),
    browser: 'Chrome Mobile',
    engine: 'Blink',
    browserVersions: CHROME_VERSIONS,
    screens: ANDROID_SCREENS,
    ua: ANDROID_CHROME,
  },
  {
    share: 4,
    type: 'Smartphone',
    brand: 'Xiaomi',
    models: ['Redmi Note 13', 'Redmi Note 12', '14T', 'Poco X6'],
    os: 'Android',
    osVersions: ANDROID_VERSIONS,
    browser: 'Chrome Mobile',
    engine: 'Blink',
    browserVersions: CHROME_VERSIONS,
    screens: ANDROID_SCREENS,
    ua: ANDROID_CHROME,
  },
  {
    share: 1.5,
    type: 'Smartphone',
    brand: 'Huawei',
    models: ['P30 Pro', 'P40', 'Nova 9'],
    os: 'Android',
    osVersions: pairs('12:30 10:70'),
    browser: 'Chrome Mobile',
    engine: 'Blink',
    browserVersions: CHROME_VERSIONS,
    screens: ANDROID_SCREENS,
    ua: ANDROID_CHROME,
  },
  {
    share: 1.5,
    type: 'Smartphone',
    brand: 'OPPO',
    models: ['Reno11', 'A78', 'Find X7'],
    os: 'Android',
    osVersions: ANDROID_VERSIONS,
    browser: 'Chrome Mobile',
    engine: 'Blink',
    browserVersions: CHROME_VERSIONS,
    screens: ANDROID_SCREENS,
    ua: ANDROID_CHROME,
  },
  {
    share: 1,
    type: 'Smartphone',
    brand: 'OnePlus',
    models: ['12', 'Nord 3', '11'],
    os: 'Android',
    osVersions: ANDROID_VERSIONS,
    browser: 'Chrome Mobile',
    engine: 'Blink',
    browserVersions: CHROME_VERSIONS,
    screens: ANDROID_SCREENS,
    ua: ANDROID_CHROME,
  },
  {
    share: 1.5,
    type: 'Smartphone',
    brand: 'Motorola',
    models: ['Moto G84', 'Edge 40', 'Moto G54'],
    os: 'Android',
    osVersions: ANDROID_VERSIONS,
    browser: 'Chrome Mobile',
    engine: 'Blink',
    browserVersions: CHROME_VERSIONS,
    screens: ANDROID_SCREENS,
    ua: ANDROID_CHROME,
  },
  {
    share: 0.5,
    type: 'Smartphone',
    brand: 'Samsung',
    models: ['Galaxy S23', 'Galaxy A54'],
    os: 'Android',
    osVersions: ANDROID_VERSIONS,
    browser: 'Firefox Mobile',
    engine: 'Gecko',
    browserVersions: FIREFOX_VERSIONS,
    screens: ANDROID_SCREENS,
    ua: ANDROID_FIREFOX,
  },
  {
    share: 0.6,
    type: 'Phablet',
    brand: 'Samsung',
    models: ['Galaxy Z Fold6', 'Galaxy Note20 Ultra'],
    os: 'Android',
    osVersions: ANDROID_VERSIONS,
    browser: 'Chrome Mobile',
    engine: 'Blink',
    browserVersions: CHROME_VERSIONS,
    screens: pairs('768x1076:50 412x915:50'),
    ua: ANDROID_CHROME,
  },
  // Tablet ≈ 4 %, and a few others
  {
    share: 2.5,
    type: 'Tablet',
    brand: 'Apple',
    models: ['iPad'],
    os: 'iPadOS',
    osVersions: IOS_VERSIONS,
    browser: 'Mobile Safari',
    engine: 'WebKit',
    browserVersions: SAFARI_VERSIONS,
    screens: TABLET_SCREENS,
    ua: IPAD_SAFARI,
  },
  {
    share: 1,
    type: 'Tablet',
    brand: 'Samsung',
    models: ['Galaxy Tab S9', 'Galaxy Tab A8'],
    os: 'Android',
    osVersions: ANDROID_VERSIONS,
    browser: 'Chrome',
    engine: 'Blink',
    browserVersions: CHROME_VERSIONS,
    screens: TABLET_SCREENS,
    ua: ANDROID_TABLET_CHROME,
  },
  {
    share: 0.3,
    type: 'Tablet',
    brand: 'Lenovo',
    models: ['Tab P11', 'Tab M10'],
    os: 'Android',
    osVersions: ANDROID_VERSIONS,
    browser: 'Chrome',
    engine: 'Blink',
    browserVersions: CHROME_VERSIONS,
    screens: TABLET_SCREENS,
    ua: ANDROID_TABLET_CHROME,
  },
  {
    share: 0.1,
    type: 'Console',
    brand: 'Sony',
    models: ['PlayStation 5'],
    os: 'PlayStation',
    osVersions: pairs('5:100'),
    browser: 'Safari',
    engine: 'WebKit',
    browserVersions: pairs('9.0:100'),
    screens: pairs('1920x1080:100'),
    ua: PS5,
  },
  {
    share: 0.2,
    type: 'TV',
    brand: 'Samsung',
    models: [''],
    os: 'Tizen',
    osVersions: pairs('7.0:100'),
    browser: 'Samsung Browser',
    engine: 'Blink',
    browserVersions: pairs('6.2:100'),
    screens: pairs('1920x1080:100'),
    ua: SMART_TV,
  },
];
