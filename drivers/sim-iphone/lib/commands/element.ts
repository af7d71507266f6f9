import { errors } from 'appium/driver.js';
import { tapNode } from '../device/element-tree.ts';
import type { SimIPhoneDriver } from '../driver.ts';

export const elementCommands = {
  async click(this: SimIPhoneDriver, elementId: string): Promise<void> {
    const root = this.tree();
    const node = this.nodeOf(elementId, root);
    await this.onDevice(() => tapNode(node, root));
  },
  async setValue(this: SimIPhoneDriver, text: string | string[], elementId: string): Promise<void> {
    const node = this.nodeOf(elementId);
    if (!node.onType)
      throw new errors.InvalidElementStateError(
        `"${node.label ?? node.name}" (${node.type}) does not take text.`,
      );
    const onType = node.onType;
    await this.onDevice(() => onType(Array.isArray(text) ? text.join('') : String(text)));
  },
  async clear(this: SimIPhoneDriver, elementId: string): Promise<void> {
    const node = this.nodeOf(elementId);
    if (!node.onClear)
      throw new errors.InvalidElementStateError(
        `"${node.label ?? node.name}" (${node.type}) has no text to clear.`,
      );
    const onClear = node.onClear;
    await this.onDevice(() => onClear());
  },
  async getText(this: SimIPhoneDriver, elementId: string): Promise<string> {
    const node = this.nodeOf(elementId);
    return node.type === 'XCUIElementTypeStaticText' || node.type === 'XCUIElementTypeTextField'
      ? (node.value ?? node.label ?? '')
      : (node.label ?? node.value ?? '');
  },
  async getName(this: SimIPhoneDriver, elementId: string): Promise<string> {
    return this.nodeOf(elementId).type;
  },
  async getAttribute(this: SimIPhoneDriver, name: string, elementId: string): Promise<string | null> {
    const node = this.nodeOf(elementId);
    const attributes: Record<string, string | undefined> = {
      type: node.type,
      name: node.name,
      label: node.label,
      value: node.value,
      enabled: String(node.enabled),
      visible: String(node.visible),
      accessible: 'true',
      rect: JSON.stringify(node.rect),
    };
    if (!(name in attributes)) {
      throw new errors.InvalidArgumentError(
        `"${name}" is not an attribute of iOS elements; use one of: ${Object.keys(attributes).join(', ')}.`,
      );
    }
    return attributes[name] ?? null;
  },
  async getElementRect(this: SimIPhoneDriver, elementId: string) {
    return this.nodeOf(elementId).rect;
  },
  async elementDisplayed(this: SimIPhoneDriver, elementId: string): Promise<boolean> {
    return this.nodeOf(elementId).visible;
  },
  async elementEnabled(this: SimIPhoneDriver, elementId: string): Promise<boolean> {
    return this.nodeOf(elementId).enabled;
  },
  async elementSelected(this: SimIPhoneDriver, elementId: string): Promise<boolean> {
    return this.nodeOf(elementId).value === '1';
  },
};
