// The App Store's product page: the app's name, seller and GET, its download's progress or OPEN,
// or why the lookup failed.

import type { View } from './node-builder.ts';

export const appStoreProductView: View = (device, column) => {
  const { product, error, state } = device.appStore;
  if (!product) {
    column.add({
      type: 'XCUIElementTypeStaticText',
      name: 'StoreError',
      label: error ?? 'App Store',
      value: error ?? '',
    });
    return;
  }
  column.addText('ProductName', product.trackName, 40);
  column.addText('ProductSeller', product.sellerName, 24);
  column.addText('ProductSubtitle', device.text('productSubtitle'), 24);
  if (state === 'downloading') {
    // The GET button turns into the download's progress ring until the app is installed.
    column.add({
      type: 'XCUIElementTypeProgressIndicator',
      name: 'DownloadProgress',
      label: product.trackName,
      value: `${device.downloadProgress()}%`,
    });
    return;
  }
  const name = state === 'get' ? 'GET' : 'OPEN';
  column.add({
    type: 'XCUIElementTypeButton',
    name,
    label: device.text(state === 'get' ? 'get' : 'open'),
    onTap: () => device.appStoreButton(),
  });
};
