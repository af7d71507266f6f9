// What the phone shows, as an XCUITest-like element tree: one per render of the device state.
// Names are stable accessibility ids; labels are in the session's language. Each tappable
// element carries what a tap does, so clicks go through the same device methods as commands.

import { IBKR_BUNDLE_ID, type PhoneSetting } from '../../../../product/index.ts';
import { DeviceStateError, type SimulatedIPhone } from './device.ts';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ElementNode {
  type: string;
  name?: string;
  label?: string;
  value?: string;
  enabled: boolean;
  visible: boolean;
  rect: Rect;
  children: ElementNode[];
  /** Identity across renders: the same element on the same screen has the same key. */
  key: string;
  onTap?: () => Promise<void> | void;
  onType?: (text: string) => void;
  onClear?: () => void;
}

type Spec = Omit<ElementNode, 'rect' | 'children' | 'key' | 'enabled' | 'visible'> & {
  enabled?: boolean;
  height?: number;
  children?: ElementNode[];
};

/** Stacks elements top to bottom inside a margin, as a simple iOS list does. */
class Column {
  readonly nodes: ElementNode[] = [];
  #y: number;

  constructor(
    private readonly scope: string,
    private readonly width: number,
    top: number,
    private readonly margin = 20,
  ) {
    this.#y = top;
  }

