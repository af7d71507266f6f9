// Draws the element tree as a phone screen (SVG, then PNG with sharp), for screenshots and the
// sign-off report. The camera screen shows what the camera last saw.

import sharp, { type OverlayOptions } from 'sharp';
import { escapeMarkup } from '../../../../common/index.ts';
import type { SimulatedIPhone } from './device.ts';
import { type ElementNode, renderTree } from './element-tree.ts';
import { wrapText } from './views/node-builder.ts';

const ICON_COLOURS: Record<string, string> = {
  Camera: '#3a3a3c',
  Settings: '#8e8e93',
  Safari: '#0a84ff',
  'App Store': '#147efb',
  'IBKR Mobile': '#d81222',
};

const BANNER_ICON_COLOURS: Record<string, string> = { Safari: '#0a84ff', Messages: '#34c759' };

const BACKGROUNDS: Record<string, string> = {
  SpringBoard: 'url(#wallpaper)',
  Camera: '#000000',
  Safari: '#ffffff',
  'App Store': '#ffffff',
  Settings: '#f2f2f7',
  'IBKR Mobile': '#ffffff',
};

function textBlock(
  x: number,
  y: number,
  width: number,
  text: string,
  size: number,
  fill: string,
  weight = 400,
  anchor = 'start',
): string {
  const lines = wrapText(text, Math.max(8, Math.floor(width / (size * 0.55))));
  return lines
    .map(
      (line, index) =>
        `<text x="${x}" y="${y + size + index * size * 1.3}" font-size="${size}" font-weight="${weight}" fill="${fill}" text-anchor="${anchor}" font-family="Helvetica, Arial, sans-serif">${escapeMarkup(line)}</text>`,
    )
    .join('');
}

/** The Face ID glyph: the corners of a frame around a simple face. */
function faceIdGlyph(cx: number, cy: number): string {
  const r = 24;
  const corner = (dx: number, dy: number) =>
    `<path d="M${cx + dx * r} ${cy + dy * (r - 9)} V${cy + dy * r} H${cx + dx * (r - 9)}" fill="none" stroke="#0a84ff" stroke-width="3" stroke-linecap="round"/>`;
  return `${corner(-1, -1)}${corner(1, -1)}${corner(-1, 1)}${corner(1, 1)}
    <circle cx="${cx - 8}" cy="${cy - 6}" r="2" fill="#0a84ff"/><circle cx="${cx + 8}" cy="${cy - 6}" r="2" fill="#0a84ff"/>
    <path d="M${cx - 9} ${cy + 8} Q${cx} ${cy + 15} ${cx + 9} ${cy + 8}" fill="none" stroke="#0a84ff" stroke-width="2.5" stroke-linecap="round"/>`;
}

/** The Touch ID glyph: a fingerprint of nested arcs. */
function touchIdGlyph(cx: number, cy: number): string {
  return [8, 14, 20, 26]
    .map(
      (r) =>
        `<path d="M${cx - r} ${cy + r / 2} A${r} ${r} 0 1 1 ${cx + r} ${cy + r / 2}" fill="none" stroke="#ff375f" stroke-width="2.5" stroke-linecap="round"/>`,
    )
    .join('');
}

