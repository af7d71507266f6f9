// Every screen, alert and banner of the simulated iPhone, each put up on a fresh phone with the
// longest texts it shows (the longest notice, a login request's long notification, a long host),
// for the text-fit test and `npm run phone:gallery`.

import { scanScreenshot } from '@ibkey-lab/camera';
import { IBKR_BUNDLE_ID, IBKR_MOBILE, type Locale, type PhoneStringKey } from '../../../product/index.ts';
import { SimulatedIPhone } from '../lib/device/device.ts';
import { appErrorPrompt, authCancelledPrompt, notificationPermissionPrompt } from '../lib/device/ibkr-app.ts';
import { biometricPrompt, faceIdUsagePrompt, passcodePrompt } from '../lib/device/local-authentication.ts';
import { type DeviceProfile, PROFILES } from '../lib/device/profiles.ts';
import type { Prompt } from '../lib/device/prompts.ts';
import { MESSAGES_BUNDLE_ID, type ScreenId } from '../lib/device/screens.ts';
import { expandNotification } from '../lib/device/views/notification-card.ts';
import { gateImage } from '../test-support/gate-image.ts';

export const LOCALES: Locale[] = ['en-US', 'fr-FR'];

export interface CatalogueEntry {
  /** What is on screen, e.g. "alert: notification permission". */
  name: string;
  setUp: (device: SimulatedIPhone) => Promise<void> | void;
}

/** The longest of the app's notices under the recovery form, in this language. */
const RECOVERY_NOTICES: PhoneStringKey[] = [
  'recoveryBadLogin',
  'recoveryNoDevice',
  'recoveryNoPhone',
  'recoverySmsFailed',
  'smsCodeExpired',
  'smsCodeTooMany',
  'recoveryFailed',
];

function longestNotice(device: SimulatedIPhone): string {
  return RECOVERY_NOTICES.map((key) => device.text(key, { count: '2' })).sort(
    (a, b) => b.length - a.length,
  )[0]!;
}

const LOGIN_PUSH = {
  en: {
    title: 'IBKR Mobile: login request',
    body: 'Someone is logging in to your account on the Client Portal. Tap to approve or deny this login with IB Key.',
  },
  fr: {
    title: 'IBKR Mobile : demande de connexion',
    body: 'Quelqu’un se connecte à votre compte sur le Portail Client. Touchez pour approuver ou refuser cette connexion avec IB Key.',
  },
};

function deliver(device: SimulatedIPhone, bundleId = IBKR_BUNDLE_ID) {
  const text = LOGIN_PUSH[device.locale === 'fr-FR' ? 'fr' : 'en'];
  const notification = {
    id: device.notifications.length + 1,
    bundleId,
    title: bundleId === MESSAGES_BUNDLE_ID ? '+1 555 0100' : text.title,
    body:
      bundleId === MESSAGES_BUNDLE_ID
        ? device.text('smsCodeInstructions', { digits: '0100' }).replace(/\.$/, ': 482913.')
        : text.body,
    payload: {},
    receivedAt: device.now().toISOString(),
    presented: true,
  };
  device.notifications.push(notification);
  return notification;
}

function show(device: SimulatedIPhone, screen: ScreenId): void {
  device.screen = screen;
  device.running.set(device.foregroundApp, 'foreground');
}

/** Puts a prompt up in IBKR Mobile, as the app's flow asks it (instant timing: at once). */
async function ask(device: SimulatedIPhone, prompt: Prompt): Promise<void> {
  show(device, 'ibkr.home');
  await device.flows.start(async () => {
    await device.flows.ask(prompt);
  });
}

/** The App Store's product page (with the app's longest name), its button in this state. */
const PRODUCT = {
  trackId: IBKR_MOBILE.appStoreId,
  trackName: 'IBKR Mobile - Invest Worldwide',
  bundleId: IBKR_BUNDLE_ID,
  sellerName: 'Interactive Brokers LLC',
} as never;

function showProductPage(device: SimulatedIPhone, state: SimulatedIPhone['appStore']['state']): void {
  device.appStore =
    state === 'downloading'
      ? { state, product: PRODUCT, downloadStartedAt: Date.now() }
      : { state, product: PRODUCT };
  show(device, 'appStore.product');
}