  add(spec: Spec): ElementNode {
    const height = spec.height ?? (spec.type === 'XCUIElementTypeButton' ? 50 : 44);
    const index = this.nodes.filter((node) => node.type === spec.type && node.name === spec.name).length;
    const node: ElementNode = {
      type: spec.type,
      name: spec.name,
      label: spec.label,
      value: spec.value,
      enabled: spec.enabled ?? true,
      visible: true,
      rect: { x: this.margin, y: this.#y, width: this.width - 2 * this.margin, height },
      children: spec.children ?? [],
      key: `${this.scope}/${spec.type}:${spec.name ?? ''}#${index}`,
      onTap: spec.onTap,
      onType: spec.onType,
      onClear: spec.onClear,
    };
    this.nodes.push(node);
    this.#y += height + 12;
    return node;
  }

  gap(pixels: number): void {
    this.#y += pixels;
  }
}

const APP_NAMES: Record<string, string> = {
  'com.apple.springboard': 'SpringBoard',
  'com.apple.camera': 'Camera',
  'com.apple.mobilesafari': 'Safari',
  'com.apple.AppStore': 'App Store',
  'com.apple.Preferences': 'Settings',
  [IBKR_BUNDLE_ID]: 'IBKR Mobile',
};

export function renderTree(device: SimulatedIPhone): ElementNode {
  const { width, height } = device.profile.screen;
  const content = new Column(device.screen, width, 100);
  SCREEN_CONTENT[device.screen.split('.')[0] === 'settings' ? 'settings' : device.screen]?.(device, content);
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

function bannerNode(device: SimulatedIPhone, width: number): ElementNode {
  const banner = device.banner!;
  const qr = banner.kind === 'qr';
  return {
    type: 'XCUIElementTypeButton',
    name: qr ? 'QRCodeBanner' : 'NotificationBanner',
    label: qr ? banner.text : `${banner.notification.title}, ${banner.notification.body}`,
    value: qr ? (banner.target === 'app' ? 'IBKR Mobile' : 'Safari') : undefined,
    enabled: true,
    visible: true,
    rect: { x: 10, y: 50, width: width - 20, height: 70 },
    children: [],
    key: `banner/${qr ? 'qr' : `notification-${banner.notification.id}`}`,
    onTap: () => device.tapBanner(),
  };
}

/** Splits text into lines of at most maxChars, on word boundaries (shared with the renderer). */
export function wrapText(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if ((line + word).length > maxChars && line) {
      lines.push(line.trim());
      line = '';
    }
    line += `${word} `;
  }
  if (line.trim()) lines.push(line.trim());
  return lines;
}

/** The height a block of text takes at this font size and width, as render-png draws it. */
export function textHeight(text: string, width: number, size: number): number {
  return wrapText(text, Math.max(8, Math.floor(width / (size * 0.55)))).length * size * 1.3 + 6;
}

function alertNode(device: SimulatedIPhone, width: number, height: number): ElementNode {
  const prompt = device.prompt!;
  const innerWidth = width - 2 * 56;
  const blocks = [prompt.title, prompt.message, prompt.notice].filter((text): text is string =>
    Boolean(text),
  );
  const contentHeight =
    blocks.reduce((sum, text) => sum + textHeight(text, innerWidth, 16) + 12, 0) +
    (prompt.textField ? 48 : 0) +
    prompt.buttons.length * 56;
  const top = Math.round(height / 2 - contentHeight / 2);
  const inner = new Column(`alert/${prompt.kind}`, width, top + 16, 56);
  const block = (name: string, text: string) =>
    inner.add({
      type: 'XCUIElementTypeStaticText',
      name,
      label: text,
      value: text,
      height: textHeight(text, innerWidth, 16),
    });
  block(prompt.title, prompt.title);
  if (prompt.message) block(prompt.message, prompt.message);
  if (prompt.notice) block('AlertNotice', prompt.notice);
  if (prompt.textField) {
    const field = prompt.textField;
    inner.add({
      type: 'XCUIElementTypeSecureTextField',
      name: field.name,
      label: field.label,
      value: '•'.repeat(field.value.length),
      height: 36,
      onType: (text) => device.typeIntoPrompt(text),
      onClear: () => device.clearPromptField(),
    });
  }
  for (const button of prompt.buttons) {
    inner.add({
      type: 'XCUIElementTypeButton',
      name: button.name,
      label: button.label,
      height: 44,
      onTap: () => device.answerPrompt(button.name),
    });
  }
  return {
    type: 'XCUIElementTypeAlert',
    name: prompt.title,
    label: prompt.title,
    enabled: true,
    visible: true,
    rect: { x: 40, y: top, width: width - 80, height: contentHeight + 32 },
    children: inner.nodes,
    key: `alert/${prompt.kind}`,
  };
}

type ScreenContent = (device: SimulatedIPhone, column: Column) => void;

const SCREEN_CONTENT: Partial<Record<string, ScreenContent>> = {
  springboard(device, column) {
    const icons: [string, string][] = [
      ['com.apple.camera', device.text('camera')],
      ['com.apple.Preferences', device.text('settings')],
      ['com.apple.mobilesafari', device.text('safari')],
      ['com.apple.AppStore', device.text('appStore')],
    ];
    if (device.installed.has(IBKR_BUNDLE_ID)) icons.push([IBKR_BUNDLE_ID, device.text('ibkrMobile')]);
    for (const [bundleId, label] of icons) {
      column.add({
        type: 'XCUIElementTypeIcon',
        name: APP_NAMES[bundleId],
        label,
        height: 64,
        onTap: () => device.launch(bundleId),
      });
    }
    column.add({
      type: 'XCUIElementTypeButton',
      name: 'NotificationCenter',
      label: device.text('notificationCenter'),
      value: String(device.notifications.length),
      onTap: () => device.go('openNotificationCenter'),
    });
  },

  camera(device, column) {
    column.add({
      type: 'XCUIElementTypeOther',
      name: 'Viewfinder',
      label: device.text('camera'),
      value: device.camera.side,
      height: Math.round(device.profile.screen.height * 0.55),
    });
    column.add({
      type: 'XCUIElementTypeButton',
      name: 'FrontBackFacingCameraChooser',
      label: device.text('switchCamera'),
      onTap: () => {
        device.switchCamera();
      },
    });
  },

  safari(device, column) {
    column.add({
      type: 'XCUIElementTypeTextField',
      name: 'URL',
      label: 'Address',
      value: device.safari.url ? new URL(device.safari.url).host : '',
    });
    const text = device.safari.error ?? device.safari.title ?? '';
    column.add({
      type: 'XCUIElementTypeStaticText',
      name: device.safari.error ? 'PageError' : 'PageTitle',
      label: text,
      value: text,
      height: 60,
    });
  },

  'appStore.product'(device, column) {
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
    column.add({
      type: 'XCUIElementTypeStaticText',
      name: 'ProductName',
      label: product.trackName,
      value: product.trackName,
      height: 40,
    });
    column.add({
      type: 'XCUIElementTypeStaticText',
      name: 'ProductSeller',
      label: product.sellerName,
      value: product.sellerName,
      height: 24,
    });
    column.add({
      type: 'XCUIElementTypeStaticText',
      name: 'ProductSubtitle',
      label: device.text('productSubtitle'),
      value: device.text('productSubtitle'),
      height: 24,
    });
    const name = state === 'get' ? 'GET' : 'OPEN';
    column.add({
      type: 'XCUIElementTypeButton',
      name,
      label: device.text(state === 'get' ? 'get' : 'open'),
      onTap: () => device.appStoreButton(),
    });
  },

  settings(device, column) {
    const back = () => device.go('back');
    const toggle = (setting: PhoneSetting) => () => device.setSetting(setting, !device.settings[setting]);
    const switchNode = (name: string, label: string, on: boolean, onTap: () => unknown) =>
      column.add({
        type: 'XCUIElementTypeSwitch',
        name,
        label,
        value: on ? '1' : '0',
        onTap: async () => void (await onTap()),
      });
    switch (device.screen) {
      case 'settings':
        switchNode(
          'Airplane Mode',
          device.text('airplaneMode'),
          device.settings.airplaneMode,
          toggle('airplaneMode'),
        );
        switchNode('Focus', device.text('focus'), device.settings.focus, toggle('focus'));
        column.add({
          type: 'XCUIElementTypeCell',
          name: 'Camera',
          label: device.text('camera'),
          onTap: () => device.go('openCameraSettings'),
        });
        column.add({
          type: 'XCUIElementTypeCell',
          name: 'Notifications',
          label: device.text('notifications'),
          onTap: () => device.go('openNotificationSettings'),
        });
        column.add({
          type: 'XCUIElementTypeCell',
          name: device.profile.biometry === 'faceId' ? 'Face ID & Passcode' : 'Touch ID & Passcode',
          label: device.text(device.profile.biometry === 'faceId' ? 'faceIdPasscode' : 'touchIdPasscode'),
          onTap: () => device.go('openBiometricSettings'),
        });
        break;
      case 'settings.camera':
        column.add({ type: 'XCUIElementTypeButton', name: 'Back', label: device.text('back'), onTap: back });
        switchNode(
          'Scan QR Codes',
          device.text('scanQrCodes'),
          device.settings.scanQrCodes,
          toggle('scanQrCodes'),
        );
        break;
      case 'settings.notifications': {
        column.add({ type: 'XCUIElementTypeButton', name: 'Back', label: device.text('back'), onTap: back });
        if (device.installed.has(IBKR_BUNDLE_ID)) {
          const allowed = device.permission(IBKR_BUNDLE_ID).notifications === 'yes';
          switchNode(
            'Allow Notifications',
            `${device.text('ibkrMobile')}: ${device.text('allowNotifications')}`,
            allowed,
            () => device.setPermission(IBKR_BUNDLE_ID, 'notifications', allowed ? 'no' : 'yes'),
          );
        }
        break;
      }
      case 'settings.biometrics':
        column.add({ type: 'XCUIElementTypeButton', name: 'Back', label: device.text('back'), onTap: back });
        column.add({
          type: 'XCUIElementTypeStaticText',
          name: 'BiometricEnrollment',
          label: device.profile.biometry === 'faceId' ? 'Face ID' : 'Touch ID',
          value: device.biometrics.enrolled ? 'enrolled' : 'not enrolled',
        });
        break;
    }
  },

  notificationCenter(device, column) {
    column.add({
      type: 'XCUIElementTypeStaticText',
      name: 'NotificationCenterTitle',
      label: device.text('notificationCenter'),
      value: device.text('notificationCenter'),
    });
    for (const notification of [...device.notifications].reverse()) {
      column.add({
        type: 'XCUIElementTypeCell',
        name: 'NotificationCell',
        label: `${notification.title}, ${notification.body}`,
        value: notification.receivedAt,
        height: 64,
        onTap: () => device.openNotification(notification.id),
      });
    }
  },

  'ibkr.home'(device, column) {
    column.add({
      type: 'XCUIElementTypeStaticText',
      name: 'AppTitle',
      label: device.text('appHomeTitle'),
      value: device.text('appHomeTitle'),
      height: 48,
    });
    column.add({
      type: 'XCUIElementTypeButton',
      name: 'IB Key',
      label: device.text('ibKeyButton'),
      enabled: device.app.item !== undefined,
      onTap: () => device.app.openIbKeyModule(),
    });
  },

  'ibkr.activating'(device, column) {
    column.add({
      type: 'XCUIElementTypeActivityIndicator',
      name: 'Activating',
      label: device.text('activatingTitle'),
    });
    column.add({
      type: 'XCUIElementTypeStaticText',
      name: 'ActivatingTitle',
      label: device.text('activatingTitle'),
      value: device.text('activatingTitle'),
    });
  },

  'ibkr.activated'(device, column) {
    column.gap(60);
    column.add({ type: 'XCUIElementTypeImage', name: 'SuccessCheckmark', label: '✓', height: 80 });
    column.add({
      type: 'XCUIElementTypeStaticText',
      name: 'ActivationSuccessTitle',
      label: device.text('activatedTitle'),
      value: device.text('activatedTitle'),
      height: 40,
    });
    column.add({
      type: 'XCUIElementTypeStaticText',
      name: 'ActivationSuccessBody',
      label: device.text('activatedBody'),
      value: device.text('activatedBody'),
      height: 60,
    });
    column.add({
      type: 'XCUIElementTypeButton',
      name: 'Done',
      label: device.text('done'),
      onTap: () => device.app.tapDone(),
    });
  },

  'ibkr.approval'(device, column) {
    column.add({
      type: 'XCUIElementTypeStaticText',
      name: 'ApprovalTitle',
      label: device.text('approvalTitle'),
      value: device.text('approvalTitle'),
      height: 40,
    });
    column.add({
      type: 'XCUIElementTypeStaticText',
      name: 'ApprovalBody',
      label: device.text('approvalBody'),
      value: device.text('approvalBody'),
      height: 60,
    });
    column.add({
      type: 'XCUIElementTypeButton',
      name: 'Approve',
      label: device.text('approve'),
      onTap: () => device.app.answerApproval('approve'),
    });
    column.add({
      type: 'XCUIElementTypeButton',
      name: 'Deny',
      label: device.text('deny'),
      onTap: () => device.app.answerApproval('deny'),
    });
    column.add({
      type: 'XCUIElementTypeButton',
      name: 'Later',
      label: device.text('later'),
      onTap: () => device.go('back'),
    });
  },

  'ibkr.answered'(device, column) {
    const approved = device.app.answered === 'approved';
    const label = device.text(approved ? 'approvedTitle' : 'deniedTitle');
    column.add({
      type: 'XCUIElementTypeStaticText',
      name: 'ApprovalResult',
      label,
      value: label,
      height: 40,
    });
    column.add({
      type: 'XCUIElementTypeButton',
      name: 'Done',
      label: device.text('done'),
      onTap: () => device.app.tapDone(),
    });
  },

  'ibkr.ibkey'(device, column) {
    column.add({
      type: 'XCUIElementTypeStaticText',
      name: 'IBKeyTitle',
      label: device.text('ibKeyButton'),
      value: device.text('ibKeyButton'),
      height: 40,
    });
    column.add({
      type: 'XCUIElementTypeTextField',
      name: 'ChallengeInput',
      label: device.text('challengeLabel'),
      value: device.app.challengeInput,
      onType: (text) => {
        device.app.challengeInput += text;
      },
      onClear: () => {
        device.app.challengeInput = '';
      },
    });
    column.add({
      type: 'XCUIElementTypeButton',
      name: 'Generate Response',
      label: device.text('generateResponse'),
      onTap: () => device.app.generateResponse(),
    });
    if (device.app.response) {
      column.add({
        type: 'XCUIElementTypeStaticText',
        name: 'ChallengeResponse',
        label: device.text('responseLabel'),
        value: device.app.response,
        height: 48,
      });
    }
    column.add({
      type: 'XCUIElementTypeButton',
      name: 'Done',
      label: device.text('done'),
      onTap: () => device.app.tapDone(),
    });
  },
};

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
  if (!node.enabled) throw new DeviceStateError(`"${node.label ?? node.name}" is not enabled.`);
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
