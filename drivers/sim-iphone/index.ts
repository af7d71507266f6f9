export { SimulatedIPhone } from './lib/device/device.ts';
export { PROFILE_NAMES, PROFILES } from './lib/device/profiles.ts';
export { IBKR_BUNDLE_ID } from './lib/device/screens.ts';
export { SimIPhoneDriver, SimIPhoneDriver as default } from './lib/driver.ts';
