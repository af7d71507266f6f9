// Finding elements, with the implicit wait of W3C Set Timeouts honoured as the XCUITest driver
// does: the lookup is retried (every 500 ms, BaseDriver's implicitWaitForCondition) until it finds
// something or the implicit timeout has passed; findElements returns as soon as there is one.

import type { Element } from '@appium/types';
import { errors } from 'appium/driver.js';
import { W3C_ELEMENT_KEY } from '../../../../common/index.ts';
import type { ElementNode } from '../device/element-tree.ts';
import { findNodes, InvalidSelectorError } from '../device/locators.ts';
import type { SimIPhoneDriver } from '../driver.ts';

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
    if (!(error instanceof InvalidSelectorError)) throw error;
    // The driver itself converts CSS and refuses what it cannot convert; WDA's parse errors of the
    // other strategies it swallows, finding nothing. The strictSelectors setting says why instead.
    if (strategy === 'css selector' || this.settings.getSettings().strictSelectors)
      throw new errors.InvalidSelectorError(error.message);
    return [];
  }
}

/** Looks up, again and again within the implicit wait, until something matches; a bad selector fails at once. */
async function lookUp(
  this: SimIPhoneDriver,
  strategy: string,
  selector: string,
  scopeId?: string,
): Promise<ElementNode[]> {
  let found: ElementNode[] = [];
  let failure: unknown;
  try {
    await this.implicitWaitForCondition(async () => {
      try {
        found = search.call(this, strategy, selector, scopeId);
      } catch (error) {
        failure = error;
        return true;
      }
      return found.length > 0;
    });
  } catch {
    // The implicit wait ran out with nothing found.
  }
  if (failure) throw failure;
  return found;
}

async function first(
  this: SimIPhoneDriver,
  strategy: string,
  selector: string,
  scopeId?: string,
): Promise<Element> {
  const [node] = await lookUp.call(this, strategy, selector, scopeId);
  if (!node) {
    const waited = this.implicitWaitMs ? ` within the implicit wait of ${this.implicitWaitMs} ms` : '';
    throw new errors.NoSuchElementError(
      `No element matches ${strategy} "${selector}" on the ${this.phone().screen} screen${waited}.`,
    );
  }
  return wrap.call(this, node);
}

async function all(
  this: SimIPhoneDriver,
  strategy: string,
  selector: string,
  scopeId?: string,
): Promise<Element[]> {
  return (await lookUp.call(this, strategy, selector, scopeId)).map((node) => wrap.call(this, node));
}

export const findCommands = {
  async findElement(this: SimIPhoneDriver, strategy: string, selector: string): Promise<Element> {
    return first.call(this, strategy, selector);
  },
  async findElements(this: SimIPhoneDriver, strategy: string, selector: string): Promise<Element[]> {
    return all.call(this, strategy, selector);
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
    return all.call(this, strategy, selector, elementId);
  },
};
