// App lifecycle, with XCUITest's names and AppState numbers.

import { errors } from 'appium/driver.js';
import { IBKR_BUNDLE_ID } from '../../../../product/index.ts';
import type { SimIPhoneDriver } from '../driver.ts';

function bundleIdOf(value: unknown, argument = 'bundleId'): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9.-]+$/.test(value)) {
    throw new errors.InvalidArgumentError(
      `${argument} must be a bundle identifier such as "${IBKR_BUNDLE_ID}", not ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

/** `app` may be the bundle id, the app's name, or a path ending in IBKRMobile.app / .ipa. */
function appToBundleId(app: unknown): string {
  if (typeof app !== 'string')
    throw new errors.InvalidArgumentError(`app must be a string, not ${JSON.stringify(app)}.`);
  if (app === IBKR_BUNDLE_ID || /ibkr ?mobile(\.app|\.ipa)?$/i.test(app)) return IBKR_BUNDLE_ID;
  throw new errors.InvalidArgumentError(
    `app "${app}" is not an app the simulated iPhone knows; use "${IBKR_BUNDLE_ID}" or a path ending in IBKRMobile.app.`,
  );
}

export const appCommands = {
  async mobileInstallApp(this: SimIPhoneDriver, app: string): Promise<void> {
    await this.onDevice(() => this.phone().install(appToBundleId(app)));
  },
  async installApp(this: SimIPhoneDriver, app: string): Promise<void> {
    await this.onDevice(() => this.phone().install(appToBundleId(app)));
  },
  async mobileRemoveApp(this: SimIPhoneDriver, bundleId: string): Promise<boolean> {
    return this.onDevice(() => this.phone().remove(bundleIdOf(bundleId)));
  },
  async removeApp(this: SimIPhoneDriver, bundleId: string): Promise<boolean> {
    return this.onDevice(() => this.phone().remove(bundleIdOf(bundleId)));
  },
  async mobileIsAppInstalled(this: SimIPhoneDriver, bundleId: string): Promise<boolean> {
    return this.phone().installed.has(bundleIdOf(bundleId));
  },
  async isAppInstalled(this: SimIPhoneDriver, bundleId: string): Promise<boolean> {
    return this.phone().installed.has(bundleIdOf(bundleId));
  },
  async mobileLaunchApp(this: SimIPhoneDriver, bundleId: string): Promise<void> {
    await this.onDevice(() => this.phone().launch(bundleIdOf(bundleId)));
  },
  async mobileActivateApp(this: SimIPhoneDriver, bundleId: string): Promise<void> {
    await this.onDevice(() => this.phone().launch(bundleIdOf(bundleId)));
  },
  async activateApp(this: SimIPhoneDriver, bundleId: string): Promise<void> {
    await this.onDevice(() => this.phone().launch(bundleIdOf(bundleId)));
  },
  async mobileTerminateApp(this: SimIPhoneDriver, bundleId: string): Promise<boolean> {
    return this.phone().terminate(bundleIdOf(bundleId));
  },
  async terminateApp(this: SimIPhoneDriver, bundleId: string): Promise<boolean> {
    return this.phone().terminate(bundleIdOf(bundleId));
  },
  async mobileQueryAppState(this: SimIPhoneDriver, bundleId: string): Promise<number> {
    return this.phone().appState(bundleIdOf(bundleId));
  },
  async queryAppState(this: SimIPhoneDriver, bundleId: string): Promise<number> {
    return this.phone().appState(bundleIdOf(bundleId));
  },
  /** XCUITest's `mobile: pressButton` {name: home | volumeup | volumedown}. */
  async mobilePressButton(this: SimIPhoneDriver, name: string): Promise<void> {
    if (String(name).toLowerCase() !== 'home') {
      throw new errors.InvalidArgumentError(
        `mobile: pressButton name "${name}" is not supported; the simulated iPhone has: home.`,
      );
    }
    await this.onDevice(() => this.phone().pressHome());
  },
};
