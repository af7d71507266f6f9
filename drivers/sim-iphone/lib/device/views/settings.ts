// The Settings app as iOS lays it out (inset grouped lists with their icons), on the paths a
// customer follows: Settings > Camera > Scan QR Codes; Notifications > IBKR Mobile > Allow
// Notifications; Face ID & Passcode (Touch ID & Passcode); Airplane Mode and Focus on the top list.

import { IBKR_BUNDLE_ID, type PhoneSetting } from '../../../../../product/index.ts';
import type { SimulatedIPhone } from '../device.ts';
import type { ScreenId } from '../screens.ts';
import { type GroupedRow, groupedList, largeTitle, navigationBar } from './ios-parts.ts';
import type { View } from './node-builder.ts';

/** A row with a switch that turns one of the phone's settings on or off; its label is the setting's own text. */
function settingRow(device: SimulatedIPhone, name: string, setting: PhoneSetting, icon?: string): GroupedRow {
  return {
    type: 'XCUIElementTypeSwitch',
    name,
    label: device.text(setting),
    icon,
    on: device.settings[setting],
    onTap: async () => void (await device.setSetting(setting, !device.settings[setting])),
  };
}

function biometricPage(device: SimulatedIPhone): { name: string; label: string } {
  const faceId = device.profile.biometry === 'faceId';
  return {
    name: faceId ? 'Face ID & Passcode' : 'Touch ID & Passcode',
    label: device.text(faceId ? 'faceIdPasscode' : 'touchIdPasscode'),
  };
}

const settingsView: View = (device, column) => {
  largeTitle(device, column, 'Settings', device.text('settings'));
  column.gap(12);
  groupedList(device, column, [
    settingRow(device, 'Airplane Mode', 'airplaneMode', 'airplane'),
    settingRow(device, 'Focus', 'focus', 'focus'),
  ]);
  groupedList(device, column, [
    {
      name: 'Notifications',
      label: device.text('notifications'),
      icon: 'notifications',
      onTap: () => device.go('openNotificationSettings'),
    },
    {
      ...biometricPage(device),
      icon: device.profile.biometry === 'faceId' ? 'faceId' : 'touchId',
      onTap: () => device.go('openBiometricSettings'),
    },
  ]);
  groupedList(device, column, [
    {
      name: 'Camera',
      label: device.text('camera'),
      icon: 'cameraSettings',
      onTap: () => device.go('openCameraSettings'),
    },
  ]);
};

const cameraSettingsView: View = (device, column) => {
  navigationBar(device, column, {
    title: device.text('camera'),
    back: { label: device.text('settings'), onTap: () => device.go('back') },
  });
  groupedList(device, column, [settingRow(device, 'Scan QR Codes', 'scanQrCodes')]);
};

const notificationSettingsView: View = (device, column) => {
  navigationBar(device, column, {
    title: device.text('notifications'),
    back: { label: device.text('settings'), onTap: () => device.go('back') },
  });
  if (!device.installed.has(IBKR_BUNDLE_ID)) return;
  const allowed = device.permission(IBKR_BUNDLE_ID).notifications === 'yes';
  groupedList(
    device,
    column,
    [
      {
        name: 'IBKR Mobile',
        label: device.text('ibkrMobile'),
        icon: 'ibkr',
        detail: device.text(allowed ? 'notificationStyleOn' : 'notificationStyleOff'),
        onTap: () => device.go('openAppNotificationSettings'),
      },
    ],
    { header: device.text('notificationStyle') },
  );
};

const appNotificationSettingsView: View = (device, column) => {
  navigationBar(device, column, {
    title: device.text('ibkrMobile'),
    back: { label: device.text('notifications'), onTap: () => device.go('back') },
  });
  const allowed = device.permission(IBKR_BUNDLE_ID).notifications === 'yes';
  groupedList(device, column, [
    {
      type: 'XCUIElementTypeSwitch',
      name: 'Allow Notifications',
      label: device.text('allowNotifications'),
      on: allowed,
      onTap: () => device.setPermission(IBKR_BUNDLE_ID, 'notifications', allowed ? 'no' : 'yes'),
    },
  ]);
};

const biometricSettingsView: View = (device, column) => {
  const page = biometricPage(device);
  navigationBar(device, column, {
    title: page.label,
    back: { label: device.text('settings'), onTap: () => device.go('back') },
  });
  const name = device.profile.biometry === 'faceId' ? 'Face ID' : 'Touch ID';
  groupedList(
    device,
    column,
    [
      {
        name: 'BiometricEnrollment',
        label: name,
        detail: device.text(device.biometrics.enrolled ? 'biometricEnrolled' : 'biometricNotEnrolled'),
      },
    ],
    { header: device.text('biometricUseFor', { biometry: name }) },
  );
};

export const SETTINGS_VIEWS = {
  settings: settingsView,
  'settings.camera': cameraSettingsView,
  'settings.notifications': notificationSettingsView,
  'settings.notifications.app': appNotificationSettingsView,
  'settings.biometrics': biometricSettingsView,
} satisfies Record<Extract<ScreenId, `settings${string}`>, View>;
