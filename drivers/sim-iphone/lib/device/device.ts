// The simulated iPhone: its screens, system alerts, banners, settings, permissions, biometrics
// (LocalAuthentication in local-authentication.ts), keychain, notifications, SMS and clock. The IBKR Mobile app's own behaviour is in ibkr-app.ts; what
// each screen shows is in views/ (element-tree.ts picks one). Driver commands call the methods here.

import { randomBytes } from 'node:crypto';
import { type Optics, type ScanResult, scanScreenshot } from '@ibkey-lab/camera';
import {
  faultOn,
  IBKR_BUNDLE_ID,
  IBKR_MOBILE,
  type Locale,
  type PhoneSetting,
  type PhoneStringKey,
  phoneText,
} from '../../../../product/index.ts';
import type { PrivateJwk, PublicJwk } from '../../../../protocol/index.ts';
import { ApnsConnection } from './apns-connection.ts';
import { IbkrApp } from './ibkr-app.ts';
import { BIOMETRY_LOCKOUT_AFTER, LocalAuthentication } from './local-authentication.ts';
import type { DeviceProfile } from './profiles.ts';
import { FlowRunner, type Prompt } from './prompts.ts';
import {
  appOfScreen,
  MESSAGES_BUNDLE_ID,
  nextScreen,
  type ScreenEvent,
  type ScreenId,
  SYSTEM_APPS,
} from './screens.ts';
import { SmsConnection, type TextMessage } from './sms-connection.ts';
import { type DelayKind, Timing } from './timing.ts';
import { Transcript } from './transcript.ts';
import {
  type AppSiteAssociation,
  appsClaiming,
  loadPage,
  lookupProduct,
  OfflineError,
  type StoreProduct,
  type WebContext,
} from './web.ts';

export const IBKR_APP_ID = `${IBKR_MOBILE.teamId}.${IBKR_BUNDLE_ID}`;

export type SettingName = PhoneSetting;
export type Permission = 'yes' | 'no' | 'unset';

export interface DeviceOptions {
  profile: DeviceProfile;
  locale: Locale;
  platformVersion: string;
  installedApps: string[];
  settings: Partial<Record<SettingName, boolean>>;
  passcode: string;
  apnsSimulatorUrl?: string;
  thirdPartyGatewayUrl?: string;
  /** The phone's own number (E.164): with a gateway, SMS to it arrive in Messages. */
  phoneNumber?: string;
  /** The portal IBKR Mobile is configured for, for recovery on a phone that has no IB Key yet. */
  portalUrl?: string;
  /** Realistic (asynchronous, as a device) or instant; instant when left out (tests of logic). */
  timing?: Timing;
}

/** The banner at the top of the screen: a decoded QR code, or a notification. */
export type Banner =
  | { kind: 'qr'; link: string; target: 'app' | 'safari'; text: string }
  | { kind: 'notification'; notification: DeliveredNotification };

export interface DeliveredNotification {
  id: number;
  bundleId: string;
  title: string;
  body: string;
  payload: Record<string, unknown>;
  receivedAt: string;
  /** Shown as a banner (false when Focus or permission kept it silent). */
  presented: boolean;
}

/** An SMS in Messages, with when the phone got it (on its clock). */
export interface ReceivedTextMessage extends TextMessage {
  receivedAt: string;
}

/** The keychain item the app keeps: it survives uninstalling the app, as iOS keychains do. */
export interface IbKeyItem {
  privateKey: PrivateJwk;
  /** The biometric enrollment the key is bound to; a change makes the key unusable. */
  boundToEnrollment: number | 'passcode';
  deviceId: string;
  serverPublicKey: PublicJwk;
  portalBaseUrl: string;
}

export class DeviceStateError extends Error {
  override name = 'DeviceStateError';
}

