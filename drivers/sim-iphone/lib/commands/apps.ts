// App lifecycle, with XCUITest's names and AppState numbers, answering as WebDriverAgent does:
// launchApp and activateApp launch an app that is not running (XCTest's activate launches it) and
// return once it is up; an app that is not installed cannot be launched (an unknown error, as
// XCTest's launch failure reaches the client); terminateApp answers false for an app that is not
// running, installed or not; queryAppState answers 0 (unknown) for an app that is not installed.
// An alert up in an app does not stop another app from launching: it waits for its app to return.

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

/** Launches or brings back an app and waits until it is up, as XCTest's launch and activate do. */
async function bringUp(driver: SimIPhoneDriver, bundleId: unknown): Promise<void> {
  const id = bundleIdOf(bundleId);
  if (!driver.phone().installed.has(id))
    throw new errors.UnknownError(
      `${id} cannot be launched: it is not installed on this iPhone (install it with mobile: installApp).`,
    );
  await driver.onDevice(() => driver.phone().launch(id));
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
    await bringUp(this, bundleId);
  },
  async mobileActivateApp(this: SimIPhoneDriver, bundleId: string): Promise<void> {
    await bringUp(this, bundleId);
  },
  async activateApp(this: SimIPhoneDriver, bundleId: string): Promise<void> {
    await bringUp(this, bundleId);
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
