// The capabilities a session of the simulated iPhone accepts, and how they become device options.
// Bad values refuse the session with a sentence that lists what is accepted.

import type { Constraints, DriverCaps, W3CDriverCaps } from '@appium/types';
import type { Locale } from '../../../product/index.ts';
import { IBKR_BUNDLE_ID, PHONE_SETTINGS } from '../../../product/index.ts';
import type { DeviceOptions, SettingName } from './device/device.ts';
import { findProfile, PROFILE_NAMES } from './device/profiles.ts';
import { TIMING_MODES, TIMING_SCALE_RANGE, Timing, type TimingMode } from './device/timing.ts';

export const desiredCapConstraints = {
  platformName: { presence: true, isString: true, inclusionCaseInsensitive: ['iOS'] },
  automationName: { presence: true, isString: true, inclusionCaseInsensitive: ['SimIPhone'] },
  deviceName: { presence: true, isString: true },
  platformVersion: { isString: true },
  language: { isString: true },
  locale: { isString: true },
  installedApps: { isArray: true },
  initialSettings: { isObject: true },
  passcode: { isString: true },
  phoneNumber: { isString: true },
  apnsSimulatorUrl: { isString: true },
  thirdPartyGatewayUrl: { isString: true },
  portalUrl: { isString: true },
  /** "realistic" (the default): the phone is asynchronous as a device is; "instant": every command returns with the phone settled. */
  timing: { isString: true },
  /** Multiplies the realistic delays (0.1 to 10; 1 by default). */
  timingScale: { isNumber: true },
} as const satisfies Constraints;

export type SimIPhoneConstraints = typeof desiredCapConstraints;

/** A new-session request's capabilities, "appium:"-prefixed as a client sends them. */
export type W3CSimIPhoneCaps = W3CDriverCaps<SimIPhoneConstraints>;

/** The capabilities once Appium has validated them against the constraints and dropped the prefixes. */
export type SimIPhoneCaps = DriverCaps<SimIPhoneConstraints>;

export class CapabilityError extends Error {
  override name = 'CapabilityError';
}

const INSTALLABLE = [IBKR_BUNDLE_ID];

/** E.164: a +, a country code that does not start with 0, at most 15 digits in all. */
const E164 = /^\+[1-9]\d{6,14}$/;

/** XCUITest's language ("fr") and locale ("fr_FR") capabilities, or a BCP 47 tag, to a phone locale. */
export function localeFrom(language?: string, locale?: string): Locale {
  const tag = (locale ?? language ?? 'en').replace('_', '-').toLowerCase();
  if (tag.startsWith('fr')) return 'fr-FR';
  if (tag.startsWith('en')) return 'en-US';
  throw new CapabilityError(
    `appium:language/appium:locale "${locale ?? language}" is not supported; use fr or fr_FR, en or en_US.`,
  );
}

export function deviceOptionsFrom(caps: SimIPhoneCaps): DeviceOptions {
  const profile = findProfile(caps.deviceName);
  if (!profile) {
    throw new CapabilityError(
      `appium:deviceName "${caps.deviceName}" is not a simulated iPhone; use one of: ${PROFILE_NAMES.join(', ')}.`,
    );
  }
  const platformVersion = caps.platformVersion ?? profile.platformVersion;
  if (!/^\d{2}(\.\d+){0,2}$/.test(platformVersion) || Number.parseInt(platformVersion, 10) < 15) {
    throw new CapabilityError(
      `appium:platformVersion "${platformVersion}" is not an iOS version the lab simulates; use 15.0 or later, e.g. "${profile.platformVersion}".`,
    );
  }
  // The caps type says string[], but Appium checks only that installedApps is an array: check each entry.
  const installedApps = (caps.installedApps ?? []).map((app: unknown) => {
    if (typeof app !== 'string' || !INSTALLABLE.includes(app)) {
      throw new CapabilityError(
        `appium:installedApps has ${JSON.stringify(app)}; the apps that can be preinstalled are: ${INSTALLABLE.join(', ')}.`,
      );
    }
    return app;
  });
  const settings: Partial<Record<SettingName, boolean>> = {};
  for (const [name, value] of Object.entries(caps.initialSettings ?? {})) {
    if (!PHONE_SETTINGS.includes(name as SettingName)) {
      throw new CapabilityError(
        `appium:initialSettings has an unknown setting "${name}"; the settings are: ${PHONE_SETTINGS.join(', ')}.`,
      );
    }
    if (typeof value !== 'boolean')
      throw new CapabilityError(
        `appium:initialSettings.${name} must be true or false, not ${JSON.stringify(value)}.`,
      );
    settings[name as SettingName] = value;
  }
  const passcode = caps.passcode ?? '123456';
  if (!/^\d{4,6}$/.test(passcode)) throw new CapabilityError('appium:passcode must be 4 to 6 digits.');
  const phoneNumber = caps.phoneNumber;
  if (phoneNumber !== undefined && !E164.test(phoneNumber)) {
    throw new CapabilityError(
      `appium:phoneNumber must be an E.164 number: a + and 7 to 15 digits with no spaces, e.g. "+33612345678", not "${phoneNumber}".`,
    );
  }
  for (const key of ['apnsSimulatorUrl', 'thirdPartyGatewayUrl', 'portalUrl'] as const) {
    const url = caps[key];
    if (url !== undefined && !/^https?:\/\//.test(url))
      throw new CapabilityError(`appium:${key} must be an http(s) URL, not "${url}".`);
  }
  return {
    timing: timingFrom(caps.timing, caps.timingScale),
    profile,
    locale: localeFrom(caps.language, caps.locale),
    platformVersion,
    installedApps,
    settings,
    passcode,
    phoneNumber,
    apnsSimulatorUrl: caps.apnsSimulatorUrl,
    thirdPartyGatewayUrl: caps.thirdPartyGatewayUrl,
    portalUrl: caps.portalUrl,
  };
}

/** appium:timing and appium:timingScale to the phone's timing: realistic unless the session asks otherwise. */
export function timingFrom(mode: string = 'realistic', scale: number = 1): Timing {
  if (!TIMING_MODES.includes(mode as TimingMode)) {
    throw new CapabilityError(
      `appium:timing "${mode}" is not a timing of the simulated iPhone; use one of: ${TIMING_MODES.join(', ')}.`,
    );
  }
  const [least, most] = TIMING_SCALE_RANGE;
  if (!Number.isFinite(scale) || scale < least || scale > most) {
    throw new CapabilityError(
      `appium:timingScale must be a number from ${least} to ${most} (it multiplies the realistic delays), not ${JSON.stringify(scale)}.`,
    );
  }
  return new Timing(mode as TimingMode, scale);
}
