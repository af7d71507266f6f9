// The phone through Appium, with XCUITest's vocabulary only (accessibility ids, mobile:
// commands), so the same calls drive the simulated iPhone and a real iOS Simulator. WebdriverIO
// opens the session; the commands sent many times a test go as plain W3C (w3c-session.ts). The one
// exception, the camera, is behind `scanImage`: the simulator takes the picture through its
// optics; a real Simulator has no camera, so the lab decodes the QR and opens the link.
//
// A phone is asynchronous (the simulated one too, with its realistic timing): an app opened from a
// banner, an alert the app asks for, a screen that follows a server's answer, a notification all
// come a moment after the command that caused them. So every method that reads or touches
// something first waits for it to be there, bounded (`waitMs`), with a sentence naming what did
// not come; `isShown` alone answers for the screen as it is now. The system alerts (notification
// permission, Face ID, passcode) are touched by element, so the screens turn XCUITest's
// respectSystemAlerts setting on before their first lookup, as a script for a real iPhone does.

import { decodeQr } from '@ibkey-lab/camera';
import {
  IBKR_BUNDLE_ID,
  type Locale,
  type PhoneSetting,
  type PhoneStringKey,
  phoneText,
} from '../../product/index.ts';
import { W3cSession } from './w3c-session.ts';

export const CAMERA_BUNDLE_ID = 'com.apple.camera';
export const SETTINGS_BUNDLE_ID = 'com.apple.Preferences';

export type PhoneKind = 'sim' | 'xcuitest';
export type Biometry = 'faceId' | 'touchId' | 'passcode';

export interface CameraConditions {
  distanceCm?: number;
  focusDistanceCm?: number;
  tiltDeg?: number;
  glare?: number;
}

export interface ScanOutcome {
  decoded: boolean;
  reason?: string;
  banner: { text: string; target: 'app' | 'safari' } | null;
}

/** How long a method waits for what it reads or touches to appear on the phone. */
export const PHONE_WAIT_MS = 10_000;

/** How often a wait asks the phone again. */
const POLL_MS = 50;

/** A phone's screen as the report shows it; id (the simulated iPhone's) tells when it changed. */
export interface PhoneScreen {
  readonly id?: string;
  readonly png: Buffer;
}

export class PhoneScreens {
  /** The same session, for the commands sent many times a test (see w3c-session.ts). */
  readonly #session: W3cSession;

  constructor(
    readonly driver: WebdriverIO.Browser,
    readonly locale: Locale,
    readonly kind: PhoneKind = 'sim',
    readonly waitMs = PHONE_WAIT_MS,
  ) {
    this.#session = W3cSession.of(driver);
  }

  #systemAlertsRespected: Promise<void> | undefined;

