// What iOS draws over any app's screen: the banner at the top (a decoded QR code or a
// notification), the modal alert (permission, biometric prompt, app error) at the size and with
// the button order of UIAlertController, and the passcode screen with its keypad.

import type { SimulatedIPhone } from '../device.ts';
import { lineHeightOf, textWidth, wrapLines } from '../draw/font.ts';
import type { Prompt, PromptButton } from '../prompts.ts';
import { COLOURS, TYPE } from './ios-parts.ts';
import {
  Column,
  type ElementNode,
  type NodeSpec,
  type Rect,
  type TextLook,
  textBlockHeight,
} from './node-builder.ts';
import { cardLayout, cardText, expandNotification } from './notification-card.ts';

const QR_PILL_TEXT: TextLook = { ...TYPE.footnote, weight: 'bold', maxLines: 2 };

/** UIAlertController's alert is 270 points wide; its buttons are 44 tall. */
export const ALERT_WIDTH = 270;
const ALERT_PADDING = 16;
const BUTTON_HEIGHT = 44;
const GLYPH_HEIGHT = 64;

export function bannerRect(device: SimulatedIPhone, height: number): Rect {
  const { width } = device.profile.screen;
  return { x: 8, y: Math.max(8, device.profile.insets.top - 4), width: width - 16, height };
}

export function bannerNode(device: SimulatedIPhone, width: number): ElementNode {
  const banner = device.banner!;
  const base = { enabled: true, visible: true, children: [], onTap: () => device.tapBanner() };
  if (banner.kind === 'qr') {
    return {
      ...base,
      type: 'XCUIElementTypeButton',
      name: 'QRCodeBanner',
      label: banner.text,
      value: banner.target === 'app' ? 'IBKR Mobile' : 'Safari',
      // The camera's yellow pill is as wide as its one line, within the viewfinder.
      rect: qrBannerRect(device, banner.text, width),
      key: 'banner/qr',
      look: {
        as: 'pillButton',
        icon: banner.target === 'app' ? 'ibkr' : 'safari',
        detail: device.text(banner.target === 'app' ? 'ibkrMobile' : 'qrWebsiteCode'),
        text: QR_PILL_TEXT,
      },
    };
  }
  const notification = banner.notification;
  const text = cardText(device, notification);
  return {
    ...base,
    type: 'XCUIElementTypeButton',
    name: 'NotificationBanner',
    label: `${notification.title}, ${notification.body}`,
    value: text.appName,
    rect: bannerRect(device, cardLayout(text, width - 16).height),
    key: `banner/notification-${notification.id}`,
    onLongPress: () => expandNotification(device, notification.id),
    look: { as: 'card', card: text },
  };
}

/** The QR pill sits in the viewfinder under the yellow frame around the code it read. */
function qrBannerRect(device: SimulatedIPhone, text: string, width: number): Rect {
  const pillWidth = Math.min(width - 48, Math.ceil(textWidth(text, TYPE.footnote.size, 'bold')) + 56);
  // A long host takes a second line rather than being cut.
  const lines = wrapLines(text, pillWidth - 52, QR_PILL_TEXT).length;
  const height = Math.max(36, lines * lineHeightOf(QR_PILL_TEXT) + 12);
  const frame = qrFrameRect(device);
  return {
    x: Math.round((width - pillWidth) / 2),
    y: Math.min(frame.y + frame.height + 16, finderBottom(device) - height - 12),
    width: pillWidth,
    height,
  };
}

function finderBottom(device: SimulatedIPhone): number {
  const finder = viewfinderRect(device);
  return finder.y + finder.height;
}

/** The viewfinder: under the camera's top bar, 4:3 as the photo it takes. */
export function viewfinderRect(device: SimulatedIPhone): Rect {
  const { width } = device.profile.screen;
  return { x: 0, y: device.profile.insets.top + 24, width, height: Math.round((width * 4) / 3) };
}

