// The UIKit parts the system apps are built from, placed where iOS places them: a navigation bar
// with its back button, a large title, inset grouped lists (Settings), and the iOS type scale.

import type { SimulatedIPhone } from '../device.ts';
import { textWidth } from '../draw/font.ts';
import {
  type Column,
  type ElementNode,
  type Look,
  type NodeSpec,
  type TextLook,
  textBlockHeight,
} from './node-builder.ts';

/** iOS's text styles at the default Dynamic Type size (points). */
type TypeStyle = TextLook & { lineHeight: number };

export const TYPE: Record<
  | 'largeTitle'
  | 'title2'
  | 'title3'
  | 'headline'
  | 'body'
  | 'callout'
  | 'subheadline'
  | 'footnote'
  | 'caption',
  TypeStyle
> = {
  largeTitle: { size: 34, weight: 'bold', lineHeight: 41 },
  title2: { size: 22, weight: 'bold', lineHeight: 28 },
  title3: { size: 20, weight: 'regular', lineHeight: 25 },
  headline: { size: 17, weight: 'bold', lineHeight: 22 },
  body: { size: 17, weight: 'regular', lineHeight: 22 },
  callout: { size: 16, weight: 'regular', lineHeight: 21 },
  subheadline: { size: 15, weight: 'regular', lineHeight: 20 },
  footnote: { size: 13, weight: 'regular', lineHeight: 18 },
  caption: { size: 12, weight: 'regular', lineHeight: 16 },
};

export const COLOURS = {
  tint: '#007aff',
  label: '#000000',
  secondaryLabel: '#8a8a8e',
  groupedBackground: '#f2f2f7',
  separator: '#c6c6c8',
  destructive: '#ff3b30',
};

/** The App Store's blue pill (GET, OPEN, VIEW): bold white text on the tint. */
export const STORE_PILL: Look = {
  as: 'pillButton',
  tint: COLOURS.tint,
  text: { ...TYPE.subheadline, weight: 'bold', colour: '#ffffff', align: 'middle', maxLines: 1 },
};

/** A store pill is as wide as its label and 14 points each side, and never narrower than the minimum. */
export function storePillWidth(label: string, minimum: number): number {
  return Math.max(minimum, Math.ceil(textWidth(label, TYPE.subheadline.size, 'bold')) + 28);
}

const NAV_BAR_HEIGHT = 44;
const ROW_HEIGHT = 44;

/** The margin of an inset grouped list: 16 points, 20 on the wider phones. */
export function listMargin(device: SimulatedIPhone): number {
  return device.profile.screen.width >= 414 ? 20 : 16;
}

/** A navigation bar under the status bar: the back button (named "Back", labelled with the page it returns to) and the title. */
export function navigationBar(
  device: SimulatedIPhone,
  column: Column,
  spec: { title: string; back?: { label: string; onTap: () => unknown } },
): void {
  const top = device.profile.insets.top;
  const { width } = device.profile.screen;
  // The back button is as wide as its chevron and label; the title is centred in what it leaves.
  const backWidth = spec.back
    ? Math.min(Math.floor(width / 3), Math.ceil(24 + textWidth(spec.back.label, TYPE.body.size) + 8))
    : 0;
  if (spec.back) {
    const onTap = spec.back.onTap;
    column.add({
      type: 'XCUIElementTypeButton',
      name: 'Back',
      label: spec.back.label,
      onTap: async () => void (await onTap()),
      rect: { x: 0, y: top, width: backWidth, height: NAV_BAR_HEIGHT },
      look: { as: 'navBack', tint: COLOURS.tint, text: { ...TYPE.body, colour: COLOURS.tint, maxLines: 1 } },
    });
  }
  const titleWidth = width - 2 * Math.max(backWidth, 16) - 8;
  column.add({
    type: 'XCUIElementTypeStaticText',
    name: spec.title,
    label: spec.title,
    value: spec.title,
    rect: { x: (width - titleWidth) / 2, y: top, width: titleWidth, height: NAV_BAR_HEIGHT },
    look: { text: { ...TYPE.headline, align: 'middle', maxLines: 1, inset: 0 } },
  });
  column.moveTo(top + NAV_BAR_HEIGHT + 16);
}

/** The large title of a top-level screen ("Settings", "Réglages"). */
export function largeTitle(device: SimulatedIPhone, column: Column, name: string, text: string): void {
  column.moveTo(device.profile.insets.top + 8);
  column.addText(name, text, { ...TYPE.largeTitle, maxLines: 1 });
}

export interface GroupedRow {
  type?: 'XCUIElementTypeCell' | 'XCUIElementTypeSwitch';
  name: string;
  label: string;
  /** A settings icon (draw/icons.ts). */
  icon?: string;
  /** A switch's position. */
  on?: boolean;
  /** The value shown at the right of a row that leads on ("On", "Off"). */
  detail?: string;
  onTap?: NodeSpec['onTap'];
}

/** Rows in a rounded group, 44 points tall (more for two lines), with a header or footer text. */
export function groupedList(
  device: SimulatedIPhone,
  column: Column,
  rows: GroupedRow[],
  more: { header?: string; footer?: string } = {},
): ElementNode[] {
  const margin = listMargin(device);
  const width = device.profile.screen.width - 2 * margin;
  const aside = (name: string, text: string) => {
    const style = { ...TYPE.footnote, colour: COLOURS.secondaryLabel };
    const rect = { x: margin + 16, y: column.y, width: width - 32, height: 0 };
    rect.height = textBlockHeight(text, rect.width, style);
    column.addText(name, text, style, { rect });
    column.gap(rect.height + 7);
  };
  if (more.header) aside(`${rows[0]?.name ?? 'Group'}Header`, more.header.toUpperCase());
  const nodes = rows.map((row, index) => {
    return column.add({
      type: row.type ?? 'XCUIElementTypeCell',
      name: row.name,
      label: row.label,
      value: row.on === undefined ? undefined : row.on ? '1' : '0',
      onTap: row.onTap,
      rect: { x: margin, y: column.y + index * ROW_HEIGHT, width, height: ROW_HEIGHT },
      look: {
        as: 'groupedRow',
        icon: row.icon,
        first: index === 0,
        last: index === rows.length - 1,
        detail: row.detail,
        text: { ...TYPE.body, maxLines: 1 },
      },
    });
  });
  // Rows sit edge to edge; the next group starts 35 points under the last row.
  column.gap(nodes.length * ROW_HEIGHT);
  column.gap(7);
  if (more.footer) aside(`${rows[0]?.name ?? 'Group'}Footer`, more.footer);
  column.gap(28);
  return nodes;
}
