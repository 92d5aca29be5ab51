/**
 * Device, OS, browser and bot detection with node-device-detector (MIT), a maintained port of Matomo's
 * DeviceDetector: same regexes, same names, so reports read "Smartphone", "Samsung", "Galaxy S23 Ultra",
 * "Chrome Mobile", "Blink" as in Matomo. A parse costs 1–13 ms (far more while its regexes compile on
 * first use), so verdicts are cached by user agent + client hints: real traffic repeats a few thousand
 * combinations.
 */
import { createRequire } from 'node:module';
import { type DeviceInfo, type DeviceVerdict, deviceTypeLabel } from '@sillage/core';
import type * as DeviceDetectorModule from 'node-device-detector';
import type * as ClientHintsModule from 'node-device-detector/client-hints.js';

// CommonJS packages whose typings declare an ES default export: under NodeNext that export sits at
// `.default` of module.exports, while at run time module.exports is the class itself.
type DeviceDetectorClass = InstanceType<typeof DeviceDetectorModule.default.default>;
const require = createRequire(import.meta.url);
const DeviceDetector = require('node-device-detector') as typeof DeviceDetectorModule.default.default;
const ClientHints = require('node-device-detector/client-hints.js') as typeof ClientHintsModule.default.default;

export interface DeviceDetectorOptions {
  /** Verdicts kept in memory (user agent + hints combinations). */
  readonly cacheSize?: number;
}

/** Longest user agent parsed: real ones are under 300 characters, and parse time grows with length. */
const MAX_USER_AGENT = 500;

export class CachedDeviceDetector {
  readonly #detector: DeviceDetectorClass;
  readonly #hints = new ClientHints();
  readonly #cache = new Map<string, DeviceVerdict>();
  readonly #max: number;
  hits = 0;
  misses = 0;

  constructor(options: DeviceDetectorOptions = {}) {
    this.#max = Math.max(1, options.cacheSize ?? 20_000);
    this.#detector = new DeviceDetector({
      clientIndexes: true,
      deviceIndexes: true,
      osIndexes: true,
      deviceAliasCode: false,
      maxUserAgentSize: MAX_USER_AGENT,
      // Matomo keeps major.minor ("126.0", "14.0"): DeviceDetector's default VERSION_TRUNCATION_MINOR.
      osVersionTruncate: 1,
      clientVersionTruncate: 1,
    } as ConstructorParameters<typeof DeviceDetector>[0]);
  }

  get cacheSize(): number {
    return this.#cache.size;
  }

  /** The verdict for a user agent and the client hints sent with it (uadata JSON or Sec-CH-UA* headers). */
  detect(userAgent: string, clientHints?: Readonly<Record<string, unknown>>): DeviceVerdict {
    const hasHints = clientHints !== undefined && Object.keys(clientHints).length > 0;
    const key = hasHints ? `${userAgent}\u0000${JSON.stringify(clientHints)}` : userAgent;
    const cached = this.#cache.get(key);
    if (cached !== undefined) {
      this.hits++;
      // Move to the back: Map iteration order is the eviction order.
      this.#cache.delete(key);
      this.#cache.set(key, cached);
      return cached;
    }
    this.misses++;
    const verdict = this.#parse(userAgent, hasHints ? clientHints : undefined);
    this.#cache.set(key, verdict);
    if (this.#cache.size > this.#max) this.#cache.delete(this.#cache.keys().next().value as string);
    return verdict;
  }

  #parse(userAgent: string, clientHints: Readonly<Record<string, unknown>> | undefined): DeviceVerdict {
    // Matomo does not call an empty user agent a bot, and there is nothing to detect in it.
    if (userAgent.trim() === '') return { bot: false, device: unknownDevice() };
    const hints = clientHints === undefined ? undefined : this.#hints.parse(clientHints as never, {});
    const bot = this.#detector.parseBot(userAgent, hints);
    if (bot !== null && typeof bot === 'object' && typeof bot.name === 'string' && bot.name !== '') {
      return { bot: true, botName: bot.name };
    }
    return { bot: false, device: toDeviceInfo(this.#detector.detect(userAgent, hints)) };
  }
}

type DetectResult = ReturnType<DeviceDetectorClass['detect']>;

/** Detector result → Matomo's fields. Only real browsers fill the browser columns, as in Matomo. */
export function toDeviceInfo(result: DetectResult): DeviceInfo {
  const os = result.os as Partial<Record<'name' | 'version', string>>;
  const client = result.client as Partial<Record<'type' | 'name' | 'version' | 'engine', string>>;
  const device = result.device as Partial<Record<'type' | 'brand' | 'model', string>>;
  const isBrowser = client.type === 'browser';
  return {
    type: deviceTypeLabel(device.type),
    brand: device.brand ?? '',
    model: device.model ?? '',
    osName: os.name ?? '',
    osVersion: majorMinor(os.version ?? ''),
    browserName: isBrowser ? (client.name ?? '') : '',
    browserVersion: isBrowser ? majorMinor(client.version ?? '') : '',
    browserEngine: isBrowser ? (client.engine ?? '') : '',
  };
}

/**
 * Keeps at most major.minor. The detector truncates versions it reads from the user agent, but passes
 * client-hint versions through whole ("14.0.0"), which would split one OS version into two report rows.
 */
export function majorMinor(version: string): string {
  const parts = version.split('.');
  return parts.length <= 2 ? version : `${parts[0]}.${parts[1]}`;
}

function unknownDevice(): DeviceInfo {
  return { type: '', brand: '', model: '', osName: '', osVersion: '', browserName: '', browserVersion: '', browserEngine: '' };
}
