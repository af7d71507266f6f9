// The element node every view builds, and the column that places nodes down a screen as iOS lays
// out a list: the rects it gives are where the screenshot draws them, so taps by coordinates and
// the page source agree with the picture.

import type { SimulatedIPhone } from '../device.ts';
import { lineHeightOf, type TextStyle, wrapLines } from '../draw/font.ts';
import type { CardText } from './notification-card.ts';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How a text is set: its style, colour and alignment, and the padding inside its rect. */
export interface TextLook extends TextStyle {
  colour?: string;
  align?: 'start' | 'middle' | 'end';
  /** Space between the rect's sides and the text (points). */
  inset?: number;
}

/** How the renderer draws a node (its type decides when left out); none of it is in the page source. */
export interface Look {
  as?:
    | 'appIcon'
    | 'groupedRow'
    | 'filledButton'
    | 'tintedButton'
    | 'plainButton'
    | 'pillButton'
    | 'keypadKey'
    | 'passcodeDots'
    | 'card'
    | 'messageRow'
    | 'navBack'
    | 'hidden';
  /** The app or settings icon drawn at the left (see draw/icons.ts). */
  icon?: string;
  /** A grouped list row's place in its group: the first and last have the rounded corners. */
  first?: boolean;
  last?: boolean;
  /** The fill or ink colour of a button, a key or a row's accessory. */
  tint?: string;
  /** A row's value or a button's second line, drawn right or under. */
  detail?: string;
  text?: TextLook;
  /** A notification's parts, for a banner or a Notification Center card. */
  card?: CardText;
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
  /** A touch held 0.5 s or more; without it a long press is a tap. */
  onLongPress?: () => void;
  onType?: (text: string) => void;
  onClear?: () => void;
  look?: Look;
}

/** What a view says of a node; the column works out its place (unless given), key and defaults. */
export type NodeSpec = Omit<ElementNode, 'rect' | 'children' | 'key' | 'enabled' | 'visible'> & {
  enabled?: boolean;
  height?: number;
  /** Placed here instead of down the column (the column does not move). */
  rect?: Rect;
  children?: ElementNode[];
};

/** Places elements top to bottom inside a margin, as an iOS list does. */
export class Column {
  readonly nodes: ElementNode[] = [];
  #y: number;

  constructor(
    private readonly scope: string,
    readonly width: number,
    top: number,
    readonly margin = 20,
    /** Space left under each element. */
    readonly spacing = 12,
  ) {
    this.#y = top;
  }

  /** Where the next element goes. */
  get y(): number {
    return this.#y;
  }

  /** The width between the margins. */
  get innerWidth(): number {
    return this.width - 2 * this.margin;
  }

  add(spec: NodeSpec): ElementNode {
    const height = spec.rect?.height ?? spec.height ?? (spec.type === 'XCUIElementTypeButton' ? 50 : 44);
    const index = this.nodes.filter((node) => node.type === spec.type && node.name === spec.name).length;
    const node: ElementNode = {
      type: spec.type,
      name: spec.name,
      label: spec.label,
      value: spec.value,
      enabled: spec.enabled ?? true,
      disabledReason: spec.disabledReason,
      visible: true,
      rect: spec.rect ?? { x: this.margin, y: this.#y, width: this.innerWidth, height },
      children: spec.children ?? [],
      key: `${this.scope}/${spec.type}:${spec.name ?? ''}#${index}`,
      onTap: spec.onTap,
      onLongPress: spec.onLongPress,
      onType: spec.onType,
      onClear: spec.onClear,
      look: spec.look,
    };
    this.nodes.push(node);
    if (!spec.rect) this.#y += height + this.spacing;
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

  /**
   * A text as tall as its lines at this style and the column's width: XCUITest gives static
   * text the same label and value.
   */
  addText(name: string, text: string, style: TextLook, more: Partial<NodeSpec> = {}): ElementNode {
    const width = more.rect?.width ?? this.innerWidth;
    const height = textBlockHeight(text, width, style);
    return this.add({
      type: 'XCUIElementTypeStaticText',
      name,
      label: text,
      value: text,
      height,
      look: { text: style },
      ...more,
    });
  }

  gap(points: number): void {
    this.#y += points;
  }

  /** Moves the next element down to y (never up). */
  moveTo(y: number): void {
    this.#y = Math.max(this.#y, y);
  }
}

/** The height a text takes in a rect of this width: its lines, and its inset above and below. */
export function textBlockHeight(text: string, width: number, style: TextLook): number {
  const inset = style.inset ?? 0;
  return Math.ceil(wrapLines(text, width - 2 * inset, style).length * lineHeightOf(style) + 2 * inset);
}

/** A view draws one screen's content into the column of the screen's window. */
export type View = (device: SimulatedIPhone, column: Column) => void;
