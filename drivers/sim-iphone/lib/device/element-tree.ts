// What the phone shows, as an XCUITest-like element tree: one per render of the device state.
// This module picks the view of the current screen (views/, one module per app) and lays the
// banner and the alert over it; it also walks the tree and taps its elements.
//
// System alerts (notification permission, Face ID's first use, the biometric and passcode
// prompts) belong to SpringBoard, not to the app: as with XCUITest's default respectSystemAlerts
// false, the tree is the app's and does not hold them (the W3C alert commands and mobile: alert
// reach them all the same). With respectSystemAlerts true, while one is up, the tree is
// SpringBoard's, with the alert. The app's own alerts are in the app's tree either way.

import { IBKR_BUNDLE_ID } from '../../../../product/index.ts';
import { DeviceStateError, type SimulatedIPhone } from './device.ts';
import type { PromptKind } from './prompts.ts';
import { APP_NAMES, type ScreenId } from './screens.ts';
import { appStoreProductView } from './views/app-store.ts';
import { cameraView } from './views/camera.ts';
import { IBKR_HEADER_HEIGHT, IBKR_MOBILE_VIEWS } from './views/ibkr-mobile.ts';
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

/** The alerts SpringBoard shows on the app's behalf (the others are the app's own). */
export const SYSTEM_ALERT_KINDS: readonly PromptKind[] = [
  'notificationPermission',
  'faceIdUsage',
  'biometric',
  'passcode',
];

export function isSystemAlert(kind: PromptKind): boolean {
  return SYSTEM_ALERT_KINDS.includes(kind);
}

export interface TreeOptions {
  /** XCUITest's respectSystemAlerts setting: false (its default) keeps system alerts out of the app's tree. */
  respectSystemAlerts?: boolean;
}

export function renderTree(device: SimulatedIPhone, options: TreeOptions = {}): ElementNode {
  const tree = renderActiveApp(device, options);
  const prompt = device.prompt;
  const coveredBy =
    prompt && tree.key !== 'app/com.apple.springboard' && isSystemAlert(prompt.kind) ? prompt : undefined;
  for (const [node] of walk(tree)) {
    const onTap = node.onTap;
    if (!onTap) continue;
    node.onTap = coveredBy
      ? // Under a system alert the app's elements are still in its tree, but a touch lands on the alert.
        () =>
          device.transcript.add(
            'alert',
            `tap on "${node.label ?? node.name}" under the alert "${coveredBy.title}": the alert takes it, nothing happens`,
          )
      : // A tap returns once the transition it starts has finished, as XCTest waits for the app to idle.
        async () => {
          await onTap();
          await device.idle();
        };
  }
  return tree;
}

function renderActiveApp(device: SimulatedIPhone, options: TreeOptions): ElementNode {
  const { width, height } = device.profile.screen;
  const prompt = device.prompt;
  const systemAlert = prompt !== undefined && isSystemAlert(prompt.kind);
  if (systemAlert && options.respectSystemAlerts) {
    return {
      type: 'XCUIElementTypeApplication',
      name: APP_NAMES['com.apple.springboard'],
      label: APP_NAMES['com.apple.springboard'],
      enabled: true,
      visible: true,
      rect: { x: 0, y: 0, width, height },
      children: [alertNode(device, width, height)],
      key: 'app/com.apple.springboard',
    };
  }
  // Views lay out from under the status bar (and IBKR Mobile's header); each places what iOS places elsewhere.
  const inApp = device.foregroundApp === IBKR_BUNDLE_ID;
  const top = device.profile.insets.top + (inApp ? IBKR_HEADER_HEIGHT + 24 : 16);
  const content = new Column(device.screen, width, top, device.screen === 'notificationCenter' ? 12 : 20);
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
  if (prompt && !systemAlert) overlays.push(alertNode(device, width, height));
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

/**
 * Taps an element: the alert, when one is up, takes every tap that is not on it (it is modal).
 * XCUITest taps the element's place on the screen: on text or a picture with nothing that
 * answers to a touch, nothing happens and no error comes back, and so it is here.
 */
export async function tapNode(node: ElementNode, root: ElementNode): Promise<void> {
  if (!node.enabled)
    throw new DeviceStateError(node.disabledReason ?? `"${node.label ?? node.name}" is not enabled.`);
  const alert = root.children.find((child) => child.type === 'XCUIElementTypeAlert');
  if (alert && ![...walk(alert)].some(([candidate]) => candidate === node)) {
    throw new DeviceStateError(
      `The alert "${alert.label}" covers the screen; answer it before tapping "${node.label ?? node.name}".`,
    );
  }
  await node.onTap?.();
}
