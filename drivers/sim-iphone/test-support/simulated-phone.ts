// A simulated iPhone for the device's unit tests, without Appium: an iPhone 15 in English with
// nothing installed, unless a test says otherwise.

import { SimulatedIPhone } from '../lib/device/device.ts';
import { findProfile } from '../lib/device/profiles.ts';

type PhoneOptions = ConstructorParameters<typeof SimulatedIPhone>[0];

export function simulatedPhone(
  overrides: Partial<Omit<PhoneOptions, 'profile'>> & { profileName?: string } = {},
): SimulatedIPhone {
  const { profileName = 'iPhone 15 (Face ID)', ...options } = overrides;
  const profile = findProfile(profileName);
  if (!profile) throw new Error(`"${profileName}" is not a simulated iPhone's profile.`);
  return new SimulatedIPhone({
    profile,
    locale: 'en-US',
    platformVersion: '18.1',
    installedApps: [],
    settings: {},
    passcode: '123456',
    ...options,
  });
}
