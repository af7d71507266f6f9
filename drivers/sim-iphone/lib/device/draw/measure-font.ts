// Writes the advance-width table the phone lays its text out with (font-widths.json), read from
// the font files the screenshots are drawn with: `npx tsx drivers/sim-iphone/lib/device/draw/measure-font.ts`.
// The table is committed, so the layout is the same on a machine without the fonts; the text-fit
// test checks it against the fonts when they are there.

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FONT_FILES, MEASURED_CHARACTERS } from './font.ts';

interface Table {
  offset: number;
}

function tables(font: Buffer): Map<string, Table> {
  const count = font.readUInt16BE(4);
  const found = new Map<string, Table>();
  for (let index = 0; index < count; index += 1) {
    const record = 12 + index * 16;
    found.set(font.toString('latin1', record, record + 4), { offset: font.readUInt32BE(record + 8) });
  }
  return found;
}

function need(found: Map<string, Table>, tag: string, file: string): Table {
  const table = found.get(tag);
  if (!table)
    throw new Error(`${file} has no '${tag}' table: it is not an OpenType font this script can read.`);
  return table;
}

/** The glyph for each character, from the font's format-4 (BMP) cmap subtable. */
function glyphOf(font: Buffer, cmap: Table, file: string): (code: number) => number {
  const subtables = font.readUInt16BE(cmap.offset + 2);
  for (let index = 0; index < subtables; index += 1) {
    const record = cmap.offset + 4 + index * 8;
    const offset = cmap.offset + font.readUInt32BE(record + 4);
    if (font.readUInt16BE(offset) !== 4) continue;
    const segments = font.readUInt16BE(offset + 6) / 2;
    const ends = offset + 14;
    const starts = ends + segments * 2 + 2;
    const deltas = starts + segments * 2;
    const ranges = deltas + segments * 2;
    return (code) => {
      for (let segment = 0; segment < segments; segment += 1) {
        if (font.readUInt16BE(ends + segment * 2) < code) continue;
        const start = font.readUInt16BE(starts + segment * 2);
        if (start > code) return 0;
        const delta = font.readInt16BE(deltas + segment * 2);
        const rangeOffset = font.readUInt16BE(ranges + segment * 2);
        if (rangeOffset === 0) return (code + delta) & 0xffff;
        const glyph = font.readUInt16BE(ranges + segment * 2 + rangeOffset + (code - start) * 2);
        return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
      }
      return 0;
    };
  }
  throw new Error(`${file} has no format-4 cmap subtable.`);
}

/** Each character's advance in em (1 = the font size). Characters the font lacks are left out. */
export function advanceWidths(file: string): Record<string, number> {
  const font = readFileSync(file);
  const found = tables(font);
  const unitsPerEm = font.readUInt16BE(need(found, 'head', file).offset + 18);
  const metrics = font.readUInt16BE(need(found, 'hhea', file).offset + 34);
  const hmtx = need(found, 'hmtx', file).offset;
  const glyph = glyphOf(font, need(found, 'cmap', file), file);
  const widths: Record<string, number> = {};
  for (const character of MEASURED_CHARACTERS) {
    const id = glyph(character.codePointAt(0)!);
    if (id === 0) continue;
    const advance = font.readUInt16BE(hmtx + Math.min(id, metrics - 1) * 4);
    widths[character] = Math.round((advance / unitsPerEm) * 10000) / 10000;
  }
  return widths;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const table = {
    regular: advanceWidths(FONT_FILES.regular),
    bold: advanceWidths(FONT_FILES.bold),
  };
  const out = fileURLToPath(new URL('./font-widths.json', import.meta.url));
  writeFileSync(out, `${JSON.stringify(table)}\n`);
  console.log(
    `${out}: ${Object.keys(table.regular).length} characters from ${FONT_FILES.regular} and its bold`,
  );
}