/** The Face ID sheet or Touch ID alert as the app's recovery asks it, before or after a miss. */
function recoveryBiometricPrompt(device: SimulatedIPhone, missed: boolean): Prompt {
  return biometricPrompt(device, device.text('biometricReasonRecover'), missed, '');
}

export const CATALOGUE: CatalogueEntry[] = [
  { name: 'home screen', setUp: () => {} },
  {
    name: 'Notification Center',
    setUp: (device) => {
      deliver(device, MESSAGES_BUNDLE_ID);
      deliver(device);
      show(device, 'notificationCenter');
    },
  },
  {
    name: 'Notification Center, a notification held (expanded)',
    setUp: (device) => {
      const held = deliver(device);
      expandNotification(device, held.id);
      show(device, 'notificationCenter');
    },
  },
  {
    name: 'notification banner over the home screen',
    setUp: (device) => {
      device.banner = { kind: 'notification', notification: deliver(device) };
    },
  },
  {
    name: 'notification banner held (expanded)',
    setUp: (device) => {
      const notification = deliver(device);
      expandNotification(device, notification.id);
      device.banner = { kind: 'notification', notification };
    },
  },
  {
    name: 'alert: notification permission',
    setUp: (device) => ask(device, notificationPermissionPrompt(device)),
  },
  {
    name: 'alert: Face ID first use',
    setUp: (device) => ask(device, faceIdUsagePrompt(device)),
  },
  {
    name: 'Face ID sheet / Touch ID alert',
    setUp: (device) => ask(device, recoveryBiometricPrompt(device, false)),
  },
  {
    name: 'Face ID / Touch ID not recognised',
    setUp: (device) => ask(device, recoveryBiometricPrompt(device, true)),
  },
  {
    name: 'passcode keypad',
    setUp: (device) => {
      const prompt = passcodePrompt(device, device.text('biometricReasonApprove'), {
        notice: device.text(device.profile.biometry === 'faceId' ? 'faceIdLocked' : 'touchIdLocked'),
      });
      // Two digits typed.
      return ask(device, { ...prompt, textField: { ...prompt.textField!, value: '12' } });
    },
  },
  { name: 'alert: authentication cancelled', setUp: (device) => ask(device, authCancelledPrompt(device)) },
  { name: 'alert: IBKR Mobile error', setUp: (device) => ask(device, appErrorPrompt(device)) },
  { name: 'Settings', setUp: (device) => show(device, 'settings') },
  { name: 'Settings > Camera', setUp: (device) => show(device, 'settings.camera') },
  { name: 'Settings > Notifications', setUp: (device) => show(device, 'settings.notifications') },
  {
    name: 'Settings > Notifications > IBKR Mobile',
    setUp: (device) => {
      device.setPermission(IBKR_BUNDLE_ID, 'notifications', 'yes');
      show(device, 'settings.notifications.app');
    },
  },
  { name: 'Settings > Face ID & Passcode', setUp: (device) => show(device, 'settings.biometrics') },
  {
    name: 'Safari',
    setUp: (device) => {
      device.safari = {
        url: 'https://ndcdyn.interactivebrokers.com/sso/Login',
        title: 'Client Portal | Interactive Brokers',
      };
      show(device, 'safari');
    },
  },
  {
    name: 'Safari with a Smart App Banner',
    setUp: (device) => {
      device.safari = {
        url: 'https://www.interactivebrokers.com/en/trading/ibkr-mobile.php',
        title: 'IBKR Mobile | Interactive Brokers LLC',
        smartAppBannerId: String(IBKR_MOBILE.appStoreId),
      };
      device.remove(IBKR_BUNDLE_ID);
      show(device, 'safari');
    },
  },
  { name: 'App Store: GET', setUp: (device) => showProductPage(device, 'get') },
  { name: 'App Store: downloading', setUp: (device) => showProductPage(device, 'downloading') },
  { name: 'App Store: OPEN', setUp: (device) => showProductPage(device, 'open') },
  {
    name: 'Camera with the QR frame and banner',
    setUp: async (device) => {
      show(device, 'camera');
      const link =
        'https://ndcdyn.interactivebrokers.com/ibkey/activate?v=1&s=K7Q2M9TX4B1C&c=AQIDBAUGBwgJCgsMDQ4PEBESExQ';
      const image = Buffer.from(await gateImage(link), 'base64');
      device.camera.lastScan = await scanScreenshot(image, { distanceCm: 20, camera: 'back' });
      device.banner = {
        kind: 'qr',
        link,
        target: 'safari',
        text: device.text('qrInSafari', { host: 'ndcdyn.interactivebrokers.com' }),
      };
    },
  },
  {
    name: 'Messages',
    setUp: (device) => {
      device.textMessages.push({
        sid: 'SM1',
        from: '+1 555 0100',
        to: '+1 555 0199',
        body: 'IBKR: 482913 is your IB Key recovery code. It expires in 10 minutes.',
        receivedAt: device.now().toISOString(),
      } as never);
      show(device, 'messages');
    },
  },
  { name: 'IBKR Mobile: home', setUp: (device) => show(device, 'ibkr.home') },
  { name: 'IBKR Mobile: activating', setUp: (device) => show(device, 'ibkr.activating') },
  { name: 'IBKR Mobile: activated', setUp: (device) => show(device, 'ibkr.activated') },
  { name: 'IBKR Mobile: login request', setUp: (device) => show(device, 'ibkr.approval') },
  {
    name: 'IBKR Mobile: login approved',
    setUp: (device) => {
      device.app.answered = 'approved';
      show(device, 'ibkr.answered');
    },
  },
  {
    name: 'IBKR Mobile: IB Key challenge/response',
    setUp: (device) => {
      device.app.challengeInput = '7391 0462';
      device.app.response = '5820 3317';
      show(device, 'ibkr.ibkey');
    },
  },
  { name: 'IBKR Mobile: key can no longer be used', setUp: (device) => show(device, 'ibkr.keyInvalidated') },
  { name: 'IBKR Mobile: IB Key moved away', setUp: (device) => show(device, 'ibkr.moved') },
  {
    name: 'IBKR Mobile: recovery with the longest notice',
    setUp: (device) => {
      device.app.recovery = {
        purpose: 'move',
        username: 'jdoe1234',
        password: 'secret',
        code: '',
        notice: longestNotice(device),
      };
      show(device, 'ibkr.recovery');
    },
  },
  {
    name: 'IBKR Mobile: SMS code',
    setUp: (device) => {
      device.app.recovery = {
        purpose: 'recover',
        username: 'jdoe1234',
        password: 'secret',
        code: '4829',
        phoneHint: '0100',
        notice: device.text('smsCodeWrong', { count: '2' }),
      };
      show(device, 'ibkr.recoveryCode');
    },
  },
  {
    name: 'IBKR Mobile: IB Key moved here',
    setUp: (device) => {
      device.app.recovery = { purpose: 'move', username: '', password: '', code: '' };
      show(device, 'ibkr.recovered');
    },
  },
];

/** A fresh phone of this profile and language, with IBKR Mobile installed and a fixed clock. */
export function catalogueDevice(profile: DeviceProfile, locale: Locale): SimulatedIPhone {
  const device = new SimulatedIPhone({
    profile,
    locale,
    platformVersion: profile.platformVersion,
    installedApps: [IBKR_BUNDLE_ID],
    settings: {},
    passcode: '123456',
  });
  // 09:41, as Apple's own screenshots show.
  const nineFortyOne = new Date();
  nineFortyOne.setUTCHours(9, 41, 0, 0);
  device.clockOffsetSeconds = (nineFortyOne.getTime() - Date.now()) / 1000;
  return device;
}

/** Every entry on every profile in every language. */
export function* everyScreen(): Generator<{ profile: DeviceProfile; locale: Locale; entry: CatalogueEntry }> {
  for (const profile of PROFILES)
    for (const locale of LOCALES) for (const entry of CATALOGUE) yield { profile, locale, entry };
}
