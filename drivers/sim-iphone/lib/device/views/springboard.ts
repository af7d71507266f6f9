// The home screen as iOS lays it out: a grid of four app icons a row with their names under them,
// the page dots, and the dock. Notification Center is pulled down from the top edge (a swipe, see
// commands/actions.ts), as on a phone: there is no button for it.

import { IBKR_BUNDLE_ID } from '../../../../../product/index.ts';
import type { SimulatedIPhone } from '../device.ts';
import { APP_NAMES } from '../screens.ts';
import type { Column, ElementNode, View } from './node-builder.ts';

/** An app icon is 60 points square; with its name under it, a grid cell is 60 x 90 points. */
export const ICON_SIZE = 60;
const ICON_CELL_HEIGHT = 90;
const DOCK_HEIGHT = 96;

const ICON_IDS: Record<string, string> = {
  'com.apple.camera': 'camera',
  'com.apple.Preferences': 'settings',
  'com.apple.mobilesafari': 'safari',
  'com.apple.AppStore': 'appStore',
  [IBKR_BUNDLE_ID]: 'ibkr',
};

function icon(
  device: SimulatedIPhone,
  column: Column,
  bundleId: string,
  label: string,
  at: { x: number; y: number },
  inDock: boolean,
): ElementNode {
  return column.add({
    type: 'XCUIElementTypeIcon',
    name: APP_NAMES[bundleId],
    label,
    // The icon's frame holds its name under the picture; in the dock there is no name.
    rect: { x: at.x, y: at.y, width: ICON_SIZE, height: inDock ? ICON_SIZE : ICON_CELL_HEIGHT - 6 },
    onTap: () => device.launchFromTap(bundleId),
    look: {
      as: 'appIcon',
      icon: ICON_IDS[bundleId],
      text: inDock ? { size: 12, colour: 'none', maxLines: 1 } : { size: 12, colour: '#ffffff', maxLines: 1 },
    },
  });
}

export const springboardView: View = (device, column) => {
  const { width } = device.profile.screen;
  const { top } = device.profile.insets;
  // Four columns: the icons' centres split the width evenly inside a 27-point margin.
  const margin = width >= 414 ? 32 : 27;
  const step = (width - 2 * margin - ICON_SIZE) / 3;
  const dock = dockTop(device);
  // In the tree in the order they always had; Safari and Camera stand in the dock's middle places.
  const apps: [string, string, 'dock' | 'grid'][] = [
    ['com.apple.camera', device.text('camera'), 'dock'],
    ['com.apple.Preferences', device.text('settings'), 'grid'],
    ['com.apple.mobilesafari', device.text('safari'), 'dock'],
    ['com.apple.AppStore', device.text('appStore'), 'grid'],
  ];
  if (device.installed.has(IBKR_BUNDLE_ID)) apps.push([IBKR_BUNDLE_ID, device.text('ibkrMobile'), 'grid']);
  let gridIndex = 0;
  for (const [bundleId, label, place] of apps) {
    if (place === 'dock') {
      const slot = bundleId === 'com.apple.mobilesafari' ? 1 : 2;
      const at = { x: Math.round(margin + slot * step), y: dock + (DOCK_HEIGHT - ICON_SIZE) / 2 };
      icon(device, column, bundleId, label, at, true);
      continue;
    }
    const at = {
      x: Math.round(margin + (gridIndex % 4) * step),
      y: top + 12 + Math.floor(gridIndex / 4) * (ICON_CELL_HEIGHT + 12),
    };
    icon(device, column, bundleId, label, at, false);
    gridIndex += 1;
  }
};

/** The top of the dock's row of icons: over the home indicator's strip, or 8 points over the bottom edge. */
function dockTop(device: SimulatedIPhone): number {
  const { bottom } = device.profile.insets;
  return device.profile.screen.height - Math.max(bottom, 8) - DOCK_HEIGHT + (bottom ? 4 : 0);
}

/** Where the dock's rounded panel is drawn (under the dock's icons). */
export function dockRect(device: SimulatedIPhone): { x: number; y: number; width: number; height: number } {
  const { width, height } = device.profile.screen;
  const { bottom } = device.profile.insets;
  const inset = bottom ? 10 : 0;
  const y = dockTop(device);
  return bottom
    ? { x: inset, y, width: width - 2 * inset, height: DOCK_HEIGHT }
    : { x: 0, y: y - 4, width, height: height - y + 4 };
}
