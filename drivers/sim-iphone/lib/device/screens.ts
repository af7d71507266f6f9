// The phone's screens as an explicit state machine: (screen, event) -> screen. Alerts and
// banners sit on top of a screen and are modelled separately (see prompts.ts).

import { IBKR_BUNDLE_ID } from '../../../../product/index.ts';

/** Messages: where SMS arrive (it has no home-screen icon here; its notifications open it). */
export const MESSAGES_BUNDLE_ID = 'com.apple.MobileSMS';

export const SCREENS = [
  'springboard',
  'camera',
  'safari',
  'appStore.product',
  'settings',
  'settings.camera',
  'settings.notifications',
  'settings.notifications.app',
  'settings.biometrics',
  'notificationCenter',
  'messages',
  'ibkr.home',
  'ibkr.activating',
  'ibkr.activated',
  'ibkr.approval',
  'ibkr.answered',
  'ibkr.ibkey',
  'ibkr.keyInvalidated',
  'ibkr.moved',
  'ibkr.recovery',
  'ibkr.recoveryCode',
  'ibkr.recovered',
] as const;

export type ScreenId = (typeof SCREENS)[number];

export type ScreenEvent =
  | 'pressHome'
  | 'openCamera'
  | 'openSettings'
  | 'openSafari'
  | 'openAppStore'
  | 'openIbkr'
  | 'openNotificationCenter'
  | 'openMessages'
  | 'openCameraSettings'
  | 'openNotificationSettings'
  | 'openAppNotificationSettings'
  | 'openBiometricSettings'
  | 'back'
  | 'loadPageInSafari'
  | 'showProductPage'
  | 'activationLinkOpened'
  | 'activationSucceeded'
  | 'activationFailed'
  | 'tapDone'
  | 'approvalOpened'
  | 'approvalAnswered'
  | 'openIbKeyModule'
  | 'keyInvalidated'
  | 'deviceRevoked'
  | 'startRecovery'
  | 'recoveryCodeSent'
  | 'recoveryRestart'
  | 'recoverySucceeded'
  | 'appTerminated';

type From = ScreenId | '*';

/** Every allowed move. '*' rows apply from any screen (the Home button, launching an app). */
export const TRANSITIONS: readonly [From, ScreenEvent, ScreenId][] = [
  ['*', 'pressHome', 'springboard'],
  ['*', 'openCamera', 'camera'],
  ['*', 'openSettings', 'settings'],
  ['*', 'openSafari', 'safari'],
  ['*', 'openAppStore', 'appStore.product'],
  ['*', 'openIbkr', 'ibkr.home'],
  ['*', 'openNotificationCenter', 'notificationCenter'],
  ['*', 'openMessages', 'messages'],
  ['*', 'loadPageInSafari', 'safari'],
  ['*', 'showProductPage', 'appStore.product'],
  ['*', 'activationLinkOpened', 'ibkr.activating'],
  ['*', 'approvalOpened', 'ibkr.approval'],
  ['*', 'appTerminated', 'springboard'],
  ['settings', 'openCameraSettings', 'settings.camera'],
  ['settings', 'openNotificationSettings', 'settings.notifications'],
  ['settings', 'openBiometricSettings', 'settings.biometrics'],
  ['settings.camera', 'back', 'settings'],
  ['settings.notifications', 'back', 'settings'],
  ['settings.notifications', 'openAppNotificationSettings', 'settings.notifications.app'],
  ['settings.notifications.app', 'back', 'settings.notifications'],
  ['settings.biometrics', 'back', 'settings'],
  ['notificationCenter', 'back', 'springboard'],
  ['ibkr.activating', 'activationSucceeded', 'ibkr.activated'],
  ['ibkr.activating', 'activationFailed', 'ibkr.home'],
  ['ibkr.activated', 'tapDone', 'ibkr.home'],
  ['ibkr.approval', 'approvalAnswered', 'ibkr.answered'],
  ['ibkr.approval', 'back', 'ibkr.home'],
  ['ibkr.answered', 'tapDone', 'ibkr.home'],
  ['ibkr.home', 'openIbKeyModule', 'ibkr.ibkey'],
  ['ibkr.ibkey', 'back', 'ibkr.home'],
  ['ibkr.ibkey', 'tapDone', 'ibkr.home'],
  // IB Key stops on this phone (key invalidated, moved away); recovery and moving here.
  ['*', 'keyInvalidated', 'ibkr.keyInvalidated'],
  ['*', 'deviceRevoked', 'ibkr.moved'],
  ['ibkr.home', 'startRecovery', 'ibkr.recovery'],
  ['ibkr.keyInvalidated', 'startRecovery', 'ibkr.recovery'],
  ['ibkr.moved', 'startRecovery', 'ibkr.recovery'],
  ['ibkr.keyInvalidated', 'back', 'ibkr.home'],
  ['ibkr.moved', 'tapDone', 'ibkr.home'],
  ['ibkr.recovery', 'recoveryCodeSent', 'ibkr.recoveryCode'],
  ['ibkr.recovery', 'back', 'ibkr.home'],
  ['ibkr.recoveryCode', 'recoveryRestart', 'ibkr.recovery'],
  ['ibkr.recoveryCode', 'recoverySucceeded', 'ibkr.recovered'],
  ['ibkr.recoveryCode', 'back', 'ibkr.recovery'],
  ['ibkr.recovered', 'tapDone', 'ibkr.home'],
];

export class TransitionError extends Error {
  override name = 'TransitionError';
}

export function nextScreen(from: ScreenId, event: ScreenEvent): ScreenId {
  const exact = TRANSITIONS.find(([source, on]) => source === from && on === event);
  const anywhere = TRANSITIONS.find(([source, on]) => source === '*' && on === event);
  const row = exact ?? anywhere;
  if (!row) {
    const allowed = TRANSITIONS.filter(([source]) => source === from || source === '*').map(([, on]) => on);
    throw new TransitionError(
      `The phone cannot "${event}" from the ${from} screen; it can: ${[...new Set(allowed)].join(', ')}.`,
    );
  }
  return row[2];
}

/** Which app a screen belongs to (for queryAppState and the application element). */
export function appOfScreen(screen: ScreenId): string {
  if (screen === 'springboard' || screen === 'notificationCenter') return 'com.apple.springboard';
  if (screen === 'camera') return 'com.apple.camera';
  if (screen === 'messages') return MESSAGES_BUNDLE_ID;
  if (screen === 'safari') return 'com.apple.mobilesafari';
  if (screen === 'appStore.product') return 'com.apple.AppStore';
  if (screen.startsWith('settings')) return 'com.apple.Preferences';
  return IBKR_BUNDLE_ID;
}

export const SYSTEM_APPS = [
  'com.apple.springboard',
  'com.apple.camera',
  'com.apple.mobilesafari',
  'com.apple.AppStore',
  'com.apple.Preferences',
  MESSAGES_BUNDLE_ID,
];

/** The name each app's application element and home-screen icon carry. */
export const APP_NAMES: Record<string, string> = {
  'com.apple.springboard': 'SpringBoard',
  'com.apple.camera': 'Camera',
  'com.apple.mobilesafari': 'Safari',
  'com.apple.AppStore': 'App Store',
  'com.apple.Preferences': 'Settings',
  [MESSAGES_BUNDLE_ID]: 'Messages',
  [IBKR_BUNDLE_ID]: 'IBKR Mobile',
};
