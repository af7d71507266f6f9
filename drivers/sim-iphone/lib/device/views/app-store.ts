// The App Store's product page: the app's icon, name, seller and GET, then its download's
// progress ring or OPEN; or why the lookup failed.

import { STORE_PILL, storePillWidth, TYPE } from './ios-parts.ts';
import { textBlockHeight, type View } from './node-builder.ts';

export const PRODUCT_ICON = 118;
const BUTTON = { width: 74, height: 28 };

export const appStoreProductView: View = (device, column) => {
  const top = device.profile.insets.top + 52;
  const { product, error, state } = device.appStore;
  if (!product) {
    column.moveTo(top + 120);
    column.addText('StoreError', error ?? 'App Store', { ...TYPE.body, colour: '#8a8a8e', align: 'middle' });
    return;
  }
  const left = 20 + PRODUCT_ICON + 16;
  const room = device.profile.screen.width - left - 20;
  column.add({
    type: 'XCUIElementTypeImage',
    name: 'ProductIcon',
    label: product.trackName,
    rect: { x: 20, y: top, width: PRODUCT_ICON, height: PRODUCT_ICON },
  });
  const titleStyle = {
    ...TYPE.title3,
    weight: 'bold' as const,
    lineHeight: 24,
    colour: '#000000',
    maxLines: 2,
  };
  column.addText('ProductName', product.trackName, titleStyle, {
    rect: { x: left, y: top, width: room, height: textBlockHeight(product.trackName, room, titleStyle) },
  });
  column.addText(
    'ProductSeller',
    product.sellerName,
    { ...TYPE.subheadline, colour: '#8a8a8e', maxLines: 1 },
    { rect: { x: left, y: top + 50, width: room, height: 20 } },
  );
  column.addText(
    'ProductSubtitle',
    device.text('productSubtitle'),
    { ...TYPE.footnote, colour: '#8a8a8e', maxLines: 1 },
    { rect: { x: left, y: top + 70, width: room, height: 18 } },
  );
  const label = device.text(state === 'get' ? 'get' : state === 'open' ? 'open' : 'installing');
  const buttonWidth = storePillWidth(label, BUTTON.width);
  const button = {
    x: left,
    y: top + PRODUCT_ICON - BUTTON.height,
    width: buttonWidth,
    height: BUTTON.height,
  };
  if (state === 'downloading') {
    // The GET button turns into the download's progress ring until the app is installed.
    column.add({
      type: 'XCUIElementTypeProgressIndicator',
      name: 'DownloadProgress',
      label: product.trackName,
      value: `${device.downloadProgress()}%`,
      rect: { x: left, y: button.y - 2, width: 32, height: 32 },
    });
    return;
  }
  const name = state === 'get' ? 'GET' : 'OPEN';
  column.add({
    type: 'XCUIElementTypeButton',
    name,
    label,
    onTap: () => device.appStoreButton(),
    rect: button,
    look: STORE_PILL,
  });
};
