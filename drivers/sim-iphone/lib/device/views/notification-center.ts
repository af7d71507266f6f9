// Notification Center, pulled down over the home screen: every delivered notification, newest first.

import type { View } from './node-builder.ts';

export const notificationCenterView: View = (device, column) => {
  column.addText('NotificationCenterTitle', device.text('notificationCenter'));
  for (const notification of [...device.notifications].reverse()) {
    column.add({
      type: 'XCUIElementTypeCell',
      name: 'NotificationCell',
      label: `${notification.title}, ${notification.body}`,
      value: notification.receivedAt,
      height: 64,
      onTap: () => device.openNotification(notification.id),
    });
  }
};