function drawNode(node: ElementNode, inAlert: boolean, dark: boolean): string {
  const { x, y, width, height } = node.rect;
  const ink = dark ? '#ffffff' : '#1c1c1e';
  const centre = x + width / 2;
  switch (node.type) {
    case 'XCUIElementTypeIcon': {
      const colour = ICON_COLOURS[node.name ?? ''] ?? '#5856d6';
      return `<rect x="${x}" y="${y}" width="56" height="56" rx="13" fill="${colour}"/>
        <text x="${x + 28}" y="${y + 36}" font-size="22" fill="#fff" text-anchor="middle" font-family="Helvetica" font-weight="700">${escapeMarkup((node.name ?? '?').slice(0, 1))}</text>
        <text x="${x + 72}" y="${y + 34}" font-size="17" fill="#fff" font-family="Helvetica">${escapeMarkup(node.label ?? '')}</text>`;
    }
    case 'XCUIElementTypeButton':
      if (inAlert) {
        return `<line x1="${x - 16}" y1="${y}" x2="${x + width + 16}" y2="${y}" stroke="#c6c6c8"/>${textBlock(centre, y + 6, width, node.label ?? '', 17, node.enabled ? '#0a84ff' : '#aeaeb2', 500, 'middle')}`;
      }
      return `<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="12" fill="${node.enabled ? '#0a84ff' : '#c7c7cc'}"/>${textBlock(centre, y + 13, width, node.label ?? '', 17, '#ffffff', 600, 'middle')}`;
    case 'XCUIElementTypeSwitch': {
      const on = node.value === '1';
      return `<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="10" fill="#ffffff"/>${textBlock(x + 14, y + 10, width - 90, node.label ?? '', 16, '#1c1c1e')}
        <rect x="${x + width - 66}" y="${y + 8}" width="51" height="28" rx="14" fill="${on ? '#34c759' : '#e9e9eb'}"/><circle cx="${on ? x + width - 29 : x + width - 52}" cy="${y + 22}" r="12" fill="#fff"/>`;
    }
    case 'XCUIElementTypeCell':
      return `<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="10" fill="${dark ? '#2c2c2e' : '#ffffff'}"/>${textBlock(x + 14, y + 10, width - 40, node.label ?? '', 16, ink)}<text x="${x + width - 20}" y="${y + 28}" fill="#c7c7cc" font-size="18" font-family="Helvetica">›</text>`;
    case 'XCUIElementTypeTextField':
    case 'XCUIElementTypeSecureTextField':
      return `<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="8" fill="${node.enabled ? '#ffffff' : '#e5e5ea'}" stroke="#c7c7cc"/>${textBlock(x + 10, y + 8, width - 20, node.value || node.label || '', 16, node.value ? '#1c1c1e' : '#8e8e93')}`;
    case 'XCUIElementTypeImage':
      if (node.name === 'FaceIDGlyph') return faceIdGlyph(centre, y + height / 2);
      if (node.name === 'TouchIDGlyph') return touchIdGlyph(centre, y + height / 2);
      return `<circle cx="${centre}" cy="${y + height / 2}" r="${height / 2 - 4}" fill="#34c759"/><text x="${centre}" y="${y + height / 2 + 14}" font-size="40" fill="#fff" text-anchor="middle" font-family="Helvetica">✓</text>`;
    case 'XCUIElementTypeActivityIndicator':
      return `<circle cx="${centre}" cy="${y + height / 2}" r="14" fill="none" stroke="#8e8e93" stroke-width="4" stroke-dasharray="60 30"/>`;
    case 'XCUIElementTypeOther':
      if (node.name === 'Viewfinder')
        return `<rect x="0" y="${y}" width="${x * 2 + width}" height="${height}" fill="#111"/>`;
      return '';
    case 'XCUIElementTypeStaticText': {
      const title = /Title|Result/.test(node.name ?? '') || inAlert;
      const size = title && !inAlert ? 24 : 16;
      return textBlock(
        inAlert ? centre : x,
        y,
        width,
        node.label ?? node.value ?? '',
        size,
        node.name === 'ChallengeResponse' ? '#0a84ff' : ink,
        title ? 700 : 400,
        inAlert ? 'middle' : 'start',
      );
    }
    default:
      return '';
  }
}

/** The last screenshot of each phone and what it was drawn from: the same screen is not drawn twice. */
const lastScreenshot = new WeakMap<SimulatedIPhone, { drawing: string; scan: unknown; png: Buffer }>();

/**
 * The screen as a device screenshots it: in pixels, the profile's points times its scale (an
 * iPhone SE's 375x667 points are 750x1334 pixels), while element rects stay in points.
 */
