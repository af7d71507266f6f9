// The home screen: an icon for each installed app, and the way into Notification Center.

import { IBKR_BUNDLE_ID } from '../../../../../product/index.ts';
import { APP_NAMES } from '../screens.ts';
import type { View } from './node-builder.ts';

export const springboardView: View = (device, column) => {
  const icons: [string, string][] = [
    ['com.apple.camera', device.text('camera')],
    ['com.apple.Preferences', device.text('settings')],
    ['com.apple.mobilesafari', device.text('safari')],
    ['com.apple.AppStore', device.text('appStore')],
  ];
  if (device.installed.has(IBKR_BUNDLE_ID)) icons.push([IBKR_BUNDLE_ID, device.text('ibkrMobile')]);
  for (const [bundleId, label] of icons) {
    column.add({
      type: 'XCUIElementTypeIcon',
      name: APP_NAMES[bundleId],
      label,
      height: 64,
      onTap: () => device.launchFromTap(bundleId),
    });
  }
  column.addButton(
    'NotificationCenter',
    device.text('notificationCenter'),
    () => device.go('openNotificationCenter'),
    { value: String(device.notifications.length) },
  );
};
