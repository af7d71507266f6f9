// The simulated iPhones by name, for the case format and the fixtures: a light entry point that
// does not load the Appium driver itself.

export { type DeviceProfile, findProfile, PROFILE_NAMES, PROFILES } from './lib/device/profiles.ts';
