// App and Settings icons, drawn as simple SVG (flat shapes, few paths: librsvg draws them fast),
// in a box of `size` points at (x, y). Nothing here is Apple's artwork: shapes that read as the app.

import { FONT_FAMILY } from './font.ts';

type IconPainter = (size: number) => string;

/** The squircle every icon sits in (iOS rounds an icon's corners by about 22.5% of its side). */
function tile(size: number, fill: string): string {
  return `<rect width="${size}" height="${size}" rx="${size * 0.225}" fill="${fill}"/>`;
}

const u = (size: number, value: number) => Math.round(size * value * 100) / 100;

const APP_ICONS: Record<string, IconPainter> = {
  settings: (s) =>
    `${tile(s, '#8e8e93')}<circle cx="${s / 2}" cy="${s / 2}" r="${u(s, 0.3)}" fill="none" stroke="#e5e5ea" stroke-width="${u(s, 0.12)}" stroke-dasharray="${u(s, 0.075)} ${u(s, 0.082)}"/><circle cx="${s / 2}" cy="${s / 2}" r="${u(s, 0.22)}" fill="#e5e5ea"/><circle cx="${s / 2}" cy="${s / 2}" r="${u(s, 0.1)}" fill="#8e8e93"/>`,
  appStore: (s) =>
    `${tile(s, '#1a8cff')}<path d="M${u(s, 0.5)} ${u(s, 0.2)} L${u(s, 0.26)} ${u(s, 0.74)} M${u(s, 0.5)} ${u(s, 0.2)} L${u(s, 0.74)} ${u(s, 0.74)} M${u(s, 0.22)} ${u(s, 0.6)} H${u(s, 0.78)}" stroke="#fff" stroke-width="${u(s, 0.07)}" stroke-linecap="round" fill="none"/>`,
  safari: (s) =>
    `${tile(s, '#ffffff')}<circle cx="${s / 2}" cy="${s / 2}" r="${u(s, 0.4)}" fill="#1d8cf8"/><path d="M${u(s, 0.66)} ${u(s, 0.34)} L${u(s, 0.46)} ${u(s, 0.46)} L${u(s, 0.54)} ${u(s, 0.54)} Z" fill="#ff3b30"/><path d="M${u(s, 0.34)} ${u(s, 0.66)} L${u(s, 0.46)} ${u(s, 0.46)} L${u(s, 0.54)} ${u(s, 0.54)} Z" fill="#ffffff"/>`,
  camera: (s) =>
    `${tile(s, '#d1d1d6')}<rect x="${u(s, 0.14)}" y="${u(s, 0.3)}" width="${u(s, 0.72)}" height="${u(s, 0.46)}" rx="${u(s, 0.08)}" fill="#3a3a3c"/><rect x="${u(s, 0.38)}" y="${u(s, 0.22)}" width="${u(s, 0.24)}" height="${u(s, 0.1)}" rx="${u(s, 0.03)}" fill="#3a3a3c"/><circle cx="${s / 2}" cy="${u(s, 0.53)}" r="${u(s, 0.15)}" fill="#8e8e93" stroke="#d1d1d6" stroke-width="${u(s, 0.04)}"/>`,
  ibkr: (s) =>
    `${tile(s, '#d81222')}<text x="${s / 2}" y="${u(s, 0.6)}" font-family="${FONT_FAMILY}" font-weight="bold" font-size="${u(s, 0.27)}" fill="#ffffff" text-anchor="middle">IBKR</text><rect x="${u(s, 0.2)}" y="${u(s, 0.68)}" width="${u(s, 0.6)}" height="${u(s, 0.04)}" fill="#ffffff"/>`,
  messages: (s) =>
    `${tile(s, '#34c759')}<ellipse cx="${s / 2}" cy="${u(s, 0.47)}" rx="${u(s, 0.32)}" ry="${u(s, 0.26)}" fill="#fff"/><path d="M${u(s, 0.28)} ${u(s, 0.62)} L${u(s, 0.22)} ${u(s, 0.8)} L${u(s, 0.42)} ${u(s, 0.7)} Z" fill="#fff"/>`,
};

