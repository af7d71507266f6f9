// Safari: the page (its title, or why it did not load) above the bottom address bar of iOS 15 and
// later, which shows the host.

import { TYPE } from './ios-parts.ts';
import type { View } from './node-builder.ts';

/** The bottom bar: the address field over the toolbar. */
export const SAFARI_BAR_HEIGHT = 96;

export const safariView: View = (device, column) => {
  const { width, height } = device.profile.screen;
  const barTop =
    height - device.profile.insets.bottom - SAFARI_BAR_HEIGHT + (device.profile.insets.bottom ? 12 : 0);
  column.add({
    type: 'XCUIElementTypeTextField',
    name: 'URL',
    label: 'Address',
    value: device.safari.url ? new URL(device.safari.url).host : '',
    rect: { x: 16, y: barTop + 6, width: width - 32, height: 40 },
    look: { text: { ...TYPE.body, align: 'middle', maxLines: 1, inset: 9 } },
  });
  column.moveTo(device.profile.insets.top + 24);
  const text = device.safari.error ?? device.safari.title ?? '';
  column.addText(
    device.safari.error ? 'PageError' : 'PageTitle',
    text,
    device.safari.error
      ? { ...TYPE.body, colour: '#8a8a8e', align: 'middle' }
      : { ...TYPE.title2, colour: '#000000' },
  );
};