  /** Lookups see SpringBoard's alerts while one is up (XCUITest's respectSystemAlerts, off by default). */
  #seeSystemAlerts(): Promise<void> {
    this.#systemAlertsRespected ??= this.driver.updateSettings({ respectSystemAlerts: true }).then(() => {});
    return this.#systemAlertsRespected;
  }

  text(key: PhoneStringKey, values?: Record<string, string>): string {
    return phoneText(this.locale, key, values);
  }

  /** The element's id, once it is on the phone's screen (within waitMs). */
  async #element(accessibilityId: string): Promise<string> {
    return this.#appeared(accessibilityId, `"${accessibilityId}"`, this.waitMs);
  }

  async #appeared(accessibilityId: string, what: string, timeout: number): Promise<string> {
    await this.#seeSystemAlerts();
    let element: string | undefined;
    await this.#until(
      async () => {
        [element] = await this.#session.findAll(accessibilityId);
        return element !== undefined;
      },
      timeout,
      () => `${what} did not appear on the phone within ${timeout} ms`,
    );
    return element!;
  }

  /** Asks again every POLL_MS until `done` answers true; after `timeoutMs`, fails with `failure()`. */
  async #until(done: () => Promise<boolean>, timeoutMs: number, failure: () => string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await done())) {
      if (Date.now() >= deadline) throw new Error(failure());
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  async tap(accessibilityId: string): Promise<void> {
    await this.#session.click(await this.#element(accessibilityId));
  }

  async textOf(accessibilityId: string): Promise<string> {
    return this.#session.text(await this.#element(accessibilityId));
  }

  async isShown(accessibilityId: string): Promise<boolean> {
    await this.#seeSystemAlerts();
    return (await this.#session.findAll(accessibilityId)).length > 0;
  }

  async launch(bundleId: string): Promise<void> {
    await this.#session.execute('mobile: launchApp', { bundleId });
  }

  async goHome(): Promise<void> {
    await this.#session.execute('mobile: pressButton', { name: 'home' });
  }

  /** Pulls Notification Center down with a finger from the top edge (W3C Actions), as on any iPhone. */
  async openNotificationCenter(): Promise<void> {
    const { width, height } = await this.driver.getWindowSize();
    await this.driver.performActions([
      {
        type: 'pointer',
        id: 'finger',
        parameters: { pointerType: 'touch' },
        actions: [
          { type: 'pointerMove', duration: 0, x: Math.round(width / 2), y: 2 },
          { type: 'pointerDown', button: 0 },
          { type: 'pointerMove', duration: 250, x: Math.round(width / 2), y: Math.round(height / 2) },
          { type: 'pointerUp', button: 0 },
        ],
      },
    ]);
  }

  /** Points the camera at a picture of the screen (a portal screenshot). */
  async scanImage(png: Buffer, conditions: CameraConditions = {}): Promise<ScanOutcome> {
    if (this.kind === 'xcuitest') {
      const result = await decodeQr(png);
      if (!result.ok) return { decoded: false, reason: result.reason, banner: null };
      await this.driver.execute('mobile: deepLink', { url: result.text, bundleId: IBKR_BUNDLE_ID });
      return { decoded: true, banner: null };
    }
    await this.launch(CAMERA_BUNDLE_ID);
    return (await this.#session.execute('sim: presentCameraFrame', {
      image: png.toString('base64'),
      distanceCm: 20,
      ...conditions,
    })) as ScanOutcome;
  }

  /** The QR banner's text ("Open in “IBKR Mobile”", "Ouvrir « host » dans Safari"). */
  async bannerText(): Promise<string> {
    return this.textOf('QRCodeBanner');
  }

  async openBanner(): Promise<void> {
    await this.tap('QRCodeBanner');
  }

  async isQrBannerShown(): Promise<boolean> {
    return this.isShown('QRCodeBanner');
  }

  async isNotificationBannerShown(): Promise<boolean> {
    return this.isShown('NotificationBanner');
  }

  /** The title of the app's confirmation ("IB Key activated"). */
  async confirmationTitle(): Promise<string> {
    return this.textOf('ActivationSuccessTitle');
  }

  /** What the app says after a login was approved or denied. */
  async approvalResult(): Promise<string> {
    return this.textOf('ApprovalResult');
  }

  /** The label of the App Store's GET button ("OBTENIR" in French). */
  async getButtonLabel(): Promise<string> {
    return this.textOf('GET');
  }

  async switchCamera(): Promise<void> {
    await this.tap('FrontBackFacingCameraChooser');
  }

  /**
   * Waits for an alert (a system one or the app's own) whose text passes `wanted`, and answers
   * its text: title, message and notice, one per line.
   */
  async waitForAlert(what = 'An alert', wanted: (text: string) => boolean = () => true): Promise<string> {
    let text: string | undefined;
    await this.#until(
      async () => {
        text = await this.alertTextNow();
        return text !== undefined && wanted(text);
      },
      this.waitMs,
      () =>
        `${what} did not appear on the phone within ${this.waitMs} ms${text === undefined ? '' : ` (the alert up says "${text.replaceAll('\n', ' / ')}")`}`,
    );
    return text!;
  }

  /** The text of the alert that is up, waiting (bounded) for one to appear. */
  async alertText(): Promise<string> {
    return this.waitForAlert();
  }

  /** The text of the alert up now, or undefined when none is (no wait: for "no alert" checks). */
  async alertTextNow(): Promise<string | undefined> {
    return this.#session.alertText().catch(() => undefined);
  }

  async alertButtons(): Promise<string[]> {
    await this.waitForAlert();
    return (await this.#session.execute('mobile: alert', { action: 'getButtons' })) as string[];
  }

  /** Accepts the alert, or taps its button labelled so, once an alert with that button is up. */
  async acceptAlert(buttonLabel?: string): Promise<void> {
    if (buttonLabel) {
      await this.#until(
        async () =>
          (
            (await this.#session
              .execute('mobile: alert', { action: 'getButtons' })
              .catch(() => [])) as string[]
          ).includes(buttonLabel),
        this.waitMs,
        () => `No alert with a "${buttonLabel}" button appeared on the phone within ${this.waitMs} ms`,
      );
    } else await this.waitForAlert();
    await this.#session.execute('mobile: alert', {
      action: 'accept',
      ...(buttonLabel ? { buttonLabel } : {}),
    });
  }

  async dismissAlert(): Promise<void> {
    await this.waitForAlert();
    await this.#session.execute('mobile: alert', { action: 'dismiss' });
  }

  /**
   * Shows a face or finger once the Face ID / Touch ID prompt is up: as on a Simulator, a match
   * sent before it is there is lost without an error.
   */
  async biometricMatch(type: 'faceId' | 'touchId', match: boolean): Promise<void> {
    const title = this.text(type === 'faceId' ? 'faceId' : 'touchIdTitle');
    await this.waitForAlert(
      `The ${type === 'faceId' ? 'Face ID' : 'Touch ID'} prompt`,
      (text) => text.split('\n')[0] === title,
    );
    await this.#session.execute('mobile: sendBiometricMatch', { type, match });
  }

  async typePasscode(passcode: string): Promise<void> {
    await this.#session.setValue(await this.#element('Passcode'), passcode);
    await this.tap('OK');
  }

  /** The notice under the alert's title: "AlertNotice" (a miss), "BiometryLockedNotice", "PasscodeDisabledNotice". */
  async alertNotice(accessibilityId = 'AlertNotice'): Promise<string> {
    return this.textOf(accessibilityId);
  }

  /** "Enter Passcode" on the biometric prompt, where the policy offers it after a miss. */
  async tapEnterPasscode(): Promise<void> {
    await this.tap('Enter Passcode');
  }

  async tryFaceIdAgain(): Promise<void> {
    await this.tap('Try Face ID Again');
  }

  /** Whether the passcode prompt takes a passcode now (not while the iPhone is disabled). */
  async isPasscodeFieldEnabled(): Promise<boolean> {
    return this.#session.isEnabled(await this.#element('Passcode'));
  }

  /** Types into a text field (a secure one too), after clearing it. */
  async typeInto(accessibilityId: string, text: string): Promise<void> {
    await this.#session.setValue(await this.#element(accessibilityId), text);
  }

  /** The SMS the phone has received, oldest first (the simulator's Messages). */
  async textMessages(): Promise<{ from: string; body: string }[]> {
    if (this.kind !== 'sim')
      throw new Error('A real iOS Simulator receives no SMS: read the code from the SMS gateway instead.');
    return (await this.#session.execute('sim: getMessages', {})) as { from: string; body: string }[];
  }

  /** Waits for an SMS after the first `seen` ones and answers the 6-digit code in it. */
  async textedCode(seen: number, timeout = 10_000): Promise<string> {
    let code: string | undefined;
    await this.#until(
      async () => {
        const messages = await this.textMessages();
        code = messages
          .slice(seen)
          .at(-1)
          ?.body.match(/\b\d{6}\b/)?.[0];
        return code !== undefined;
      },
      timeout,
      () => `No SMS with a code reached the phone within ${timeout} ms`,
    );
    return code!;
  }

  async notificationPermission(): Promise<string> {
    return (await this.#session.execute('mobile: getPermission', {
      bundleId: IBKR_BUNDLE_ID,
      service: 'notifications',
    })) as string;
  }

  async setSetting(name: PhoneSetting, value: boolean): Promise<void> {
    await this.#session.execute('sim: setSetting', { name, value });
  }

  async waitFor(accessibilityId: string, what: string, timeout = this.waitMs): Promise<void> {
    await this.#appeared(accessibilityId, what, timeout);
  }

  /**
   * The screen for the report once what the phone started has happened (the app's answer to a
   * request, an alert or banner on its way; at most 2 s): the simulated iPhone answers both in one
   * call, and leaves the picture out when its screen is still the one given. A real iOS Simulator
   * has no such command (XCUITest waits for its app to be idle itself): it is asked for a screenshot.
   */
  async settledScreen(previous?: PhoneScreen): Promise<PhoneScreen> {
    if (this.kind !== 'sim') return { png: await this.screenshot() };
    let answer: { screen: string; png?: string };
    try {
      answer = (await this.#session.execute('sim: settledScreenshot', {
        ...(previous?.id ? { unlessScreen: previous.id } : {}),
      })) as typeof answer;
    } catch {
      // A sim-iphone driver older than this lab (an Appium server given by LAB_APPIUM_URL) has
      // `sim: settle` alone: the same wait, then a screenshot.
      await this.driver.execute('sim: settle', {}).catch(() => {});
      return { png: await this.screenshot() };
    }
    if (answer.png !== undefined) return { id: answer.screen, png: Buffer.from(answer.png, 'base64') };
    if (previous && answer.screen === previous.id) return previous;
    throw new Error(
      `sim: settledScreenshot left out the picture of screen ${answer.screen}, though the lab holds ${previous?.id ?? 'no screen'}: the driver answers otherwise than README.md says.`,
    );
  }

  async screenshot(): Promise<Buffer> {
    return Buffer.from(await this.driver.takeScreenshot(), 'base64');
  }

  async transcript(): Promise<
    { at: string; kind: string; text: string; detail?: Record<string, unknown> }[]
  > {
    return (await this.#session.execute('sim: transcript', {})) as {
      at: string;
      kind: string;
      text: string;
      detail?: Record<string, unknown>;
    }[];
  }
}
