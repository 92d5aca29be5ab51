/**
 * Device, operating system and browser of a hit, with Matomo's names ("Smartphone", "Windows",
 * "Chrome Mobile", "Blink"), and the step that writes them into an event row. The detection itself
 * (a large regex library) lives in the server; core only fixes the vocabulary and the row mapping.
 */
import type { EventRow } from '../event-row.js';

export interface DeviceInfo {
  /** Matomo device type label ("Desktop", "Smartphone", …); "" unknown. */
  readonly type: string;
  readonly brand: string;
  readonly model: string;
  readonly osName: string;
  readonly osVersion: string;
  readonly browserName: string;
  readonly browserVersion: string;
  readonly browserEngine: string;
}

/** What a user-agent detector says: a device, or a bot with its name ("Googlebot"). */
export type DeviceVerdict = { readonly bot: false; readonly device: DeviceInfo } | { readonly bot: true; readonly botName: string };

export const UNKNOWN_DEVICE: DeviceInfo = {
  type: '',
  brand: '',
  model: '',
  osName: '',
  osVersion: '',
  browserName: '',
  browserVersion: '',
  browserEngine: '',
};

/**
 * Matomo's device type labels by DeviceDetector's type name [matomo: plugins/DevicesDetection/functions.php
 * getDeviceTypeLabel]. DeviceDetector names types in lower case; Matomo shows these labels.
 */
export const DEVICE_TYPE_LABELS: Readonly<Record<string, string>> = {
  desktop: 'Desktop',
  smartphone: 'Smartphone',
  tablet: 'Tablet',
  'feature phone': 'Feature phone',
  console: 'Console',
  tv: 'TV',
  'car browser': 'Car browser',
  'smart display': 'Smart display',
  camera: 'Camera',
  'portable media player': 'Portable media player',
  phablet: 'Phablet',
  'smart speaker': 'Smart speaker',
  wearable: 'Wearable',
  peripheral: 'Peripheral',
};

/** The Matomo label of a detector device type; "" when unknown (Matomo shows "Unknown"). */
export function deviceTypeLabel(detectorType: string | undefined): string {
  if (detectorType === undefined) return '';
  return DEVICE_TYPE_LABELS[detectorType.trim().toLowerCase()] ?? '';
}

/** Writes the device columns of a row; returns the row so it chains after buildEventRow. */
export function putDevice(row: EventRow, device: DeviceInfo): EventRow {
  row.device_type = device.type;
  row.device_brand = device.brand;
  row.device_model = device.model;
  row.os_name = device.osName;
  row.os_version = device.osVersion;
  row.browser_name = device.browserName;
  row.browser_version = device.browserVersion;
  row.browser_engine = device.browserEngine;
  return row;
}