/** Settings' row icons: a white glyph on a coloured rounded square (29 points). */
const SETTINGS_ICONS: Record<string, IconPainter> = {
  airplane: (s) =>
    `${tile(s, '#ff9500')}<path d="M${u(s, 0.5)} ${u(s, 0.16)} L${u(s, 0.56)} ${u(s, 0.42)} L${u(s, 0.84)} ${u(s, 0.58)} L${u(s, 0.56)} ${u(s, 0.54)} L${u(s, 0.54)} ${u(s, 0.74)} L${u(s, 0.64)} ${u(s, 0.84)} L${u(s, 0.36)} ${u(s, 0.84)} L${u(s, 0.46)} ${u(s, 0.74)} L${u(s, 0.44)} ${u(s, 0.54)} L${u(s, 0.16)} ${u(s, 0.58)} L${u(s, 0.44)} ${u(s, 0.42)} Z" fill="#fff"/>`,
  focus: (s) =>
    `${tile(s, '#5e5ce6')}<circle cx="${u(s, 0.5)}" cy="${u(s, 0.5)}" r="${u(s, 0.26)}" fill="#fff"/><circle cx="${u(s, 0.62)}" cy="${u(s, 0.4)}" r="${u(s, 0.22)}" fill="#5e5ce6"/>`,
  notifications: (s) =>
    `${tile(s, '#ff3b30')}<rect x="${u(s, 0.22)}" y="${u(s, 0.22)}" width="${u(s, 0.56)}" height="${u(s, 0.56)}" rx="${u(s, 0.12)}" fill="none" stroke="#fff" stroke-width="${u(s, 0.08)}"/><circle cx="${u(s, 0.72)}" cy="${u(s, 0.28)}" r="${u(s, 0.12)}" fill="#fff"/>`,
  faceId: (s) =>
    `${tile(s, '#34c759')}<path d="M${u(s, 0.22)} ${u(s, 0.36)} V${u(s, 0.22)} H${u(s, 0.36)} M${u(s, 0.64)} ${u(s, 0.22)} H${u(s, 0.78)} V${u(s, 0.36)} M${u(s, 0.78)} ${u(s, 0.64)} V${u(s, 0.78)} H${u(s, 0.64)} M${u(s, 0.36)} ${u(s, 0.78)} H${u(s, 0.22)} V${u(s, 0.64)} M${u(s, 0.38)} ${u(s, 0.6)} Q${u(s, 0.5)} ${u(s, 0.7)} ${u(s, 0.62)} ${u(s, 0.6)}" fill="none" stroke="#fff" stroke-width="${u(s, 0.07)}" stroke-linecap="round"/>`,
  touchId: (s) =>
    `${tile(s, '#ff2d55')}${[0.12, 0.2, 0.28]
      .map(
        (r) =>
          `<path d="M${u(s, 0.5 - r)} ${u(s, 0.62)} A${u(s, r)} ${u(s, r)} 0 1 1 ${u(s, 0.5 + r)} ${u(s, 0.62)}" fill="none" stroke="#fff" stroke-width="${u(s, 0.06)}" stroke-linecap="round"/>`,
      )
      .join('')}`,
  cameraSettings: (s) => APP_ICONS.camera!(s).replace('#d1d1d6', '#8e8e93'),
  ibkr: (s) => APP_ICONS.ibkr!(s),
};

/** An app's icon at (x, y), `size` points square. */
export function appIcon(id: string | undefined, x: number, y: number, size: number): string {
  const painter = APP_ICONS[id ?? ''] ?? ((s: number) => tile(s, '#5856d6'));
  return `<g transform="translate(${x} ${y})">${painter(size)}</g>`;
}

/** A Settings row's icon at (x, y), 29 points square. */
export function settingsIcon(id: string, x: number, y: number): string {
  const painter = SETTINGS_ICONS[id] ?? APP_ICONS[id];
  return painter ? `<g transform="translate(${x} ${y})">${painter(29)}</g>` : '';
}
