import { describe, expect, it } from 'vitest';
import { type DeviceInfo, deviceTypeLabel, emptyEventRow, putDevice, UNKNOWN_DEVICE } from '../src/index.js';

describe('deviceTypeLabel', () => {
  it.each([
    ['desktop', 'Desktop'],
    ['smartphone', 'Smartphone'],
    ['tablet', 'Tablet'],
    ['phablet', 'Phablet'],
    ['feature phone', 'Feature phone'],
    ['console', 'Console'],
    ['tv', 'TV'],
    ['car browser', 'Car browser'],
    ['smart display', 'Smart display'],
    ['camera', 'Camera'],
    ['portable media player', 'Portable media player'],
    ['smart speaker', 'Smart speaker'],
    ['wearable', 'Wearable'],
    ['peripheral', 'Peripheral'],
    [' Smartphone ', 'Smartphone'],
    ['', ''],
    ['toaster', ''],
    [undefined, ''],
  ])('%s → %s', (type, label) => {
    expect(deviceTypeLabel(type)).toBe(label);
  });
});

describe('putDevice', () => {
  const galaxy: DeviceInfo = {
    type: 'Smartphone',
    brand: 'Samsung',
    model: 'Galaxy S23 Ultra',
    osName: 'Android',
    osVersion: '14.0',
    browserName: 'Chrome Mobile',
    browserVersion: '126.0',
    browserEngine: 'Blink',
  };

  it.each([
    [
      'a detected device',
      galaxy,
      {
        device_type: 'Smartphone',
        device_brand: 'Samsung',
        device_model: 'Galaxy S23 Ultra',
        os_name: 'Android',
        os_version: '14.0',
        browser_name: 'Chrome Mobile',
        browser_version: '126.0',
        browser_engine: 'Blink',
      },
    ],
    [
      'an unknown device',
      UNKNOWN_DEVICE,
      {
        device_type: '',
        device_brand: '',
        device_model: '',
        os_name: '',
        os_version: '',
        browser_name: '',
        browser_version: '',
        browser_engine: '',
      },
    ],
  ])('writes %s into the device columns only', (_name, device, expected) => {
    const row = putDevice(emptyEventRow(), device);
    expect(row).toEqual({ ...emptyEventRow(), ...expected });
  });
});