/** The yellow frame the camera draws round a code it read: where the code is in the picture, else in the middle. */
export function qrFrameRect(device: SimulatedIPhone): Rect {
  const finder = viewfinderRect(device);
  const scan = device.camera.lastScan;
  if (scan?.ok) {
    // The picture fills the viewfinder as sharp's "cover" resize does: scaled to cover, centred, cut.
    const { width: frameWidth, height: frameHeight } = scan.frame;
    const cover = Math.max(finder.width / frameWidth, finder.height / frameHeight);
    const left = (finder.width - frameWidth * cover) / 2;
    const top = finder.y + (finder.height - frameHeight * cover) / 2;
    const corners = Object.values(scan.location);
    const xs = corners.map((corner) => left + corner.x * cover);
    const ys = corners.map((corner) => top + corner.y * cover);
    const pad = 10;
    const x = Math.max(finder.x, Math.min(...xs) - pad);
    const y = Math.max(finder.y, Math.min(...ys) - pad);
    const right = Math.min(finder.x + finder.width, Math.max(...xs) + pad);
    const bottom = Math.min(finder.y + finder.height, Math.max(...ys) + pad);
    return {
      x: Math.round(x),
      y: Math.round(y),
      width: Math.round(right - x),
      height: Math.round(bottom - y),
    };
  }
  const side = Math.round(finder.width * 0.5);
  return {
    x: (finder.width - side) / 2,
    y: finder.y + Math.round(finder.height * 0.22),
    width: side,
    height: side,
  };
}

export function alertNode(device: SimulatedIPhone, width: number, height: number): ElementNode {
  const prompt = device.prompt!;
  if (prompt.kind === 'passcode') return passcodeScreen(device, prompt, width, height);
  const textRoom = ALERT_WIDTH - 2 * ALERT_PADDING;
  const titleStyle = { ...TYPE.headline, align: 'middle' as const };
  const messageStyle = { ...TYPE.footnote, align: 'middle' as const };
  const noticeStyle = { ...TYPE.footnote, align: 'middle' as const, colour: COLOURS.destructive };
  const blocks: { name: string; text: string; style: typeof titleStyle }[] = [
    { name: prompt.title, text: prompt.title, style: titleStyle },
  ];
  if (prompt.message) blocks.push({ name: prompt.message, text: prompt.message, style: messageStyle });
  if (prompt.notice)
    blocks.push({ name: prompt.noticeId ?? 'AlertNotice', text: prompt.notice, style: noticeStyle });
  // Two buttons side by side when both labels fit in half the width, else one above the other.
  const half = ALERT_WIDTH / 2 - 2 * 8;
  const sideBySide =
    prompt.buttons.length === 2 &&
    prompt.buttons.every((button) => textWidth(button.label, 17, 'bold') <= half);
  const buttonRows = sideBySide ? 1 : prompt.buttons.length;
  const textHeight = blocks.reduce(
    (sum, block) => sum + textBlockHeight(block.text, textRoom, block.style) + 4,
    0,
  );
  const contentHeight =
    20 + (prompt.glyph ? GLYPH_HEIGHT + 8 : 0) + textHeight + (prompt.textField ? 40 : 0) + 16;
  const alertHeight = contentHeight + buttonRows * BUTTON_HEIGHT;
  const left = (width - ALERT_WIDTH) / 2;
  const top = Math.round((height - alertHeight) / 2);
  const inner = new Column(`alert/${prompt.kind}`, width, top + 20, left + ALERT_PADDING, 4);
  if (prompt.glyph) {
    const name = prompt.glyph === 'faceId' ? 'FaceIDGlyph' : 'TouchIDGlyph';
    inner.add({ type: 'XCUIElementTypeImage', name, label: name, height: GLYPH_HEIGHT });
    inner.gap(4);
  }
  for (const block of blocks) inner.addText(block.name, block.text, block.style);
  if (prompt.textField) {
    const field = prompt.textField;
    inner.gap(4);
    inner.add({ ...promptField(device, field), height: 28 });
  }
  const buttonsTop = top + contentHeight;
  // The button that accepts is the preferred one, in bold; "Cancel" too when it is the only way out.
  prompt.buttons.forEach((button, index) => {
    const rect = sideBySide
      ? { x: left + index * (ALERT_WIDTH / 2), y: buttonsTop, width: ALERT_WIDTH / 2, height: BUTTON_HEIGHT }
      : { x: left, y: buttonsTop + index * BUTTON_HEIGHT, width: ALERT_WIDTH, height: BUTTON_HEIGHT };
    const bold = button.role === 'accept' && index === prompt.buttons.length - 1;
    inner.add(
      promptButton(device, button, index, rect, COLOURS.tint, {
        weight: bold ? 'bold' : 'regular',
        inset: 8,
      }),
    );
  });
  return alertFrame(prompt, { x: left, y: top, width: ALERT_WIDTH, height: alertHeight }, inner.nodes);
}

/** The alert itself, named by its title, around what it holds. */
function alertFrame(prompt: Prompt, rect: Rect, children: ElementNode[]): ElementNode {
  return {
    type: 'XCUIElementTypeAlert',
    name: prompt.title,
    label: prompt.title,
    enabled: true,
    visible: true,
    rect,
    children,
    key: `alert/${prompt.kind}`,
  };
}

