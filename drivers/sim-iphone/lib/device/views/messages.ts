// Messages, opened from an SMS's notification (or launched): every text the phone received, newest
// first, so a test reads a code from an SMS where the customer reads it.

import type { View } from './node-builder.ts';

export const messagesView: View = (device, column) => {
  column.addText('MessagesTitle', device.text('messages'), 40);
  for (const message of [...device.textMessages].reverse()) {
    column.add({
      type: 'XCUIElementTypeCell',
      name: 'MessageCell',
      label: `${message.from}, ${message.body}`,
      value: message.receivedAt,
      height: 64,
    });
  }
};
