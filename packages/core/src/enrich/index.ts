export {
  DEVICE_TYPE_LABELS,
  type DeviceInfo,
  type DeviceVerdict,
  deviceTypeLabel,
  putDevice,
  UNKNOWN_DEVICE,
} from './device.js';
export { type GeoLookup, type GeoRecord, geolocate, locatableIp } from './geo.js';
export { languageCodeOf, languageOf, languageRegionOf } from './language.js';
export { localHourOf } from './local-time.js';
