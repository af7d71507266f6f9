// The session's general answers as XCUITest gives them on an iPhone: page source, screenshot (in
// pixels), window, contexts (native only), orientation (portrait; the simulated apps do not
// rotate), the script and page-load timeouts, and `mobile: deviceInfo` / `mobile: activeAppInfo`.

import { createHash } from 'node:crypto';
import { errors } from 'appium/driver.js';
import { isSystemAlert } from '../device/element-tree.ts';
import { pageSource } from '../device/page-source.ts';
import { renderScreenshot } from '../device/render-png.ts';
import type { SimIPhoneDriver } from '../driver.ts';
import { screenshotScaleOf } from '../settings.ts';

const NATIVE_APP = 'NATIVE_APP';

/** A UUID that is the same for the same seed (a vendor id, a device id), in Apple's upper case. */
function stableUuid(seed: string): string {
  const hex = createHash('sha1').update(seed).digest('hex').toUpperCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Timeouts the driver keeps for web contexts; the simulated iPhone has none but accepts them. */
const webTimeouts = new WeakMap<SimIPhoneDriver, { script?: number; pageLoad?: number }>();

export const generalCommands = {
  async getPageSource(this: SimIPhoneDriver): Promise<string> {
    return pageSource(this.tree()).xml;
  },
  /** In pixels, as an iPhone screenshots: an iPhone SE's is 750x1334 while its window is 375x667 points. */
  async getScreenshot(this: SimIPhoneDriver): Promise<string> {
    const phone = this.phone();
    const scale = screenshotScaleOf(this.settings.getSettings(), phone.profile.screen.scale);
    return (await renderScreenshot(phone, scale)).toString('base64');
  },
  async getWindowSize(this: SimIPhoneDriver) {
    const { width, height } = this.phone().profile.screen;
    return { width, height };
  },
  async getWindowRect(this: SimIPhoneDriver) {
    const { width, height } = this.phone().profile.screen;
    return { x: 0, y: 0, width, height };
  },
  async getWindowHandle(this: SimIPhoneDriver): Promise<string> {
    return NATIVE_APP;
  },

  // --- contexts: XCUITest lists NATIVE_APP and one WEBVIEW_ per inspectable web view --------

  async getCurrentContext(this: SimIPhoneDriver): Promise<string> {
    return NATIVE_APP;
  },
  async getContexts(this: SimIPhoneDriver): Promise<string[]> {
    return [NATIVE_APP];
  },
  async setContext(this: SimIPhoneDriver, name: string | { id: string } | null): Promise<void> {
    const id = typeof name === 'object' && name !== null ? name.id : name;
    if (id === null || id === undefined || id === NATIVE_APP) return;
    throw new errors.NoSuchContextError(
      `There is no context "${id}": the simulated iPhone has only ${NATIVE_APP} (its Safari and apps expose no web views to automate).`,
    );
  },

  // --- orientation ----------------------------------------------------------------------------

  async getOrientation(this: SimIPhoneDriver): Promise<string> {
    return 'PORTRAIT';
  },
  /** WDA rotates the device and waits for the app to follow; the simulated apps stay in portrait. */
  async setOrientation(this: SimIPhoneDriver, orientation: string): Promise<void> {
    if (String(orientation).toUpperCase() === 'PORTRAIT') return;
    throw new errors.UnknownError(
      `Unable To Rotate Device: the simulated apps support portrait only, so the screen stays PORTRAIT (asked: ${JSON.stringify(orientation)}).`,
    );
  },

  // --- timeouts -------------------------------------------------------------------------------

  /** XCUITest keeps these for web contexts and accepts them in any context. */
  async scriptTimeoutW3C(this: SimIPhoneDriver, ms: number): Promise<void> {
    webTimeouts.set(this, { ...webTimeouts.get(this), script: this.parseTimeoutArgument(ms) });
  },
  async pageLoadTimeoutW3C(this: SimIPhoneDriver, ms: number): Promise<void> {
    webTimeouts.set(this, { ...webTimeouts.get(this), pageLoad: this.parseTimeoutArgument(ms) });
  },

  // --- mobile: deviceInfo and mobile: activeAppInfo -------------------------------------------

  /**
   * WDA's /wda/device/info, plus the lockdown record XCUITest adds on a real device (only the
   * fields the simulated iPhone can answer truthfully).
   */
  async mobileGetDeviceInfo(this: SimIPhoneDriver) {
    const phone = this.phone();
    const deviceId = stableUuid(`${phone.profile.name}/${this.sessionId}/device`);
    return {
      currentLocale: phone.locale.replace('-', '_'),
      // The phone's clock (and its status bar) runs in UTC.
      timeZone: 'GMT',
      // Since iOS 16, UIDevice.name is the generic "iPhone" without a special entitlement.
      name: 'iPhone',
      model: 'iPhone',
      uuid: stableUuid(`${phone.profile.name}/${this.sessionId}/vendor`),
      userInterfaceIdiom: 0,
      userInterfaceStyle: 'light',
      isSimulator: false,
      thermalState: 0,
      lockdownInfo: {
        DeviceClass: 'iPhone',
        DeviceName: 'iPhone',
        ProductName: 'iPhone OS',
        ProductType: phone.profile.productType,
        ProductVersion: phone.platformVersion,
        UniqueDeviceID: deviceId.replaceAll('-', '').toLowerCase(),
      },
    };
  },
  /**
   * WDA's /wda/activeAppInfo: the foreground app (SpringBoard on the home screen, and while a system
   * alert is up when respectSystemAlerts is on, as WDA then reports the alert's owner).
   */
  async mobileGetActiveAppInfo(this: SimIPhoneDriver) {
    const phone = this.phone();
    const systemAlertUp = phone.prompt !== undefined && isSystemAlert(phone.prompt.kind);
    const bundleId =
      systemAlertUp && this.settings.getSettings().respectSystemAlerts
        ? 'com.apple.springboard'
        : phone.foregroundApp;
    const digest = createHash('sha1').update(bundleId).digest();
    return {
      pid: 200 + (digest.readUInt16BE(0) % 60_000),
      bundleId,
      // XCUIApplication's identifier: the accessibility identifier of the application element.
      name: '',
      processArguments: { args: [], env: {} },
    };
  },
};