/** The prompt's secure field, its dots as many as the characters typed; the caller places it. */
function promptField(device: SimulatedIPhone, field: NonNullable<Prompt['textField']>): NodeSpec {
  return {
    type: 'XCUIElementTypeSecureTextField',
    name: field.name,
    label: field.label,
    value: '•'.repeat(field.value.length),
    enabled: field.enabled,
    disabledReason: field.disabledReason,
    onType: (text) => device.typeIntoPrompt(text),
    onClear: () => device.clearPromptField(),
  };
}

/** One of the prompt's answers, one line of body text in the ink given (grey while disabled). */
function promptButton(
  device: SimulatedIPhone,
  button: PromptButton,
  index: number,
  rect: Rect,
  ink: string,
  text: Partial<TextLook> = {},
): NodeSpec {
  return {
    type: 'XCUIElementTypeButton',
    name: button.name,
    label: button.label,
    rect,
    enabled: button.enabled,
    disabledReason: button.disabledReason,
    onTap: () => device.answerPrompt(button.name),
    look: {
      as: 'plainButton',
      first: index === 0,
      text: {
        ...TYPE.body,
        ...text,
        align: 'middle',
        maxLines: 1,
        colour: button.enabled === false ? '#aeaeb2' : ink,
      },
    },
  };
}

const KEY_SIZE = 78;
const KEY_LETTERS = ['', 'ABC', 'DEF', 'GHI', 'JKL', 'MNO', 'PQRS', 'TUV', 'WXYZ'];

/** "Enter iPhone Passcode": the whole screen, dots for the digits typed, and the keypad that types them. */
function passcodeScreen(device: SimulatedIPhone, prompt: Prompt, width: number, height: number): ElementNode {
  const top = device.profile.insets.top;
  const inner = new Column(`alert/${prompt.kind}`, width, top + 40, 40, 6);
  const centred = { align: 'middle' as const, colour: '#000000' };
  inner.addText(prompt.title, prompt.title, { ...TYPE.title3, ...centred });
  if (prompt.message) inner.addText(prompt.message, prompt.message, { ...TYPE.footnote, ...centred });
  if (prompt.notice)
    inner.addText(prompt.noticeId ?? 'AlertNotice', prompt.notice, {
      ...TYPE.footnote,
      ...centred,
      colour: COLOURS.destructive,
    });
  const field = prompt.textField;
  if (field) {
    inner.gap(6);
    inner.add({
      ...promptField(device, field),
      rect: { x: width / 2 - 80, y: inner.y, width: 160, height: 24 },
      look: { as: 'passcodeDots' },
    });
  }
  const gap = 16;
  const gridWidth = 3 * KEY_SIZE + 2 * (gap + 6);
  const gridLeft = (width - gridWidth) / 2;
  const bottom = height - Math.max(device.profile.insets.bottom, 16);
  const gridTop = Math.max(inner.y + 40, bottom - 4 * KEY_SIZE - 3 * gap - 40);
  const keyAt = (row: number, col: number): Rect => ({
    x: gridLeft + col * (KEY_SIZE + gap + 6),
    y: gridTop + row * (KEY_SIZE + gap),
    width: KEY_SIZE,
    height: KEY_SIZE,
  });
  const typing: Partial<NodeSpec> = field
    ? { enabled: field.enabled, disabledReason: field.disabledReason }
    : { enabled: false };
  for (let digit = 1; digit <= 10; digit += 1) {
    const label = String(digit % 10);
    const place = digit === 10 ? keyAt(3, 1) : keyAt(Math.floor((digit - 1) / 3), (digit - 1) % 3);
    inner.add({
      type: 'XCUIElementTypeButton',
      name: label,
      label,
      rect: place,
      onTap: () => device.typeIntoPrompt(label),
      ...typing,
      look: {
        as: 'keypadKey',
        detail: KEY_LETTERS[digit - 1] ?? '',
        text: { size: 36, align: 'middle', maxLines: 1 },
      },
    });
  }
  // The answers sit on the keypad's last row, where iOS puts Emergency and Cancel.
  prompt.buttons.forEach((button, index) => {
    const place = keyAt(3, button.role === 'dismiss' ? 2 : 0);
    const rect = { ...place, y: place.y + (KEY_SIZE - 44) / 2, height: 44 };
    inner.add(promptButton(device, button, index, rect, '#000000'));
  });
  return alertFrame(prompt, { x: 0, y: 0, width, height }, inner.nodes);
}
