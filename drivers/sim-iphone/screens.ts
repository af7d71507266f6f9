// The simulated iPhone's screens by name, for the case format (`expect: { screen: ibkr.moved }`):
// a light entry point that does not load the Appium driver itself.

export { SCREENS, type ScreenId } from './lib/device/screens.ts';
