import type { Element } from '@appium/types';
import { errors } from 'appium/driver.js';
import type { ElementNode } from '../device/element-tree.ts';
import { findNodes, InvalidSelectorError } from '../device/locators.ts';
import type { SimIPhoneDriver } from '../driver.ts';

const W3C_ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';

function wrap(this: SimIPhoneDriver, node: ElementNode): Element {
  const id = this.elementIdFor(node);
  return { ELEMENT: id, [W3C_ELEMENT_KEY]: id } as Element;
}

function search(this: SimIPhoneDriver, strategy: string, selector: string, scopeId?: string): ElementNode[] {
  const root = this.tree();
  const scope = scopeId ? this.nodeOf(scopeId, root) : undefined;
  try {
    return findNodes(root, strategy, selector, scope);
  } catch (error) {
    if (error instanceof InvalidSelectorError) throw new errors.InvalidSelectorError(error.message);
    throw error;
  }
}

function first(this: SimIPhoneDriver, strategy: string, selector: string, scopeId?: string): Element {
  const [node] = search.call(this, strategy, selector, scopeId);
  if (!node) {
    throw new errors.NoSuchElementError(
      `No element matches ${strategy} "${selector}" on the ${this.phone().screen} screen.`,
    );
  }
  return wrap.call(this, node);
}

export const findCommands = {
  async findElement(this: SimIPhoneDriver, strategy: string, selector: string): Promise<Element> {
    return first.call(this, strategy, selector);
  },
  async findElements(this: SimIPhoneDriver, strategy: string, selector: string): Promise<Element[]> {
    return search.call(this, strategy, selector).map((node) => wrap.call(this, node));
  },
  async findElementFromElement(
    this: SimIPhoneDriver,
    strategy: string,
    selector: string,
    elementId: string,
  ): Promise<Element> {
    return first.call(this, strategy, selector, elementId);
  },
  async findElementsFromElement(
    this: SimIPhoneDriver,
    strategy: string,
    selector: string,
    elementId: string,
  ): Promise<Element[]> {
    return search.call(this, strategy, selector, elementId).map((node) => wrap.call(this, node));
  },
};
