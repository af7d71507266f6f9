import { errors } from 'appium/driver.js';
import { tapNode } from '../device/element-tree.ts';
import { ATTRIBUTE_NAMES, integralRect, TreeFacts, wdAttribute } from '../device/locators.ts';
import { cropScreenshot, renderScreenshot } from '../device/render-png.ts';
import type { SimIPhoneDriver } from '../driver.ts';
import { screenshotScaleOf } from '../settings.ts';

/**
 * An attribute as XCUITest hands WDA's answer on: strings and null as they are, the numbers 0
 * and 1 as "false" and "true" (so index 0 reads "false"), anything else as JSON.
 */
function nativeAttribute(this: SimIPhoneDriver, name: string, elementId: string): string | null {
  const root = this.tree();
  const node = this.nodeOf(elementId, root);
  const value = wdAttribute(node, name, new TreeFacts(root));
  if (value === undefined) {
    // WDA's FBUnknownAttributeException is not one it maps, so the client gets an unknown error.
    throw new errors.UnknownError(
      `"${name}" is not an attribute of iOS elements; use one of: ${ATTRIBUTE_NAMES.join(', ')}.`,
    );
  }
  if (value === null || typeof value === 'string') return value;
  if (value === 0 || value === 1) return String(value === 1);
  return JSON.stringify(value);
}

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
    return nativeAttribute.call(this, name, elementId);
  },
  /** W3C Get Element Property: in the native context XCUITest answers it as getAttribute. */
  async getProperty(this: SimIPhoneDriver, name: string, elementId: string): Promise<string | null> {
    return nativeAttribute.call(this, name, elementId);
  },
  /** W3C Take Element Screenshot: the screen's screenshot (in pixels) cut to the element's rect (in points). */
  async getElementScreenshot(this: SimIPhoneDriver, elementId: string): Promise<string> {
    const node = this.nodeOf(elementId);
    const phone = this.phone();
    const scale = screenshotScaleOf(this.settings.getSettings(), phone.profile.screen.scale);
    const screen = await renderScreenshot(phone, scale);
    return (await cropScreenshot(screen, node.rect, scale)).toString('base64');
  },
  /** WDA's wdRect: the frame made integral, in points. */
  async getElementRect(this: SimIPhoneDriver, elementId: string) {
    return integralRect(this.nodeOf(elementId));
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
