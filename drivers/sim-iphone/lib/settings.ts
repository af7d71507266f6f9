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
  [name: string]: unknown;
}

export const DEFAULT_SETTINGS: SimIPhoneSettings = { respectSystemAlerts: false, strictSelectors: false };

const BOOLEAN_SETTINGS = ['respectSystemAlerts', 'strictSelectors'];

async function checkSetting(name: keyof SimIPhoneSettings, value: unknown): Promise<void> {
  if (BOOLEAN_SETTINGS.includes(String(name)) && typeof value !== 'boolean')
    throw new errors.InvalidArgumentError(
      `The setting ${String(name)} must be true or false, not ${JSON.stringify(value)}.`,
    );
}

export function simIPhoneSettings(): DeviceSettings<SimIPhoneSettings> {
  return new DeviceSettings<SimIPhoneSettings>({ ...DEFAULT_SETTINGS }, checkSetting);
}