export class SimulatedIPhone {
  readonly profile: DeviceProfile;
  readonly locale: Locale;
  readonly platformVersion: string;
  readonly transcript: Transcript;
  readonly flows: FlowRunner;
  readonly localAuthentication: LocalAuthentication;
  /** Replaced when IBKR Mobile is deleted: a reinstall starts from nothing but the keychain. */
  app: IbkrApp;
  readonly apns: ApnsConnection;
  readonly sms: SmsConnection;
  readonly passcode: string;
  readonly timing: Timing;

  screen: ScreenId = 'springboard';
  banner: Banner | undefined;
  readonly installed = new Set<string>(SYSTEM_APPS);
  readonly running = new Map<string, 'foreground' | 'background'>([['com.apple.springboard', 'foreground']]);
  readonly settings: Record<SettingName, boolean>;
  readonly permissions = new Map<string, { notifications: Permission; faceId: Permission }>();
  camera: { side: 'back' | 'front'; lastScan?: ScanResult; lastImage?: Buffer } = { side: 'back' };
  biometrics: { enrolled: boolean; enrollment: number };
  readonly keychain = new Map<string, IbKeyItem>();
  readonly notifications: DeliveredNotification[] = [];
  readonly textMessages: ReceivedTextMessage[] = [];
  pasteboard = '';
  /** The page Safari shows; smartAppBannerId is the App Store id of its Smart App Banner (apple-itunes-app). */
  safari: { url?: string; title?: string; error?: string; smartAppBannerId?: string } = {};
  appStore: {
    product?: StoreProduct;
    error?: string;
    state: 'get' | 'downloading' | 'open';
    /** When the download started (Date.now()), for its progress. */
    downloadStartedAt?: number;
  } = { state: 'get' };
  clockOffsetSeconds = 0;
  readonly web: WebContext;
  readonly #associations = new Map<string, AppSiteAssociation | null>();
  #notificationCount = 0;
  /** When the in-app transition under way ends (Date.now()); taps wait for it, as XCTest waits for idle. */
  #animationEndsAt = 0;
  /** What the phone does on its own, one thing after another (realistic timing). */
  #background: Promise<void> = Promise.resolve();
  /** Those events still under way: waiting for their delay or being carried out. */
  readonly #underway = new Set<NodeJS.Timeout>();
  /** The IBKR Mobile screen left for another app, to come back to while a flow waits there. */
  #ibkrScreenLeft: ScreenId | undefined;

  constructor(readonly options: DeviceOptions) {
    this.profile = options.profile;
    this.locale = options.locale;
    this.platformVersion = options.platformVersion;
    this.passcode = options.passcode;
    this.timing = options.timing ?? new Timing();
    this.settings = { scanQrCodes: true, airplaneMode: false, focus: false, ...options.settings };
    this.biometrics = { enrolled: options.profile.biometricEnrolled, enrollment: 1 };
    for (const bundleId of options.installedApps) this.installed.add(bundleId);
    this.transcript = new Transcript(() => this.now());
    this.flows = new FlowRunner(
      (error) => this.transcript.add('app', `flow failed: ${(error as Error).message}`),
      this.timing,
    );
    this.localAuthentication = new LocalAuthentication(this);
    this.web = {
      thirdPartyGatewayUrl: options.thirdPartyGatewayUrl,
      online: () => !this.settings.airplaneMode,
    };
    this.apns = new ApnsConnection(
      options.apnsSimulatorUrl,
      (payload) => this.receiveRemoteNotification(payload),
      this.transcript,
    );
    this.sms = new SmsConnection(
      options.thirdPartyGatewayUrl,
      options.phoneNumber,
      (message) => this.receiveTextMessage(message),
      this.transcript,
    );
    this.app = new IbkrApp(this);
    this.transcript.add(
      'screen',
      `${this.profile.model} (iOS ${this.platformVersion}, ${this.locale}) shows the home screen`,
    );
  }

  /** What the phone does once it is on: it subscribes to its SMS when it has a number. */
  async start(): Promise<void> {
    await this.sms.open();
  }

  now(): Date {
    return new Date(Date.now() + this.clockOffsetSeconds * 1000);
  }

