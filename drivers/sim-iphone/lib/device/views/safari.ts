// Safari: the address bar's host, and the page's title or why the page did not load.

import type { View } from './node-builder.ts';

export const safariView: View = (device, column) => {
  column.add({
    type: 'XCUIElementTypeTextField',
    name: 'URL',
    label: 'Address',
    value: device.safari.url ? new URL(device.safari.url).host : '',
  });
  const text = device.safari.error ?? device.safari.title ?? '';
  column.addText(device.safari.error ? 'PageError' : 'PageTitle', text, 60);
};
