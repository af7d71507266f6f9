// The Settings app: its top list, and the Camera, Notifications and Face ID / Touch ID pages the
// lab's scenarios change before and during a journey.

import { IBKR_BUNDLE_ID, type PhoneSetting } from '../../../../../product/index.ts';
import type { SimulatedIPhone } from '../device.ts';
import type { ScreenId } from '../screens.ts';
import type { Column, View } from './node-builder.ts';

function switchNode(column: Column, name: string, label: string, on: boolean, onTap: () => unknown): void {
  column.add({
    type: 'XCUIElementTypeSwitch',
    name,
    label,
    value: on ? '1' : '0',
    onTap: async () => void (await onTap()),
  });
}

/** A switch that turns one of the phone's settings on or off; its label is the setting's own text. */
function settingSwitch(device: SimulatedIPhone, column: Column, name: string, setting: PhoneSetting): void {
  switchNode(column, name, device.text(setting), device.settings[setting], () =>
    device.setSetting(setting, !device.settings[setting]),
  );
}

function backButton(device: SimulatedIPhone, column: Column): void {
  column.addButton('Back', device.text('back'), () => device.go('back'));
}

const settingsView: View = (device, column) => {
  settingSwitch(device, column, 'Airplane Mode', 'airplaneMode');
  settingSwitch(device, column, 'Focus', 'focus');
  column.add({
    type: 'XCUIElementTypeCell',
    name: 'Camera',
    label: device.text('camera'),
    onTap: () => device.go('openCameraSettings'),
  });
  column.add({
    type: 'XCUIElementTypeCell',
    name: 'Notifications',
    label: device.text('notifications'),
    onTap: () => device.go('openNotificationSettings'),
  });
  column.add({
    type: 'XCUIElementTypeCell',
    name: device.profile.biometry === 'faceId' ? 'Face ID & Passcode' : 'Touch ID & Passcode',
    label: device.text(device.profile.biometry === 'faceId' ? 'faceIdPasscode' : 'touchIdPasscode'),
    onTap: () => device.go('openBiometricSettings'),
  });
};

const cameraSettingsView: View = (device, column) => {
  backButton(device, column);
  settingSwitch(device, column, 'Scan QR Codes', 'scanQrCodes');
};

const notificationSettingsView: View = (device, column) => {
  backButton(device, column);
  if (!device.installed.has(IBKR_BUNDLE_ID)) return;
  const allowed = device.permission(IBKR_BUNDLE_ID).notifications === 'yes';
  switchNode(
    column,
    'Allow Notifications',
    `${device.text('ibkrMobile')}: ${device.text('allowNotifications')}`,
    allowed,
    () => device.setPermission(IBKR_BUNDLE_ID, 'notifications', allowed ? 'no' : 'yes'),
  );
};

const biometricSettingsView: View = (device, column) => {
  backButton(device, column);
  column.add({
    type: 'XCUIElementTypeStaticText',
    name: 'BiometricEnrollment',
    label: device.profile.biometry === 'faceId' ? 'Face ID' : 'Touch ID',
    value: device.biometrics.enrolled ? 'enrolled' : 'not enrolled',
  });
};

export const SETTINGS_VIEWS = {
  settings: settingsView,
  'settings.camera': cameraSettingsView,
  'settings.notifications': notificationSettingsView,
  'settings.biometrics': biometricSettingsView,
} satisfies Record<Extract<ScreenId, `settings${string}`>, View>;
