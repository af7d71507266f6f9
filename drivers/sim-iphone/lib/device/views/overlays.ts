// What iOS draws over any app's screen: the banner at the top (a decoded QR code or a
// notification) and the modal alert (permission, biometric, passcode, app error).

import type { SimulatedIPhone } from '../device.ts';
import { Column, type ElementNode, textHeight } from './node-builder.ts';

export function bannerNode(device: SimulatedIPhone, width: number): ElementNode {
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

export function alertNode(device: SimulatedIPhone, width: number, height: number): ElementNode {
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
  const block = (name: string, text: string) => inner.addText(name, text, textHeight(text, innerWidth, 16));
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
