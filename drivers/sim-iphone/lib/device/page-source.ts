// The page source: the element tree serialized as XCUITest's XML (<AppiumAUT>, one element per
// node named by its type, with its attributes), and the DOM that XPath locators search.

import { DOMImplementation, XMLSerializer, type Element as XmlElement } from '@xmldom/xmldom';
import type { ElementNode } from './element-tree.ts';

export interface PageSource {
  xml: string;
  document: Document;
  /** The tree node each XML element stands for. */
  nodeOf: Map<unknown, ElementNode>;
}

export function pageSource(root: ElementNode): PageSource {
  const document = new DOMImplementation().createDocument(null, 'AppiumAUT', null);
  const nodeOf = new Map<unknown, ElementNode>();
  const build = (node: ElementNode, index: number): XmlElement => {
    const element = document.createElement(node.type);
    element.setAttribute('type', node.type);
    if (node.name !== undefined) element.setAttribute('name', node.name);
    if (node.label !== undefined) element.setAttribute('label', node.label);
    if (node.value !== undefined) element.setAttribute('value', node.value);
    element.setAttribute('enabled', String(node.enabled));
    element.setAttribute('visible', String(node.visible));
    element.setAttribute(
      'accessible',
      String(node.type !== 'XCUIElementTypeWindow' && node.type !== 'XCUIElementTypeApplication'),
    );
    element.setAttribute('x', String(Math.round(node.rect.x)));
    element.setAttribute('y', String(Math.round(node.rect.y)));
    element.setAttribute('width', String(Math.round(node.rect.width)));
    element.setAttribute('height', String(Math.round(node.rect.height)));
    element.setAttribute('index', String(index));
    nodeOf.set(element, node);
    node.children.forEach((child, childIndex) => {
      element.appendChild(build(child, childIndex));
    });
    return element;
  };
  document.documentElement!.appendChild(build(root, 0));
  const xml = `<?xml version="1.0" encoding="UTF-8"?>${new XMLSerializer().serializeToString(document)}`;
  return { xml, document: document as unknown as Document, nodeOf };
}
