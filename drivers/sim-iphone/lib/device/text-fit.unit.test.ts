// Text never overflows or overlaps: every screen, alert and banner of the catalogue, in both
// languages on the three profiles, with the longest strings it shows. Each text box is measured
// with the advance widths of the font the screenshots are drawn in (draw/font-widths.json), and
// that table is checked against librsvg's own rendering of the font (through sharp).

import { existsSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { CATALOGUE, catalogueDevice, everyScreen } from '../../gallery/screen-catalogue.ts';
import { FONT_FAMILY, FONT_FILES, lineHeightOf, type TextStyle, textWidth, wrapLines } from './draw/font.ts';
import { advanceWidths } from './draw/measure-font.ts';
import { walk } from './element-tree.ts';
import { PROFILES } from './profiles.ts';
import { drawnLayers } from './render-png.ts';
import { messageRowParts } from './views/messages.ts';
import type { ElementNode, Rect, TextLook } from './views/node-builder.ts';
import { cardLayout } from './views/notification-card.ts';

const within = (inner: Rect, outer: Rect) =>
  inner.x >= outer.x - 0.5 &&
  inner.y >= outer.y - 0.5 &&
  inner.x + inner.width <= outer.x + outer.width + 0.5 &&
  inner.y + inner.height <= outer.y + outer.height + 0.5;

const overlap = (a: Rect, b: Rect) =>
  a.x < b.x + b.width - 0.5 &&
  b.x < a.x + a.width - 0.5 &&
  a.y < b.y + b.height - 0.5 &&
  b.y < a.y + a.height - 0.5;

const describeNode = (node: ElementNode) =>
  `${node.type.replace('XCUIElementType', '')} "${node.name ?? node.label}"`;

/** Why a text does not fit its box (undefined when it does). */
function misfit(text: string, box: Rect, style: TextLook, mayTruncate = false): string | undefined {
  const inset = style.inset ?? 0;
  const room = box.width - 2 * inset;
  const lines = wrapLines(text, room, style);
  // Lines broken only at spaces join back into the text; a cut one (with its ellipsis) does not.
  const cut = lines.join(' ') !== text.split(/\s+/).filter(Boolean).join(' ');
  if (cut && !mayTruncate) return `"${text}" is cut to "${lines.join(' / ')}" in ${Math.round(room)} points`;
  const widest = Math.max(...lines.map((line) => textWidth(line, style.size, style.weight)));
  if (widest > room + 0.5) return `"${text}" is ${widest.toFixed(1)} points wide in ${room} points`;
  const height = lines.length * lineHeightOf(style) + 2 * inset;
  if (height > box.height + 0.5)
    return `"${text}" needs ${height} points of height, its box has ${box.height}`;
  return undefined;
}

/** Every text box a node draws, with where and how it is set. */
function textBoxes(node: ElementNode): { text: string; box: Rect; style: TextLook; mayTruncate?: boolean }[] {
  const look = node.look;
  const { x, y, width, height } = node.rect;
  const label = node.label ?? '';
  if (look?.card) {
    const layout = cardLayout(look.card, width);
    const at = (rect: Rect) => ({ ...rect, x: x + rect.x, y: y + rect.y });
    const boxes = [
      { text: look.card.appName, box: at(layout.header), style: layout.styles.header },
      { text: look.card.time, box: at(layout.time), style: layout.styles.time },
    ];
    if (look.card.title)
      boxes.push({ text: look.card.title, box: at(layout.title), style: layout.styles.title });
    // A notification's body is cut after two lines until it is held: that ellipsis is iOS's.
    const body = {
      text: look.card.body,
      box: at(layout.body),
      style: layout.styles.body,
      mayTruncate: look.card.bodyLines !== undefined,
    };
    return look.card.body ? [...boxes, body] : boxes;
  }
  if (look?.as === 'appIcon')
    return look.text && look.text.colour !== 'none'
      ? [{ text: label, box: { x: x - 13, y: y + 64, width: width + 26, height: 16 }, style: look.text }]
      : [];
  if (look?.as === 'groupedRow') {
    const textLeft = x + (look.icon ? 60 : 16);
    const right = x + width - (node.type === 'XCUIElementTypeSwitch' ? 67 : node.onTap ? 32 : 16);
    // The label and the value at the right share the row: together they must fit.
    const joined = look.detail ? `${label}    ${look.detail}` : label;
    return [
      {
        text: joined,
        box: { x: textLeft, y, width: right - textLeft, height },
        style: { size: 17, maxLines: 1 },
      },
    ];
  }
  if (look?.as === 'navBack' && look.text)
    return [{ text: label, box: { x: x + 24, y, width: width - 24, height }, style: look.text }];
  if (look?.as === 'pillButton' && look.icon && look.text)
    return [{ text: label, box: { x: x + 40, y, width: width - 52, height }, style: look.text }];
  if (look?.as === 'messageRow') return messageRowParts(node);
  if (look?.as === 'keypadKey' || look?.as === 'hidden') return [];
  if (look?.text && label)
    return [
      {
        text: node.type === 'XCUIElementTypeStaticText' ? label || node.value || '' : label,
        box: node.rect,
        style: look.text,
      },
    ];
  return [];
}

const problems: string[] = [];
let screens = 0;
let boxes = 0;

describe('text fits on every screen', () => {
  for (const { profile, locale, entry } of everyScreen()) {
    it(`${entry.name} on ${profile.name} in ${locale}`, async () => {
      const device = catalogueDevice(profile, locale);
      try {
        await entry.setUp(device);
        const { width, height } = profile.screen;
        const screen = { x: 0, y: 0, width, height };
        const { window, overlays } = drawnLayers(device);
        const found: string[] = [];
        for (const layer of [window, ...overlays]) {
          if (!layer) continue;
          for (const [node] of walk(layer)) {
            if (!within(node.rect, screen))
              found.push(`${describeNode(node)} leaves the screen: ${JSON.stringify(node.rect)}`);
            for (const box of textBoxes(node)) {
              boxes += 1;
              const why = misfit(box.text, box.box, box.style as TextStyle, box.mayTruncate);
              if (why) found.push(`${describeNode(node)}: ${why}`);
            }
          }
          // Elements of one layer never cover each other (an alert's are inside the alert).
          const children = layer.children;
          for (const [index, a] of children.entries()) {
            if (layer.type === 'XCUIElementTypeAlert' && !within(a.rect, layer.rect))
              found.push(`${describeNode(a)} sticks out of the alert "${layer.label}"`);
            for (const b of children.slice(index + 1))
              if (overlap(a.rect, b.rect)) found.push(`${describeNode(a)} overlaps ${describeNode(b)}`);
          }
        }
        screens += 1;
        problems.push(...found.map((problem) => `${entry.name} (${profile.name}, ${locale}): ${problem}`));
        expect(found, found.join('\n')).toEqual([]);
      } finally {
        await device.shutdown();
      }
    });
  }

  afterAll(() => {
    console.log(
      `text fit: ${screens} screens (${CATALOGUE.length} screens x ${PROFILES.length} profiles x 2 languages), ${boxes} text boxes, ${problems.length} problems`,
    );
  });
});

describe('the width table is the font librsvg draws with', () => {
  it.runIf(existsSync(FONT_FILES.regular))('matches the advance widths in the font files', () => {
    const regular = advanceWidths(FONT_FILES.regular);
    const bold = advanceWidths(FONT_FILES.bold);
    for (const character of ['M', 'i', 'é', '«', '’', '…'])
      expect([textWidth(character, 1), textWidth(character, 1, 'bold')]).toEqual([
        regular[character],
        bold[character],
      ]);
  });

  it.each([
    ['Transférer IB Key sur cet iPhone', 17, 'bold'],
    ['Autoriser les notifications', 17, 'regular'],
    ['« IBKR Mobile » souhaite vous envoyer', 17, 'bold'],
    ['Quelqu’un se connecte à votre compte', 15, 'regular'],
  ] as const)('"%s" at %d points (%s) is as wide drawn as measured', async (text, size, weight) => {
    // Drawn 4x at the left of a wide canvas; the ink's right edge is the text's width, less the last glyph's side bearing.
    const scale = 4;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${1200 * scale}" height="${40 * scale}" viewBox="0 0 1200 40"><rect width="1200" height="40" fill="#fff"/><text x="0" y="28" font-family="${FONT_FAMILY}" font-size="${size}"${weight === 'bold' ? ' font-weight="bold"' : ''}>${text}</text></svg>`;
    const { data, info } = await sharp(Buffer.from(svg))
      .greyscale()
      .raw()
      .toBuffer({ resolveWithObject: true });
    let right = 0;
    for (let row = 0; row < info.height; row += 1)
      for (let column = info.width - 1; column > right; column -= 1)
        if ((data[row * info.width + column] ?? 255) < 128) {
          right = column;
          break;
        }
    const drawn = right / scale;
    const measured = textWidth(text, size, weight);
    // Kerning (Ta, Te, « I) only draws it narrower, by a few percent.
    expect(drawn).toBeLessThanOrEqual(measured + 0.5);
    expect(drawn).toBeGreaterThan(measured * 0.96);
  });
});
