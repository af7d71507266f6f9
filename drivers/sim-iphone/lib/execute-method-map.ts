// The execute methods: XCUITest's own "mobile:" names and arguments where XCUITest has the
// command, "sim:" for what only a simulator can do. Checked against the driver: a method naming
// a command the driver lacks is a type error.

import type { ExecuteMethodMap } from '@appium/types';
import type { SimIPhoneDriver } from './driver.ts';

export const executeMethodMap = {
  'mobile: enrollBiometric': { command: 'mobileEnrollBiometric', params: { optional: ['isEnabled'] } },
  'mobile: sendBiometricMatch': {
    command: 'mobileSendBiometricMatch',
    params: { optional: ['type', 'match'] },
  },
  'mobile: isBiometricEnrolled': { command: 'mobileIsBiometricEnrolled' },
  /** The enrolled face or fingers change while biometry stays on: keys bound to the current set are invalidated. */
  'sim: changeBiometricEnrollment': { command: 'simChangeBiometricEnrollment' },
  'mobile: alert': {
    command: 'mobileHandleAlert',
    params: { required: ['action'], optional: ['buttonLabel'] },
  },
  'mobile: deepLink': { command: 'mobileDeepLink', params: { required: ['url'], optional: ['bundleId'] } },
  'mobile: pushNotification': {
    command: 'mobilePushNotification',
    params: { required: ['bundleId', 'payload'] },
  },
  'mobile: setPermission': { command: 'mobileSetPermission', params: { required: ['bundleId', 'access'] } },
  'mobile: getPermission': { command: 'mobileGetPermission', params: { required: ['bundleId', 'service'] } },
  'mobile: installApp': { command: 'mobileInstallApp', params: { required: ['app'] } },
  'mobile: removeApp': { command: 'mobileRemoveApp', params: { required: ['bundleId'] } },
  'mobile: isAppInstalled': { command: 'mobileIsAppInstalled', params: { required: ['bundleId'] } },
  'mobile: launchApp': {
    command: 'mobileLaunchApp',
    params: { required: ['bundleId'], optional: ['arguments', 'environment'] },
  },
  'mobile: activateApp': { command: 'mobileActivateApp', params: { required: ['bundleId'] } },
  'mobile: terminateApp': { command: 'mobileTerminateApp', params: { required: ['bundleId'] } },
  'mobile: queryAppState': { command: 'mobileQueryAppState', params: { required: ['bundleId'] } },
  'mobile: getPasteboard': { command: 'mobileGetPasteboard', params: { optional: ['encoding'] } },
  'mobile: setPasteboard': {
    command: 'mobileSetPasteboard',
    params: { required: ['content'], optional: ['encoding'] },
  },
  'mobile: pressButton': { command: 'mobilePressButton', params: { required: ['name'] } },
  'mobile: deviceInfo': { command: 'mobileGetDeviceInfo' },
  'mobile: activeAppInfo': { command: 'mobileGetActiveAppInfo' },
  'sim: presentCameraFrame': {
    command: 'simPresentCameraFrame',
    params: { required: ['image'], optional: ['distanceCm', 'focusDistanceCm', 'tiltDeg', 'glare'] },
  },
  'sim: switchCamera': { command: 'simSwitchCamera', params: { optional: ['side'] } },
  'sim: setSetting': { command: 'simSetSetting', params: { required: ['name', 'value'] } },
  'sim: getSettings': { command: 'simGetSettings' },
  'sim: getNotifications': { command: 'simGetNotifications' },
  'sim: openNotification': { command: 'simOpenNotification', params: { required: ['id'] } },
  /** The SMS the phone received ({sid, to, from, body, at, receivedAt}), with appium:phoneNumber and a gateway. */
  'sim: getMessages': { command: 'simGetMessages' },
  'sim: transcript': { command: 'simTranscript', params: { optional: ['since'] } },
  'sim: advanceClock': { command: 'simAdvanceClock', params: { required: ['seconds'] } },
  'sim: settle': { command: 'simSettle', params: { optional: ['timeoutMs'] } },
  'sim: settledScreenshot': {
    command: 'simSettledScreenshot',
    params: { optional: ['timeoutMs', 'unlessScreen'] },
  },
} as const satisfies ExecuteMethodMap<SimIPhoneDriver>;
