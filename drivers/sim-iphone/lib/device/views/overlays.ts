// What iOS draws over any app's screen: the banner at the top (a decoded QR code or a
// notification) and the modal alert (permission, biometric, passcode, app error).

import type { SimulatedIPhone } from '../device.ts';
import { APP_NAMES } from '../screens.ts';
import { Column, type ElementNode, textHeight } from './node-builder.ts';

/** The Face ID / Touch ID glyph at the top of the biometric prompt. */
const GLYPH_HEIGHT = 56;

export function bannerNode(device: SimulatedIPhone, width: number): ElementNode {
  const banner = device.banner!;
  const qr = banner.kind === 'qr';
  return {
    type: 'XCUIElementTypeButton',
    name: qr ? 'QRCodeBanner' : 'NotificationBanner',
    label: qr ? banner.text : `${banner.notification.title}, ${banner.notification.body}`,
    value: qr
      ? banner.target === 'app'
        ? 'IBKR Mobile'
        : 'Safari'
      : (APP_NAMES[banner.notification.bundleId] ?? banner.notification.bundleId),
    enabled: true,
    visible: true,
    rect: { x: 10, y: 50, width: width - 20, height: 70 },
    children: [],
    key: `banner/${qr ? 'qr' : `notification-${banner.notification.id}`}`,
    onTap: () => device.tapBanner(),
  };
}

export function alertNode(device: SimulatedIPhone, width: number, height: number): ElementNode {
  const prompt = device.prompt!;
  const innerWidth = width - 2 * 56;
  const blocks = [prompt.title, prompt.message, prompt.notice].filter((text): text is string =>
    Boolean(text),
  );
  const contentHeight =
    (prompt.glyph ? GLYPH_HEIGHT + 12 : 0) +
    blocks.reduce((sum, text) => sum + textHeight(text, innerWidth, 16) + 12, 0) +
    (prompt.textField ? 48 : 0) +
    prompt.buttons.length * 56;
  const top = Math.round(height / 2 - contentHeight / 2);
  const inner = new Column(`alert/${prompt.kind}`, width, top + 16, 56);
  const block = (name: string, text: string) => inner.addText(name, text, textHeight(text, innerWidth, 16));
  if (prompt.glyph) {
    const name = prompt.glyph === 'faceId' ? 'FaceIDGlyph' : 'TouchIDGlyph';
    inner.add({ type: 'XCUIElementTypeImage', name, label: name, height: GLYPH_HEIGHT });
  }
  block(prompt.title, prompt.title);
  if (prompt.message) block(prompt.message, prompt.message);
  if (prompt.notice) block(prompt.noticeId ?? 'AlertNotice', prompt.notice);
  if (prompt.textField) {
    const field = prompt.textField;
    inner.add({
      type: 'XCUIElementTypeSecureTextField',
      name: field.name,
      label: field.label,
      value: '•'.repeat(field.value.length),
      height: 36,
      enabled: field.enabled,
      disabledReason: field.disabledReason,
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
      enabled: button.enabled,
      disabledReason: button.disabledReason,
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