export async function renderScreenshot(device: SimulatedIPhone): Promise<Buffer> {
  const root = renderTree(device);
  const { width, height, scale } = device.profile.screen;
  const appName = root.name ?? '';
  const dark = appName === 'SpringBoard' || appName === 'Camera';
  const [window, ...overlays] = root.children;
  const parts: string[] = [];
  for (const node of window?.children ?? []) {
    if (node.name === 'ChallengeResponse') {
      parts.push(textBlock(node.rect.x, node.rect.y, node.rect.width, node.label ?? '', 14, '#8e8e93'));
      parts.push(
        textBlock(node.rect.x, node.rect.y + 18, node.rect.width, node.value ?? '', 30, '#0a84ff', 700),
      );
      continue;
    }
    parts.push(drawNode(node, false, dark));
  }
  const overlayParts: string[] = [];
  for (const overlay of overlays) {
    const { x, y, width: w, height: h } = overlay.rect;
    if (overlay.type === 'XCUIElementTypeAlert') {
      overlayParts.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="rgba(0,0,0,0.4)"/>`);
      overlayParts.push(`<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="14" fill="#f2f2f7"/>`);
      for (const child of overlay.children) overlayParts.push(drawNode(child, true, false));
    } else {
      overlayParts.push(
        `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="18" fill="rgba(245,245,247,0.96)" stroke="#d1d1d6"/>`,
      );
      overlayParts.push(
        `<rect x="${x + 12}" y="${y + 15}" width="40" height="40" rx="9" fill="${BANNER_ICON_COLOURS[overlay.value ?? ''] ?? '#d81222'}"/>`,
      );
      overlayParts.push(textBlock(x + 62, y + 14, w - 74, overlay.label ?? '', 15, '#1c1c1e', 600));
    }
  }
  const clock = device.now().toISOString().slice(11, 16);
  const statusInk = dark ? '#ffffff' : '#1c1c1e';
  // Drawn in points, rasterised in pixels: the viewBox is the screen in points. The wallpaper's
  // gradient runs top to bottom: a diagonal one takes librsvg twice as long at 3x.
  const svgOpen = `<svg xmlns="http://www.w3.org/2000/svg" width="${width * scale}" height="${height * scale}" viewBox="0 0 ${width} ${height}">`;
  const base = `${svgOpen}
    <defs><linearGradient id="wallpaper" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#1e3c72"/><stop offset="1" stop-color="#6a3093"/></linearGradient></defs>
    <rect width="${width}" height="${height}" fill="${BACKGROUNDS[appName] ?? '#ffffff'}"/>
    ${parts.join('\n')}
    <text x="28" y="34" font-size="16" font-weight="600" fill="${statusInk}" font-family="Helvetica">${clock}</text>
    <text x="${width - 28}" y="34" font-size="14" fill="${statusInk}" text-anchor="end" font-family="Helvetica">${device.settings.airplaneMode ? '✈' : '5G'} ▮</text>`;
  const overlay = overlayParts.join('\n');
  const viewfinder = window?.children.find((node) => node.name === 'Viewfinder');
  const scan = viewfinder && device.camera.side === 'back' ? device.camera.lastScan : undefined;
  const drawing = `${base}</svg>${overlay}`;
  const cached = lastScreenshot.get(device);
  if (cached && cached.drawing === drawing && cached.scan === scan) return cached.png;
  let png: Buffer;
  if (!scan || !viewfinder) {
    // Without a camera picture between them, the overlays are drawn in the same pass.
    png = await sharp(Buffer.from(`${base}${overlay}</svg>`))
      .png({ compressionLevel: 1 })
      .toBuffer();
  } else {
    const { frame } = scan;
    const picture = await sharp(frame.data, {
      raw: { width: frame.width, height: frame.height, channels: 4 },
    })
      .resize(width * scale, Math.round(viewfinder.rect.height * scale), { fit: 'cover' })
      .png({ compressionLevel: 0 })
      .toBuffer();
    const layers: OverlayOptions[] = [
      { input: picture, left: 0, top: Math.round(viewfinder.rect.y * scale) },
    ];
    if (overlay) layers.push({ input: Buffer.from(`${svgOpen}${overlay}</svg>`), left: 0, top: 0 });
    png = await sharp(Buffer.from(`${base}</svg>`))
      .composite(layers)
      .png({ compressionLevel: 1 })
      .toBuffer();
  }
  lastScreenshot.set(device, { drawing, scan, png });
  return png;
}

/** A part of a screenshot: the rect in points, cut from the pixels (W3C Take Element Screenshot). */
export async function cropScreenshot(
  screenshot: Buffer,
  rect: { x: number; y: number; width: number; height: number },
  scale: number,
): Promise<Buffer> {
  const image = sharp(screenshot);
  const { width = 0, height = 0 } = await image.metadata();
  const left = Math.min(Math.max(0, Math.round(rect.x * scale)), width - 1);
  const top = Math.min(Math.max(0, Math.round(rect.y * scale)), height - 1);
  const right = Math.min(width, Math.max(left + 1, Math.round((rect.x + rect.width) * scale)));
  const bottom = Math.min(height, Math.max(top + 1, Math.round((rect.y + rect.height) * scale)));
  return image
    .extract({ left, top, width: right - left, height: bottom - top })
    .png({ compressionLevel: 1 })
    .toBuffer();
}
