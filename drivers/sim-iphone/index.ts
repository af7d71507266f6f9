export { SimulatedIPhone } from './lib/device/device.ts';
export { PROFILE_NAMES, PROFILES } from './lib/device/profiles.ts';
export { SimIPhoneDriver, SimIPhoneDriver as default } from './lib/driver.ts';
