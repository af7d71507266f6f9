// Messages, opened from an SMS's notification (or launched): every text the phone received, newest
// first, so a test reads a code from an SMS where the customer reads it.

import { largeTitle } from './ios-parts.ts';
import type { View } from './node-builder.ts';

export const messagesView: View = (device, column) => {
  largeTitle(device, column, 'MessagesTitle', device.text('messages'));
  for (const message of [...device.textMessages].reverse()) {
    column.add({
      type: 'XCUIElementTypeCell',
      name: 'MessageCell',
      label: `${message.from}, ${message.body}`,
      value: message.receivedAt,
      height: 76,
      rect: undefined,
      look: {
        as: 'card',
        detail: message.receivedAt.slice(11, 16),
        text: { size: 15, maxLines: 2, lineHeight: 20 },
      },
    });
  }
};
