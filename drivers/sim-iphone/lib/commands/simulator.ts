// What only a simulator can do (sim:), and XCUITest's deepLink and pasteboard.

import { validateOptics } from '@ibkey-lab/camera';
import { errors } from 'appium/driver.js';
import { PHONE_SETTINGS } from '../../../../product/index.ts';
import type { SettingName } from '../device/device.ts';
import { currentScreen } from '../device/render-png.ts';
import type { SimIPhoneDriver } from '../driver.ts';
import { screenshotScaleOf } from '../settings.ts';

/** The longest a settle may wait, checked: a whole number of milliseconds from 0 to 10000. */
function settleLimit(timeoutMs: unknown): number {
  if (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs < 0 || timeoutMs > 10_000)
    throw new errors.InvalidArgumentError(
      `timeoutMs must be a whole number of milliseconds from 0 to 10000, not ${JSON.stringify(timeoutMs)}.`,
    );
  return timeoutMs;
}

export const simulatorCommands = {
  /** Shows an image (base64 PNG/JPEG, e.g. the portal screenshot) to the camera through its optics. */
  async simPresentCameraFrame(
    this: SimIPhoneDriver,
    image: string,
    distanceCm = 20,
    focusDistanceCm?: number,
    tiltDeg?: number,
    glare?: number,
  ) {
    if (typeof image !== 'string' || image.length < 16)
      throw new errors.InvalidArgumentError('image must be a base64 PNG or JPEG.');
    const buffer = Buffer.from(image, 'base64');
    const isPicture =
      buffer.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47])) ||
      buffer.subarray(0, 2).equals(Buffer.from([0xff, 0xd8]));
    if (!isPicture) throw new errors.InvalidArgumentError('image is not a base64 PNG or JPEG.');
    const optics = { distanceCm, focusDistanceCm, tiltDeg, glare };
    const problem = validateOptics(optics);
    if (problem) throw new errors.InvalidArgumentError(`${problem}.`);
    const result = await this.onDevice(() => this.phone().presentCameraFrame(buffer, optics));
    const banner = this.phone().banner;
    return {
      decoded: result.ok,
      ...(result.ok ? { text: result.text } : { reason: result.reason, explanation: result.explanation }),
      banner: banner?.kind === 'qr' ? { text: banner.text, target: banner.target } : null,
    };
  },
  async simSwitchCamera(this: SimIPhoneDriver, side?: string) {
    if (side !== undefined && side !== 'back' && side !== 'front')
      throw new errors.InvalidArgumentError(`side must be "back" or "front", not ${JSON.stringify(side)}.`);
    return { side: this.phone().switchCamera(side) };
  },
  async simSetSetting(this: SimIPhoneDriver, name: string, value: boolean): Promise<void> {
    if (!PHONE_SETTINGS.includes(name as SettingName))
      throw new errors.InvalidArgumentError(
        `"${name}" is not a setting; use one of: ${PHONE_SETTINGS.join(', ')}.`,
      );
    if (typeof value !== 'boolean')
      throw new errors.InvalidArgumentError(`value must be true or false, not ${JSON.stringify(value)}.`);
    await this.onDevice(() => this.phone().setSetting(name as SettingName, value));
  },
  async simGetSettings(this: SimIPhoneDriver) {
    return { ...this.phone().settings, camera: this.phone().camera.side };
  },
  async simTranscript(this: SimIPhoneDriver, since = 0) {
    if (!Number.isInteger(since) || since < 0)
      throw new errors.InvalidArgumentError(
        'since must be a whole number >= 0 (an index into the transcript).',
      );
    return this.phone().transcript.since(since);
  },
  /**
   * Waits until what the phone started has happened (an app launched from a tap, an alert asked
   * for, a banner, the app's request answered), at most timeoutMs (default 2000, up to 10000):
   * what a person looking at the phone would wait for before taking a screenshot.
   */
  async simSettle(this: SimIPhoneDriver, timeoutMs = 2000) {
    return { settled: await this.phone().settle(settleLimit(timeoutMs)) };
  },
  /**
   * `sim: settle`, then the screen in one answer, for the report's evidence: its identity, and its
   * screenshot (base64 PNG, as getScreenshot) unless the identity is unlessScreen, the screen the
   * caller already holds.
   */
  async simSettledScreenshot(this: SimIPhoneDriver, timeoutMs = 2000, unlessScreen?: string) {
    if (unlessScreen !== undefined && typeof unlessScreen !== 'string')
      throw new errors.InvalidArgumentError(
        `unlessScreen must be the screen identity an earlier answer gave, not ${JSON.stringify(unlessScreen)}.`,
      );
    const phone = this.phone();
    const settled = await phone.settle(settleLimit(timeoutMs));
    const screen = currentScreen(
      phone,
      screenshotScaleOf(this.settings.getSettings(), phone.profile.screen.scale),
    );
    if (screen.id === unlessScreen) return { settled, screen: screen.id };
    return { settled, screen: screen.id, png: (await screen.png()).toString('base64') };
  },
  async simAdvanceClock(this: SimIPhoneDriver, seconds: number) {
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
      throw new errors.InvalidArgumentError(
        `seconds must be a number >= 0 (the clock only moves forward), not ${JSON.stringify(seconds)}.`,
      );
    }
    return { now: this.phone().advanceClock(seconds).toISOString() };
  },
  /** XCUITest's `mobile: deepLink` {url, bundleId?}: a universal link opens its app, else Safari. */
  async mobileDeepLink(this: SimIPhoneDriver, url: string): Promise<void> {
    if (typeof url !== 'string' || !URL.canParse(url))
      throw new errors.InvalidArgumentError(`url must be an absolute URL, not ${JSON.stringify(url)}.`);
    await this.onDevice(() => this.phone().openUrl(url));
  },
  async mobileGetPasteboard(this: SimIPhoneDriver, encoding = 'utf8'): Promise<string> {
    return Buffer.from(this.phone().pasteboard, 'utf8').toString(encoding === 'base64' ? 'base64' : 'utf8');
  },
  async mobileSetPasteboard(this: SimIPhoneDriver, content: string, encoding = 'utf8'): Promise<void> {
    if (typeof content !== 'string') throw new errors.InvalidArgumentError('content must be a string.');
    this.phone().pasteboard =
      encoding === 'base64' ? Buffer.from(content, 'base64').toString('utf8') : content;
  },
};
