// The element node every view builds, the column that stacks nodes down a screen as a simple iOS
// list does, and the text measure the alert's layout shares with the screenshot renderer.

import type { SimulatedIPhone } from '../device.ts';

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
  /** Why a disabled element cannot be used, as the W3C error's sentence. */
  disabledReason?: string;
  visible: boolean;
  rect: Rect;
  children: ElementNode[];
  /** Identity across renders: the same element on the same screen has the same key. */
  key: string;
  onTap?: () => Promise<void> | void;
  onType?: (text: string) => void;
  onClear?: () => void;
}

/** What a view says of a node; the column works out its place, key and defaults. */
export type NodeSpec = Omit<ElementNode, 'rect' | 'children' | 'key' | 'enabled' | 'visible'> & {
  enabled?: boolean;
  height?: number;
  children?: ElementNode[];
};

/** Stacks elements top to bottom inside a margin, as a simple iOS list does. */
export class Column {
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

  add(spec: NodeSpec): ElementNode {
    const height = spec.height ?? (spec.type === 'XCUIElementTypeButton' ? 50 : 44);
    const index = this.nodes.filter((node) => node.type === spec.type && node.name === spec.name).length;
    const node: ElementNode = {
      type: spec.type,
      name: spec.name,
      label: spec.label,
      value: spec.value,
      enabled: spec.enabled ?? true,
      disabledReason: spec.disabledReason,
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

  /** A button, named by its accessibility id and labelled in the phone's language. */
  addButton(
    name: string,
    label: string,
    onTap: NodeSpec['onTap'],
    more: Partial<NodeSpec> = {},
  ): ElementNode {
    return this.add({ type: 'XCUIElementTypeButton', name, label, onTap, ...more });
  }

  /** A line of static text: XCUITest gives it the same label and value. */
  addText(name: string, text: string, height?: number): ElementNode {
    return this.add({ type: 'XCUIElementTypeStaticText', name, label: text, value: text, height });
  }

  gap(pixels: number): void {
    this.#y += pixels;
  }
}

/** A view draws one screen's content into the column of the screen's window. */
export type View = (device: SimulatedIPhone, column: Column) => void;

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
