// Safari: the page (its title, or why it did not load) under the Smart App Banner a page asks for
// (apple-itunes-app: the app's icon, name and OPEN when it is installed, VIEW for its App Store
// page otherwise), above the bottom address bar of iOS 15 and later, which shows the host.

import { IBKR_BUNDLE_ID, IBKR_MOBILE } from '../../../../../product/index.ts';
import type { SimulatedIPhone } from '../device.ts';
import { STORE_PILL, storePillWidth, TYPE } from './ios-parts.ts';
import type { Column, View } from './node-builder.ts';

/** The bottom bar: the address field over the toolbar. */
export const SAFARI_BAR_HEIGHT = 96;
/** Where the bottom bar starts: over the home indicator's strip, which it overlaps by 12 points. */
export function safariBarTop(device: SimulatedIPhone): number {
  const { bottom } = device.profile.insets;
  return device.profile.screen.height - bottom - SAFARI_BAR_HEIGHT + (bottom ? 12 : 0);
}

/** The Smart App Banner under the status bar. */
export const SMART_BANNER_HEIGHT = 80;

function smartAppBanner(device: SimulatedIPhone, column: Column, appId: string): void {
  const { width } = device.profile.screen;
  const top = device.profile.insets.top;
  const ibkr = appId === String(IBKR_MOBILE.appStoreId);
  const installed = ibkr && device.installed.has(IBKR_BUNDLE_ID);
  const label = device.text(installed ? 'open' : 'smartBannerView');
  const buttonWidth = storePillWidth(label, 64);
  column.add({
    type: 'XCUIElementTypeButton',
    name: 'SmartAppBannerButton',
    label,
    value: ibkr ? IBKR_MOBILE.name : appId,
    rect: {
      x: width - 16 - buttonWidth,
      y: top + (SMART_BANNER_HEIGHT - 30) / 2,
      width: buttonWidth,
      height: 30,
    },
    // OPEN opens the app; VIEW shows its App Store page.
    onTap: () => (installed ? device.launchFromTap(IBKR_BUNDLE_ID) : device.showProductPage(appId)),
    look: STORE_PILL,
  });
  const textLeft = 38 + 57 + 12;
  column.addText(
    'SmartAppBannerTitle',
    ibkr ? IBKR_MOBILE.name : 'App Store',
    { ...TYPE.subheadline, weight: 'bold', maxLines: 1 },
    {
      rect: { x: textLeft, y: top + 20, width: width - textLeft - buttonWidth - 28, height: 20 },
    },
  );
  column.addText(
    'SmartAppBannerSubtitle',
    device.text('smartBannerStore'),
    { ...TYPE.footnote, colour: '#8a8a8e', maxLines: 1 },
    {
      rect: { x: textLeft, y: top + 40, width: width - textLeft - buttonWidth - 28, height: 18 },
    },
  );
}

export const safariView: View = (device, column) => {
  const { width } = device.profile.screen;
  const barTop = safariBarTop(device);
  column.add({
    type: 'XCUIElementTypeTextField',
    name: 'URL',
    label: 'Address',
    value: device.safari.url ? new URL(device.safari.url).host : '',
    rect: { x: 16, y: barTop + 6, width: width - 32, height: 40 },
    look: { text: { ...TYPE.body, align: 'middle', maxLines: 1, inset: 9 } },
  });
  const bannerId = device.safari.smartAppBannerId;
  if (bannerId) smartAppBanner(device, column, bannerId);
  column.moveTo(device.profile.insets.top + (bannerId ? SMART_BANNER_HEIGHT : 0) + 24);
  const text = device.safari.error ?? device.safari.title ?? '';
  column.addText(
    device.safari.error ? 'PageError' : 'PageTitle',
    text,
    device.safari.error
      ? { ...TYPE.body, colour: '#8a8a8e', align: 'middle' }
      : { ...TYPE.title2, colour: '#000000' },
  );
};
