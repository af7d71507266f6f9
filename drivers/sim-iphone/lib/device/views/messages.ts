// Messages, opened from an SMS's notification (or launched): every text the phone received, newest
// first, so a test reads a code from an SMS where the customer reads it.

import { largeTitle } from './ios-parts.ts';
import type { ElementNode, Rect, TextLook, View } from './node-builder.ts';

const ROW_HEIGHT = 76;

/** A conversation row's parts: the sender in bold, the time at the right, two lines of the last text. */
export function messageRowParts(row: ElementNode): { text: string; box: Rect; style: TextLook }[] {
  const { x, y, width } = row.rect;
  const [sender = '', ...rest] = (row.label ?? '').split(', ');
  return [
    {
      text: sender,
      box: { x: x + 4, y: y + 8, width: width - 64, height: 20 },
      style: { size: 17, weight: 'bold', maxLines: 1 },
    },
    {
      text: (row.value ?? '').slice(11, 16),
      box: { x: x + width - 56, y: y + 8, width: 56, height: 20 },
      style: { size: 15, colour: '#8a8a8e', align: 'end', maxLines: 1 },
    },
    {
      text: rest.join(', '),
      box: { x: x + 4, y: y + 30, width: width - 8, height: 40 },
      style: { size: 15, colour: '#8a8a8e', maxLines: 2, lineHeight: 20 },
    },
  ];
}

export const messagesView: View = (device, column) => {
  largeTitle(device, column, 'MessagesTitle', device.text('messages'));
  for (const message of [...device.textMessages].reverse()) {
    column.add({
      type: 'XCUIElementTypeCell',
      name: 'MessageCell',
      label: `${message.from}, ${message.body}`,
      value: message.receivedAt,
      height: ROW_HEIGHT,
      look: { as: 'messageRow' },
    });
  }
};
