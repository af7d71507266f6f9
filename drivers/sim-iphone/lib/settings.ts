// The Appium settings of the simulated iPhone (updateSettings, getSettings, and the
// "appium:settings[name]" capabilities Appium applies at session start), with XCUITest's names
// and defaults. Settings XCUITest has and the simulator does not use are kept and ignored, as
// WebDriverAgent ignores what does not concern it, so that a real script's settings run here.

import { DeviceSettings, errors } from 'appium/driver.js';

export interface SimIPhoneSettings {
  /**
   * False (XCUITest's default): the page source and element lookups see the app under test only,
   * without the system alerts SpringBoard shows over it (alert commands still reach them). True:
   * while one is up, they see SpringBoard and its alert.
   */
  respectSystemAlerts: boolean;
  /**
   * The lab's own, stricter than XCUITest: a malformed predicate, class chain, CSS or XPath is an
   * `invalid selector` error with a sentence that says what is wrong. False (the default, as the
   * driver): WDA's parse error is swallowed and the lookup finds nothing (`no such element`, `[]`).
   */
  strictSelectors: boolean;
  /**
   * The lab's own: the pixels per point of screenshots. "device" (the default) is the profile's
   * own scale, as an iPhone screenshots (1179x2556 for an iPhone 15); 1, 2 or 3 draw the same
   * screen with that many pixels per point (1: 393x852), e.g. for a report's evidence, a ninth of
   * the pixels to draw and encode.
   */
  screenshotScale: 'device' | 1 | 2 | 3;
  [name: string]: unknown;
}

export const DEFAULT_SETTINGS: SimIPhoneSettings = {
  respectSystemAlerts: false,
  strictSelectors: false,
  screenshotScale: 'device',
};

const BOOLEAN_SETTINGS = ['respectSystemAlerts', 'strictSelectors'];

async function checkSetting(name: keyof SimIPhoneSettings, value: unknown): Promise<void> {
  if (BOOLEAN_SETTINGS.includes(String(name)) && typeof value !== 'boolean')
    throw new errors.InvalidArgumentError(
      `The setting ${String(name)} must be true or false, not ${JSON.stringify(value)}.`,
    );
  if (name === 'screenshotScale' && !['device', 1, 2, 3].includes(value as string | number))
    throw new errors.InvalidArgumentError(
      `The setting screenshotScale must be "device", 1, 2 or 3 (pixels per point), not ${JSON.stringify(value)}.`,
    );
}

export function simIPhoneSettings(): DeviceSettings<SimIPhoneSettings> {
  return new DeviceSettings<SimIPhoneSettings>({ ...DEFAULT_SETTINGS }, checkSetting);
}

/** The pixels per point a screenshot is drawn with: the setting, or the device's own scale. */
export function screenshotScaleOf(settings: SimIPhoneSettings, deviceScale: number): number {
  return settings.screenshotScale === 'device' ? deviceScale : settings.screenshotScale;
}
