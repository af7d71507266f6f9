// The phone's typeface and how wide its text is. Screens are drawn in Nimbus Sans (URW's
// Helvetica, the closest to San Francisco that Debian installs with fonts-urw-base35), and laid out
// with its advance widths (font-widths.json, read from the font files by measure-font.ts), so a
// line is broken or cut with an ellipsis where librsvg will need it to be.

import { readFileSync } from 'node:fs';

export const FONT_FAMILY = 'Nimbus Sans';
export const FONT_FILES = {
  regular: '/usr/share/fonts/opentype/urw-base35/NimbusSans-Regular.otf',
  bold: '/usr/share/fonts/opentype/urw-base35/NimbusSans-Bold.otf',
};

/** Every character the phone's strings may hold: Latin-1 and the typographic marks iOS uses. */
export const MEASURED_CHARACTERS = [
  ...Array.from({ length: 0x7f - 0x20 }, (_, index) => String.fromCharCode(0x20 + index)),
  ...Array.from({ length: 0x100 - 0xa0 }, (_, index) => String.fromCharCode(0xa0 + index)),
  ...'‘’“”‹›…•–—€œŒ',
];

export type Weight = 'regular' | 'bold';

const TABLE = JSON.parse(readFileSync(new URL('./font-widths.json', import.meta.url), 'utf8')) as Record<
  Weight,
  Record<string, number>
>;
/** An unknown character is counted as wide as an "M", so text is never laid out too narrow. */
const FALLBACK = 0.833;

/** The text's advance width in points at this size (kerning only makes it narrower). */
export function textWidth(text: string, size: number, weight: Weight = 'regular'): number {
  const table = TABLE[weight];
  let em = 0;
  for (const character of text) em += table[character] ?? FALLBACK;
  return em * size;
}

export interface TextStyle {
  size: number;
  weight?: Weight;
  /** Line height in points; 1.2 x size when left out. */
  lineHeight?: number;
  /** At most this many lines; the last one ends with "…" when the text is longer. */
  maxLines?: number;
}

export function lineHeightOf(style: TextStyle): number {
  return style.lineHeight ?? Math.round(style.size * 1.2);
}

/** Cuts a line to fit the width, ending it with an ellipsis. */
export function truncate(line: string, width: number, style: TextStyle): string {
  if (textWidth(line, style.size, style.weight) <= width) return line;
  let cut = line;
  while (cut.length > 0 && textWidth(`${cut}…`, style.size, style.weight) > width) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** Breaks text into lines that fit the width, on spaces (a word longer than a line is cut with an ellipsis). */
export function wrapLines(text: string, width: number, style: TextStyle): string[] {
  const lines: string[] = [];
  let line = '';
  // French typography: no break after « or before », :, ;, ? and ! (a narrow no-break space there).
  for (const word of text.split(/(?<!«)\s+(?![»:;?!])/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (!line || textWidth(candidate, style.size, style.weight) <= width) line = candidate;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  const fitted = lines.map((each) => truncate(each, width, style));
  const max = style.maxLines;
  if (max === undefined || fitted.length <= max) return fitted;
  const kept = fitted.slice(0, max);
  kept[max - 1] = truncate(`${lines[max - 1]}…`, width, style).replace(/……$/, '…');
  return kept;
}
