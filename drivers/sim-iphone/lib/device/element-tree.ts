// What the phone shows, as an XCUITest-like element tree: one per render of the device state.
// This module picks the view of the current screen (views/, one module per app) and lays the
// banner and the alert over it; it also walks the tree and taps its elements.

import { DeviceStateError, type SimulatedIPhone } from './device.ts';
import { APP_NAMES, type ScreenId } from './screens.ts';
import { appStoreProductView } from './views/app-store.ts';
import { cameraView } from './views/camera.ts';
import { IBKR_MOBILE_VIEWS } from './views/ibkr-mobile.ts';
import { messagesView } from './views/messages.ts';
import { Column, type ElementNode, type View } from './views/node-builder.ts';
import { notificationCenterView } from './views/notification-center.ts';
import { alertNode, bannerNode } from './views/overlays.ts';
import { safariView } from './views/safari.ts';
import { SETTINGS_VIEWS } from './views/settings.ts';
import { springboardView } from './views/springboard.ts';

export type { ElementNode, Rect } from './views/node-builder.ts';

const VIEWS: Record<ScreenId, View> = {
  springboard: springboardView,
  notificationCenter: notificationCenterView,
  messages: messagesView,
  camera: cameraView,
  safari: safariView,
  'appStore.product': appStoreProductView,
  ...SETTINGS_VIEWS,
  ...IBKR_MOBILE_VIEWS,
};

export function renderTree(device: SimulatedIPhone): ElementNode {
  const { width, height } = device.profile.screen;
  const content = new Column(device.screen, width, 100);
  VIEWS[device.screen](device, content);
  const window: ElementNode = {
    type: 'XCUIElementTypeWindow',
    enabled: true,
    visible: true,
    rect: { x: 0, y: 0, width, height },
    children: content.nodes,
    key: `${device.screen}/window`,
  };
  const overlays: ElementNode[] = [];
  if (device.banner) overlays.push(bannerNode(device, width));
  if (device.prompt) overlays.push(alertNode(device, width, height));
  const app = device.foregroundApp;
  return {
    type: 'XCUIElementTypeApplication',
    name: APP_NAMES[app] ?? app,
    label: APP_NAMES[app] ?? app,
    enabled: true,
    visible: true,
    rect: { x: 0, y: 0, width, height },
    children: [window, ...overlays],
    key: `app/${app}`,
  };
}

/** Every node of the tree, depth first, with its parent chain. */
export function* walk(
  node: ElementNode,
  ancestors: ElementNode[] = [],
): Generator<[ElementNode, ElementNode[]]> {
  yield [node, ancestors];
  for (const child of node.children) yield* walk(child, [...ancestors, node]);
}

/** Taps an element: the alert, when one is up, takes every tap that is not on it (it is modal). */
export async function tapNode(node: ElementNode, root: ElementNode): Promise<void> {
  if (!node.enabled)
    throw new DeviceStateError(node.disabledReason ?? `"${node.label ?? node.name}" is not enabled.`);
  const alert = root.children.find((child) => child.type === 'XCUIElementTypeAlert');
  if (alert && ![...walk(alert)].some(([candidate]) => candidate === node)) {
    throw new DeviceStateError(
      `The alert "${alert.label}" covers the screen; answer it before tapping "${node.label ?? node.name}".`,
    );
  }
  if (!node.onTap)
    throw new DeviceStateError(`Tapping "${node.label ?? node.name}" (${node.type}) does nothing.`);
  await node.onTap();
}
