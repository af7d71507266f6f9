// Notification Center, pulled down from the top edge: the lock screen's date and time over the
// wallpaper, and every delivered notification as a card, newest first. A card opens its app when
// tapped and shows its whole text when held.

import { TYPE } from './ios-parts.ts';
import type { View } from './node-builder.ts';
import { cardLayout, cardText, expandNotification } from './notification-card.ts';

export const notificationCenterView: View = (device, column) => {
  const { width } = device.profile.screen;
  const top = device.profile.insets.top;
  const now = device.now();
  const locale = device.locale;
  const date = new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  })
    .format(now)
    .replace(/^./, (first) => first.toUpperCase());
  const time = new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone: 'UTC',
  }).format(now);
  column.moveTo(top + 4);
  column.addText('LockScreenDate', date, {
    ...TYPE.title3,
    weight: 'bold',
    colour: '#ffffff',
    align: 'middle',
    maxLines: 1,
  });
  column.addText('LockScreenTime', time, {
    size: 84,
    weight: 'bold',
    lineHeight: 90,
    colour: '#ffffff',
    align: 'middle',
    maxLines: 1,
  });
  column.gap(8);
  column.addText('NotificationCenterTitle', device.text('notificationCenter'), {
    ...TYPE.headline,
    size: 20,
    lineHeight: 25,
    colour: '#ffffff',
    maxLines: 1,
  });
  const cardWidth = width - 2 * column.margin;
  for (const notification of [...device.notifications].reverse()) {
    const text = cardText(device, notification);
    const layout = cardLayout(text, cardWidth);
    column.add({
      type: 'XCUIElementTypeCell',
      name: 'NotificationCell',
      label: `${notification.title}, ${notification.body}`,
      value: notification.receivedAt,
      height: layout.height,
      onTap: () => device.openNotification(notification.id),
      onLongPress: () => expandNotification(device, notification.id),
      look: { as: 'card', card: text },
    });
  }
};