  text(key: PhoneStringKey, values?: Record<string, string>): string {
    if (key === 'activatedTitle' && faultOn('activated-title-in-english'))
      return phoneText('en-US', key, values);
    return phoneText(this.locale, key, values);
  }

  /**
   * The alert that is up, as it shows now (a disabled iPhone's passcode prompt counts down on the
   * clock). Every alert here is IBKR Mobile's or asked for by it: it shows while the app is in front,
   * and waits while another app is (it comes back with the app).
   */
  get prompt(): Prompt | undefined {
    const prompt = this.flows.prompt;
    if (!prompt || this.foregroundApp !== IBKR_BUNDLE_ID) return undefined;
    return this.localAuthentication.present(prompt);
  }

  get foregroundApp(): string {
    return appOfScreen(this.screen);
  }

  /** Moves to the next screen by the transition table, and writes it down. */
  go(event: ScreenEvent): void {
    const from = this.screen;
    this.#show(nextScreen(from, event));
    if (from !== this.screen) this.transcript.add('screen', `${from} -> ${this.screen} (${event})`);
  }

  /** Puts a screen up, its app in front, and starts the transition's animation. */
  #show(screen: ScreenId): void {
    const from = this.screen;
    if (appOfScreen(from) === IBKR_BUNDLE_ID && appOfScreen(screen) !== IBKR_BUNDLE_ID)
      this.#ibkrScreenLeft = from;
    this.screen = screen;
    if (from !== screen) this.#animationEndsAt = Date.now() + this.timing.ms('animation');
    const app = appOfScreen(this.screen);
    for (const [bundleId, state] of this.running)
      if (state === 'foreground' && bundleId !== app) this.running.set(bundleId, 'background');
    this.running.set(app, 'foreground');
  }

  // --- time ---------------------------------------------------------------------------------

  /** Resolves once the in-app transition under way has finished (XCTest's wait for the app to idle). */
  async idle(): Promise<void> {
    const left = this.#animationEndsAt - Date.now();
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  }

  /** Waits as long as this kind of thing takes (not at all with instant timing). */
  async #take(kind: DelayKind): Promise<void> {
    const delay = this.timing.ms(kind);
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
  }

  /**
   * Something the phone does on its own after what a command started: with instant timing at
   * once, before the command returns; with realistic timing after the delay, in the background
   * and in order with the phone's other such events, and not waited for (what fails is written
   * in the transcript, as the phone has no one to tell).
   */
  async #afterwards(kind: DelayKind, what: string, action: () => unknown): Promise<void> {
    const delay = this.timing.ms(kind);
    if (!delay) {
      await action();
      return;
    }
    const timer = setTimeout(() => {
      this.#background = this.#background
        .then(async () => {
          await action();
        })
        .catch((error: unknown) => {
          this.transcript.add('app', `${what} failed: ${(error as Error).message}`);
        })
        .finally(() => {
          this.#underway.delete(timer);
        });
    }, delay);
    this.#underway.add(timer);
  }

  // --- apps -------------------------------------------------------------------------------

  /** launchApp / activateApp: the app comes up (launched, or brought back), and the command waits for it. */
  async launch(bundleId: string, link?: string): Promise<void> {
    this.#requireLaunchable(bundleId);
    await this.#take('launch');
    await this.#bringUp(bundleId, link);
  }

  /** A tap elsewhere (an icon, a banner, OPEN, a link) opens an app: it comes up a moment later. */
  async launchFromTap(bundleId: string, link?: string): Promise<void> {
    this.#requireLaunchable(bundleId);
    await this.#afterwards('launch', `opening ${bundleId}`, () => this.#bringUp(bundleId, link));
  }

  #requireLaunchable(bundleId: string): void {
    this.requireInstalled(bundleId);
    if (!LAUNCH_EVENTS[bundleId])
      throw new DeviceStateError(`The simulated iPhone cannot launch ${bundleId}.`);
  }

  async #bringUp(bundleId: string, link?: string): Promise<void> {
    this.requireInstalled(bundleId);
    this.banner = undefined;
    if (bundleId !== IBKR_BUNDLE_ID) {
      this.go(LAUNCH_EVENTS[bundleId]!);
      return;
    }
    // Brought back while one of its flows waits for the user: the app is as it was left, alert included.
    if (this.flows.busy && this.running.has(IBKR_BUNDLE_ID) && this.#ibkrScreenLeft) {
      const from = this.screen;
      this.#show(this.#ibkrScreenLeft);
      this.transcript.add('screen', `${from} -> ${this.screen} (IBKR Mobile brought back)`);
      return;
    }
    this.transcript.add('app', link ? 'IBKR Mobile opened with a link' : 'IBKR Mobile opened');
    await this.app.opened(link);
  }

  terminate(bundleId: string): boolean {
    if (!this.running.has(bundleId) || bundleId === 'com.apple.springboard') return false;
    const wasForeground = this.running.get(bundleId) === 'foreground';
    this.running.delete(bundleId);
    // A terminated app's flow ends with it: its alert goes, nothing waits for an answer any more.
    if (bundleId === IBKR_BUNDLE_ID) this.flows.abandon();
    if (wasForeground) this.go('appTerminated');
    this.transcript.add('app', `${bundleId} terminated`);
    return true;
  }

  /** XCUITest's AppState: 0 not installed, 1 not running, 3 running in background, 4 foreground. */
  appState(bundleId: string): 0 | 1 | 3 | 4 {
    if (!this.installed.has(bundleId)) return 0;
    const state = this.running.get(bundleId);
    if (!state) return 1;
    return state === 'foreground' ? 4 : 3;
  }

  install(bundleId: string): void {
    if (bundleId !== IBKR_BUNDLE_ID)
      throw new DeviceStateError(
        `Only IBKR Mobile (${IBKR_BUNDLE_ID}) can be installed on the simulated iPhone.`,
      );
    this.installed.add(bundleId);
    this.transcript.add('app', `${bundleId} installed`);
  }

  remove(bundleId: string): boolean {
    if (SYSTEM_APPS.includes(bundleId))
      throw new DeviceStateError(`${bundleId} is a system app and cannot be removed.`);
    if (!this.installed.delete(bundleId)) return false;
    this.terminate(bundleId);
    this.permissions.delete(bundleId);
    // A reinstalled app starts from nothing but the keychain, which is kept: that is what makes
    // recovery on the same phone possible.
    if (bundleId === IBKR_BUNDLE_ID) {
      if (faultOn('keychain-cleared-on-app-delete')) this.keychain.clear();
      this.app = new IbkrApp(this);
      this.apns.forget();
    }
    this.transcript.add('app', `${bundleId} removed (its keychain items are kept)`);
    return true;
  }

  requireInstalled(bundleId: string): void {
    if (!this.installed.has(bundleId))
      throw new DeviceStateError(`${bundleId} is not installed on this iPhone.`);
  }

  /** The Home button: an alert up in the app waits for the app to come back. */
  async pressHome(): Promise<void> {
    this.banner = undefined;
    this.go('pressHome');
    await this.idle();
  }

  // --- camera and links ---------------------------------------------------------------------

  async presentCameraFrame(screenshot: Buffer, optics: Omit<Optics, 'camera'>): Promise<ScanResult> {
    if (this.screen !== 'camera')
      throw new DeviceStateError(`The Camera app is not open (the screen is ${this.screen}); open it first.`);
    const camera = faultOn('front-camera-reads-codes') ? 'back' : this.camera.side;
    const result = await scanScreenshot(screenshot, { ...optics, camera });
    this.camera = { ...this.camera, lastScan: result, lastImage: screenshot };
    const detail = {
      distanceCm: optics.distanceCm,
      camera: this.camera.side,
      ...(result.ok ? {} : { reason: result.reason }),
    };
    if (!result.ok) {
      this.banner = undefined;
      this.transcript.add('camera', `no code read: ${result.explanation}`, detail);
      return result;
    }
    if (!this.settings.scanQrCodes && !faultOn('scan-setting-ignored')) {
      this.banner = undefined;
      this.transcript.add(
        'camera',
        'a QR code is in view but Scan QR Codes is off in Settings > Camera: no banner',
        detail,
      );
      return result;
    }
    const claimed = await appsClaiming(this.web, result.text, this.#associations);
    const target =
      claimed.includes(IBKR_APP_ID) &&
      this.installed.has(IBKR_BUNDLE_ID) &&
      !faultOn('banner-opens-safari-when-installed')
        ? 'app'
        : 'safari';
    const text =
      target === 'app' ? this.text('qrInApp') : this.text('qrInSafari', { host: new URL(result.text).host });
    this.banner = { kind: 'qr', link: result.text, target, text };
    this.transcript.add('banner', `QR banner: ${text}`, { link: result.text, target });
    return result;
  }

  switchCamera(side?: 'back' | 'front'): 'back' | 'front' {
    this.camera = { side: side ?? (this.camera.side === 'back' ? 'front' : 'back') };
    this.banner = undefined;
    this.transcript.add('camera', `${this.camera.side} camera active`);
    return this.camera.side;
  }

  async tapBanner(): Promise<void> {
    const banner = this.banner;
    if (!banner) throw new DeviceStateError('No banner is shown.');
    this.banner = undefined;
    if (banner.kind === 'notification') {
      this.transcript.add('notification', `tapped notification "${banner.notification.title}"`);
      await this.#open(banner.notification);
      return;
    }
    this.transcript.add('banner', `tapped QR banner (${banner.target})`);
    if (banner.target === 'app') await this.launchFromTap(IBKR_BUNDLE_ID, banner.link);
    else await this.#afterwards('launch', 'opening Safari', () => this.openInSafari(banner.link));
  }

  /** A universal link opens the app that claims it, else Safari (mobile: deepLink): a moment later. */
  async openUrl(url: string): Promise<void> {
    const claimed = await appsClaiming(this.web, url, this.#associations);
    if (claimed.includes(IBKR_APP_ID) && this.installed.has(IBKR_BUNDLE_ID))
      await this.launchFromTap(IBKR_BUNDLE_ID, url);
    else await this.#afterwards('launch', 'opening Safari', () => this.openInSafari(url));
  }

  async openInSafari(url: string): Promise<void> {
    this.go('loadPageInSafari');
    this.safari = { url };
    try {
      const page = await loadPage(this.web, url);
      this.transcript.add('network', `Safari loaded ${url} -> ${page.url} (${page.status})`);
      if (page.appStoreId) {
        await this.showProductPage(page.appStoreId);
        return;
      }
      this.safari = { url: page.url, title: page.title, smartAppBannerId: page.smartAppBannerId };
    } catch (error) {
      this.safari = {
        url,
        error: error instanceof OfflineError ? this.text('noNetwork') : (error as Error).message,
      };
      this.transcript.add('network', `Safari could not load ${url}: ${(error as Error).message}`);
    }
  }

  async showProductPage(id: string): Promise<void> {
    this.go('showProductPage');
    try {
      const product = await lookupProduct(this.web, id);
      this.appStore = { product, state: this.installed.has(product.bundleId) ? 'open' : 'get' };
      this.transcript.add('network', `App Store product page: ${product.trackName} (${product.bundleId})`);
    } catch (error) {
      this.appStore = { state: 'get', error: (error as Error).message };
      this.transcript.add('network', `App Store lookup of ${id} failed: ${(error as Error).message}`);
    }
  }

  async appStoreButton(): Promise<void> {
    const product = this.appStore.product;
    if (!product) throw new DeviceStateError('The App Store shows no product.');
    if (this.appStore.state === 'downloading') return;
    if (this.appStore.state === 'get') {
      this.transcript.add('app', `App Store: GET ${product.trackName}`);
      this.appStore = { ...this.appStore, state: 'downloading', downloadStartedAt: Date.now() };
      await this.#afterwards('install', `installing ${product.bundleId}`, () => {
        this.install(product.bundleId);
        if (this.appStore.product?.bundleId === product.bundleId)
          this.appStore = { product: this.appStore.product, state: 'open' };
      });
      return;
    }
    await this.launchFromTap(product.bundleId);
  }

  /** How far the App Store's download has gone, 0 to 99 percent. */
  downloadProgress(): number {
    const started = this.appStore.downloadStartedAt;
    const total = this.timing.ms('install');
    if (started === undefined || !total) return 0;
    return Math.min(99, Math.floor(((Date.now() - started) / total) * 100));
  }

  // --- settings and permissions ---------------------------------------------------------------

  async setSetting(name: SettingName, value: boolean): Promise<void> {
    this.settings[name] = value;
    this.transcript.add('setting', `${name} ${value ? 'on' : 'off'}`);
    if (name === 'airplaneMode') await Promise.all([this.apns.setOnline(!value), this.sms.setOnline(!value)]);
  }

  permission(bundleId: string): { notifications: Permission; faceId: Permission } {
    let entry = this.permissions.get(bundleId);
    if (!entry) {
      entry = { notifications: 'unset', faceId: 'unset' };
      this.permissions.set(bundleId, entry);
    }
    return entry;
  }

  setPermission(bundleId: string, service: 'notifications' | 'faceId', value: Permission): void {
    this.permission(bundleId)[service] = value;
    this.transcript.add('setting', `${bundleId} ${service} permission: ${value}`);
  }

  // --- biometrics -------------------------------------------------------------------------------

  enrollBiometric(enabled: boolean): void {
    if (this.biometrics.enrolled !== enabled) {
      // A changed enrollment invalidates keys bound to "biometry current set".
      const step = faultOn('key-survives-biometric-change') ? 0 : 1;
      this.biometrics = { enrolled: enabled, enrollment: this.biometrics.enrollment + step };
      this.localAuthentication.enrollmentChanged();
    }
    this.transcript.add('biometric', `${this.profile.biometry} ${enabled ? 'enrolled' : 'not enrolled'}`);
  }

  /** The enrolled set changes while biometry stays on: a finger added, the face enrolled again. */
  changeBiometricEnrollment(): void {
    const name = this.localAuthentication.biometryName;
    if (!this.biometrics.enrolled)
      throw new DeviceStateError(
        `No ${this.profile.biometry === 'faceId' ? 'face' : 'finger'} is enrolled on this ${this.profile.model}, so there is no ${name} set to change; enroll one first (mobile: enrollBiometric).`,
      );
    this.biometrics = { enrolled: true, enrollment: this.biometrics.enrollment + 1 };
    this.localAuthentication.enrollmentChanged();
    this.transcript.add(
      'biometric',
      `${name}: ${this.profile.biometry === 'faceId' ? 'the face enrolled again' : 'a finger added'} (keys bound to the current set are invalidated)`,
    );
  }

  /**
   * A face or finger shown to the sensor (mobile: sendBiometricMatch). As on the iOS Simulator, the
   * driver only posts the match to the phone, and no error comes back: with no biometric prompt
   * up (not yet, or the passcode's instead during a lockout), or a Touch ID match on a Face ID
   * iPhone, nothing happens. The transcript says why, for the person reading a failed test.
   */
  async sendBiometricMatch(type: 'faceId' | 'touchId', match: boolean): Promise<void> {
    const prompt = this.prompt;
    const name = type === 'faceId' ? 'Face ID' : 'Touch ID';
    const ignored = (why: string) =>
      this.transcript.add(
        'biometric',
        `${name} ${match ? 'match' : 'non-match'} sent; nothing happens: ${why}`,
      );
    if (type !== this.profile.biometry)
      return ignored(`this ${this.profile.model} has ${this.localAuthentication.biometryName}, not ${name}`);
    if (this.localAuthentication.biometryLockedOut)
      return ignored(
        `${name} is locked out after ${BIOMETRY_LOCKOUT_AFTER} failed attempts until the passcode is entered`,
      );
    if (prompt?.kind !== 'biometric')
      return ignored(`no ${name} prompt is up${prompt ? ` (the alert "${prompt.title}" is)` : ''}`);
    this.transcript.add('biometric', `${type} ${match ? 'match' : 'no match'}`);
    await this.flows.answer(match ? 'match' : 'noMatch');
  }

  /** Taps a button of the alert that is up (by accessibility id or label). */
  async answerPrompt(buttonName: string): Promise<void> {
    const prompt = this.prompt;
    if (!prompt) throw new DeviceStateError('No alert is up.');
    const button = prompt.buttons.find(
      (candidate) => candidate.name === buttonName || candidate.label === buttonName,
    );
    if (!button) {
      throw new DeviceStateError(
        `The alert "${prompt.title}" has no button "${buttonName}"; it has: ${prompt.buttons.map((b) => b.label).join(', ')}.`,
      );
    }
    if (button.enabled === false)
      throw new DeviceStateError(button.disabledReason ?? `"${button.label}" is not enabled.`);
    this.transcript.add('alert', `"${prompt.title}": ${button.label}`);
    await this.flows.answer(button.answer);
  }

  async acceptPrompt(): Promise<void> {
    const button =
      this.prompt?.buttons.find((candidate) => candidate.role === 'accept') ?? this.prompt?.buttons.at(-1);
    if (!button) throw new DeviceStateError('No alert is up.');
    await this.answerPrompt(button.name);
  }

  async dismissPrompt(): Promise<void> {
    const button =
      this.prompt?.buttons.find((candidate) => candidate.role === 'dismiss') ?? this.prompt?.buttons[0];
    if (!button) throw new DeviceStateError('No alert is up.');
    await this.answerPrompt(button.name);
  }

  typeIntoPrompt(text: string): void {
    const field = this.#promptField();
    this.flows.update({ textField: { ...field, value: field.value + text } });
  }

  clearPromptField(): void {
    this.flows.update({ textField: { ...this.#promptField(), value: '' } });
  }

  /** The text field of the alert that is up, as it stands before it is changed. */
  #promptField(): NonNullable<Prompt['textField']> {
    const shown = this.prompt?.textField;
    if (!shown) throw new DeviceStateError('The alert that is up has no text field.');
    if (shown.enabled === false)
      throw new DeviceStateError(shown.disabledReason ?? `"${shown.label}" is not enabled.`);
    return this.flows.prompt!.textField!;
  }

  // --- notifications ----------------------------------------------------------------------------

  /** A remote notification reached the phone (from the APNs simulator or mobile: pushNotification). */
  receiveRemoteNotification(
    payload: Record<string, unknown>,
    bundleId = IBKR_BUNDLE_ID,
  ): DeliveredNotification {
    const alert = ((payload.aps as { alert?: unknown } | undefined)?.alert ?? {}) as
      | { title?: string; body?: string }
      | string;
    const title = typeof alert === 'string' ? '' : (alert.title ?? '');
    const body = typeof alert === 'string' ? alert : (alert.body ?? '');
    const allowed = this.installed.has(bundleId) && this.permission(bundleId).notifications === 'yes';
    return this.#notify({ bundleId, title, body, payload }, allowed, `${title} ${body}`);
  }

  /** An SMS reached the phone: it goes into Messages, which notifies (once per message). */
  receiveTextMessage(message: TextMessage): void {
    if (this.textMessages.some((known) => known.sid === message.sid)) return;
    this.textMessages.push({ ...message, receivedAt: this.now().toISOString() });
    // The body may hold a one-time code: the transcript, which goes into reports, says only who sent it.
    this.#notify(
      {
        bundleId: MESSAGES_BUNDLE_ID,
        title: message.from,
        body: message.body,
        payload: { sms: { sid: message.sid, from: message.from, to: message.to } },
      },
      true,
      `SMS from ${message.from} (${message.body.length} characters)`,
    );
  }

  /** Puts a notification in Notification Center, with a banner unless Focus is on or it is not allowed. */
  #notify(
    content: Pick<DeliveredNotification, 'bundleId' | 'title' | 'body' | 'payload'>,
    allowed: boolean,
    description: string,
  ): DeliveredNotification {
    const presented = allowed && (!this.settings.focus || faultOn('focus-ignored'));
    this.#notificationCount += 1;
    const notification: DeliveredNotification = {
      id: this.#notificationCount,
      ...content,
      receivedAt: this.now().toISOString(),
      presented,
    };
    if (!allowed) {
      this.transcript.add(
        'notification',
        `notification for ${content.bundleId} dropped: notifications are not allowed`,
      );
      return notification;
    }
    // The banner and Notification Center's entry appear a moment after the push reached the phone.
    void this.#afterwards('banner', 'presenting a notification', () => {
      this.notifications.push(notification);
      if (presented && !this.prompt) this.banner = { kind: 'notification', notification };
      this.transcript.add(
        'notification',
        presented
          ? `banner: ${description}`
          : `delivered silently to Notification Center (Focus is on): ${description}`,
      );
    });
    return notification;
  }

  async openNotification(id: number): Promise<void> {
    const notification = this.notifications.find((candidate) => candidate.id === id);
    if (!notification) throw new DeviceStateError(`No notification ${id} is in Notification Center.`);
    this.banner = undefined;
    await this.#open(notification);
  }

  /** A notification opens its app, a moment later: Messages for an SMS, IBKR Mobile for a login request. */
  async #open(notification: DeliveredNotification): Promise<void> {
    await this.#afterwards('launch', `opening ${notification.bundleId} from a notification`, async () => {
      if (notification.bundleId === MESSAGES_BUNDLE_ID) this.go('openMessages');
      else await this.app.openedFromNotification(notification);
    });
  }

  /** A token for this phone: from the APNs simulator when the lab has one, else made locally. */
  async registerForRemoteNotifications(topic: string): Promise<string> {
    if (this.apns.configured) return this.apns.register(topic);
    return randomBytes(32).toString('hex');
  }

  /**
   * Nothing the phone started is still under way: no event waiting for its delay or being carried
   * out (an app coming up, an alert, a banner, a download), and no app flow at work between the
   * user's answers (a flow waiting for an answer, its prompt on screen, is settled).
   */
  get settled(): boolean {
    const flowAtWork = this.flows.busy && this.flows.prompt === undefined;
    return this.#underway.size === 0 && !flowAtWork;
  }

  /** Waits until the phone has settled, at most limitMs; says whether it did. */
  async settle(limitMs: number): Promise<boolean> {
    const until = Date.now() + limitMs;
    while (!this.settled && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
    return this.settled;
  }

  advanceClock(seconds: number): Date {
    this.clockOffsetSeconds += seconds;
    this.transcript.add('setting', `device clock advanced by ${seconds} s`);
    return this.now();
  }

  async shutdown(): Promise<void> {
    for (const timer of this.#underway) clearTimeout(timer);
    this.#underway.clear();
    this.flows.abandon();
    this.sms.close();
    await this.apns.close();
  }
}

const LAUNCH_EVENTS: Record<string, ScreenEvent> = {
  'com.apple.springboard': 'pressHome',
  'com.apple.camera': 'openCamera',
  'com.apple.mobilesafari': 'openSafari',
  'com.apple.AppStore': 'openAppStore',
  'com.apple.Preferences': 'openSettings',
  [MESSAGES_BUNDLE_ID]: 'openMessages',
  [IBKR_BUNDLE_ID]: 'openIbkr',
};
