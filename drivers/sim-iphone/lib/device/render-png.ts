// Draws the element tree as iOS draws the screen (SVG, then PNG with sharp), for screenshots and
// the sign-off report. Every element is drawn at its rect, so what a test taps by coordinates is
// what the picture shows there; the system's chrome (status bar, cut-out, home indicator) and each
// app's background come from the screen. The camera screen shows what the camera last saw.

import { createHash } from 'node:crypto';
import sharp, { type OverlayOptions } from 'sharp';
import { escapeMarkup } from '../../../../common/index.ts';
import { IBKR_BUNDLE_ID } from '../../../../product/index.ts';
import type { SimulatedIPhone } from './device.ts';
import { FONT_FAMILY, lineHeightOf, wrapLines } from './draw/font.ts';
import { appIcon, settingsIcon } from './draw/icons.ts';
import { cutoutShape, homeIndicator, statusBar } from './draw/system-chrome.ts';
import { type ElementNode, isSystemAlert, renderTree } from './element-tree.ts';
import { IBKR_COLOURS, IBKR_HEADER_HEIGHT } from './views/ibkr-mobile.ts';
import { COLOURS } from './views/ios-parts.ts';
import { messageRowParts } from './views/messages.ts';
import type { Rect, TextLook } from './views/node-builder.ts';
import { cardLayout } from './views/notification-card.ts';
import { alertNode, qrFrameRect } from './views/overlays.ts';
import { SMART_BANNER_HEIGHT, safariBarTop } from './views/safari.ts';
import { dockRect } from './views/springboard.ts';

const DARK_SCREENS = new Set(['springboard', 'notificationCenter', 'camera']);

/** One line of text per <text>; the baseline sits where the font's capitals centre in the line. */
export function drawText(rect: Rect, text: string, look: TextLook, centreVertically = false): string {
  const inset = look.inset ?? 0;
  const width = rect.width - 2 * inset;
  const lines = wrapLines(text, width, look);
  const lineHeight = lineHeightOf(look);
  const blockTop = centreVertically ? rect.y + (rect.height - lines.length * lineHeight) / 2 : rect.y + inset;
  const align = look.align ?? 'start';
  const x =
    align === 'middle'
      ? rect.x + rect.width / 2
      : align === 'end'
        ? rect.x + rect.width - inset
        : rect.x + inset;
  return lines
    .map((line, index) => {
      const baseline = blockTop + index * lineHeight + (lineHeight + look.size * 0.7) / 2;
      return `<text x="${x}" y="${round(baseline)}" font-family="${FONT_FAMILY}" font-size="${look.size}"${look.weight === 'bold' ? ' font-weight="bold"' : ''} fill="${look.colour ?? '#000'}"${align === 'start' ? '' : ` text-anchor="${align}"`}>${escapeMarkup(line)}</text>`;
    })
    .join('');
}

const round = (value: number) => Math.round(value * 10) / 10;

function faceIdGlyph(cx: number, cy: number, colour: string): string {
  const r = 26;
  const corner = (dx: number, dy: number) =>
    `<path d="M${cx + dx * r} ${cy + dy * (r - 10)} V${cy + dy * r} H${cx + dx * (r - 10)}" fill="none" stroke="${colour}" stroke-width="3.5" stroke-linecap="round"/>`;
  return `${corner(-1, -1)}${corner(1, -1)}${corner(-1, 1)}${corner(1, 1)}<path d="M${cx - 9} ${cy - 9} v5 M${cx + 9} ${cy - 9} v5 M${cx} ${cy - 8} v10 h-3" fill="none" stroke="${colour}" stroke-width="3" stroke-linecap="round"/><path d="M${cx - 10} ${cy + 10} Q${cx} ${cy + 17} ${cx + 10} ${cy + 10}" fill="none" stroke="${colour}" stroke-width="3" stroke-linecap="round"/>`;
}

function touchIdGlyph(cx: number, cy: number): string {
  return [7, 13, 19, 25]
    .map(
      (r) =>
        `<path d="M${cx - r} ${cy + r / 2} A${r} ${r} 0 1 1 ${cx + r} ${cy + r / 2}" fill="none" stroke="#ff2d55" stroke-width="2.6" stroke-linecap="round"/>`,
    )
    .join('');
}

function switchKnob(x: number, y: number, on: boolean): string {
  return `<rect x="${x}" y="${y}" width="51" height="31" rx="15.5" fill="${on ? '#34c759' : '#e9e9ea'}"/><circle cx="${on ? x + 35.5 : x + 15.5}" cy="${y + 15.5}" r="13.5" fill="#fff"/>`;
}

function chevron(x: number, y: number): string {
  return `<path d="M${x} ${y - 6} L${x + 6} ${y} L${x} ${y + 6}" fill="none" stroke="#c4c4c7" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/>`;
}

/** A rounded rect with only the top, only the bottom, all or none of its corners rounded. */
function groupShape(rect: Rect, first: boolean, last: boolean, fill: string): string {
  const { x, y, width: w, height: h } = rect;
  const r = 10;
  const top = first ? r : 0;
  const bottom = last ? r : 0;
  return `<path d="M${x} ${y + top} Q${x} ${y} ${x + top} ${y} H${x + w - top} Q${x + w} ${y} ${x + w} ${y + top} V${y + h - bottom} Q${x + w} ${y + h} ${x + w - bottom} ${y + h} H${x + bottom} Q${x} ${y + h} ${x} ${y + h - bottom} Z" fill="${fill}"/>`;
}

function notificationCard(node: ElementNode, dark: boolean): string {
  const card = node.look?.card;
  if (!card) return '';
  const { x, y, width, height } = node.rect;
  const layout = cardLayout(card, width);
  const at = (rect: Rect) => ({ ...rect, x: x + rect.x, y: y + rect.y });
  return `<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="22" fill="${dark ? 'rgba(250,250,252,0.86)' : 'rgba(246,246,248,0.97)'}"${dark ? '' : ' stroke="#d8d8dc" stroke-width="0.5"'}/>
    ${appIcon(card.icon, x + layout.icon.x, y + layout.icon.y, layout.icon.width)}
    ${drawText(at(layout.header), card.appName, layout.styles.header)}
    ${drawText(at(layout.time), card.time, layout.styles.time)}
    ${card.title ? drawText(at(layout.title), card.title, layout.styles.title) : ''}
    ${card.body ? drawText(at(layout.body), card.body, layout.styles.body) : ''}`;
}

function drawNode(node: ElementNode, dark: boolean): string {
  const { x, y, width, height } = node.rect;
  const look = node.look ?? {};
  const label = node.label ?? '';
  const text = look.text;
  const centre = x + width / 2;
  switch (look.as) {
    case 'hidden':
      return '';
    case 'appIcon': {
      const name =
        text && text.colour !== 'none'
          ? drawText({ x: x - 13, y: y + 64, width: width + 26, height: 16 }, label, {
              ...text,
              align: 'middle',
            })
          : '';
      return `${appIcon(look.icon, x, y, 60)}${name}`;
    }
    case 'groupedRow': {
      const parts = [groupShape(node.rect, look.first ?? false, look.last ?? false, '#ffffff')];
      let textLeft = x + 16;
      if (look.icon) {
        parts.push(settingsIcon(look.icon, x + 16, y + (height - 29) / 2));
        textLeft = x + 60;
      }
      if (!look.last)
        parts.push(
          `<rect x="${textLeft}" y="${y + height - 0.5}" width="${x + width - textLeft}" height="0.5" fill="${COLOURS.separator}"/>`,
        );
      const isSwitch = node.type === 'XCUIElementTypeSwitch';
      const right = x + width - (isSwitch ? 67 : node.onTap ? 32 : 16);
      parts.push(
        drawText(
          { x: textLeft, y, width: right - textLeft, height },
          label,
          { ...(text ?? { size: 17 }), maxLines: 1 },
          true,
        ),
      );
      if (isSwitch) parts.push(switchKnob(x + width - 67, y + (height - 31) / 2, node.value === '1'));
      else {
        if (look.detail)
          parts.push(
            drawText(
              { x: textLeft, y, width: right - textLeft - 4, height },
              look.detail,
              { size: 17, colour: COLOURS.secondaryLabel, align: 'end', maxLines: 1 },
              true,
            ),
          );
        if (node.onTap) parts.push(chevron(x + width - 24, y + height / 2));
      }
      return parts.join('');
    }
    case 'filledButton':
      return `<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="12" fill="${node.enabled ? look.tint : '#d8d8dc'}"/>${drawText(node.rect, label, text!, true)}`;
    case 'tintedButton':
      return `<rect x="${x + 0.75}" y="${y + 0.75}" width="${width - 1.5}" height="${height - 1.5}" rx="12" fill="#fff" stroke="${look.tint}" stroke-width="1.5"/>${drawText(node.rect, label, text!, true)}`;
    case 'pillButton': {
      if (look.icon) {
        // The camera's QR pill: yellow, the target app's icon, one line.
        return `<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="${height / 2}" fill="#ffd60a"/>${appIcon(look.icon, x + 8, y + 6, 24)}${drawText({ x: x + 40, y, width: width - 52, height }, label, { ...text!, colour: '#000' }, true)}`;
      }
      return `<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="${height / 2}" fill="${look.tint}"/>${drawText(node.rect, label, text!, true)}`;
    }
    case 'plainButton':
      return drawText(node.rect, label, text!, true);
    case 'navBack':
      return `<path d="M${x + 18} ${y + 12} L${x + 9} ${y + 22} L${x + 18} ${y + 32}" fill="none" stroke="${look.tint}" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/>${drawText({ x: x + 24, y, width: width - 24, height }, label, text!, true)}`;
    case 'keypadKey':
      return `<circle cx="${centre}" cy="${y + height / 2}" r="${width / 2}" fill="#e5e5ea"/><text x="${centre}" y="${y + height / 2 + 8}" font-family="${FONT_FAMILY}" font-size="34" fill="#000" text-anchor="middle">${escapeMarkup(label)}</text><text x="${centre}" y="${y + height / 2 + 24}" font-family="${FONT_FAMILY}" font-weight="bold" font-size="9" fill="#000" text-anchor="middle" letter-spacing="1.5">${look.detail ?? ''}</text>`;
    case 'passcodeDots': {
      // The passcode screen's six dots, filled as digits are typed.
      const typed = (node.value ?? '').length;
      return Array.from(
        { length: 6 },
        (_, index) =>
          `<circle cx="${x + 15 + index * 26}" cy="${y + 12}" r="6.5" fill="${index < typed ? '#000' : 'none'}" stroke="#000" stroke-width="1.2"/>`,
      ).join('');
    }
    case 'card':
      return notificationCard(node, dark);
    case 'messageRow':
      return `<rect x="${x}" y="${y}" width="${width}" height="${height}" fill="#fff"/><rect x="${x}" y="${y + height - 0.5}" width="${width}" height="0.5" fill="${COLOURS.separator}"/>${messageRowParts(
        node,
      )
        .map((part) => drawText(part.box, part.text, part.style))
        .join('')}`;
  }
  switch (node.type) {
    case 'XCUIElementTypeStaticText':
      if (node.name === 'ChallengeResponse')
        return `${drawText({ x, y, width, height: 18 }, label, { size: 13, colour: IBKR_COLOURS.body })}${drawText({ x, y: y + 20, width, height: 44 }, node.value ?? '', text ?? { size: 30 })}`;
      return drawText(
        node.rect,
        label || node.value || '',
        text ?? { size: 17, colour: dark ? '#fff' : '#000' },
      );
    case 'XCUIElementTypeTextField':
    case 'XCUIElementTypeSecureTextField': {
      if (node.name === 'URL')
        return `<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="12" fill="#fff" stroke="#d8d8dc" stroke-width="0.5"/>${drawText(node.rect, node.value ?? '', text ?? { size: 17 }, true)}`;
      const shown = node.value || node.label || '';
      return `<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="10" fill="${node.enabled ? IBKR_COLOURS.field : '#e5e5ea'}" stroke="#d8d8dc"/>${drawText({ x: x + 12, y, width: width - 24, height }, shown, { size: 17, colour: node.value ? '#000' : '#8a8a8e', maxLines: 1 }, true)}`;
    }
    case 'XCUIElementTypeImage':
      if (node.name === 'FaceIDGlyph') return faceIdGlyph(centre, y + height / 2, COLOURS.tint);
      if (node.name === 'TouchIDGlyph') return touchIdGlyph(centre, y + height / 2 + 4);
      if (node.name === 'ProductIcon') return appIcon('ibkr', x, y, width);
      return `<circle cx="${centre}" cy="${y + height / 2}" r="${height / 2 - 4}" fill="#34c759"/><path d="M${centre - 16} ${y + height / 2} l11 11 l21 -23" fill="none" stroke="#fff" stroke-width="6" stroke-linecap="round" stroke-linejoin="round"/>`;
    case 'XCUIElementTypeActivityIndicator':
      return Array.from({ length: 8 }, (_, index) => {
        const angle = (index * Math.PI) / 4;
        const cx = centre;
        const cy = y + height / 2;
        return `<line x1="${round(cx + Math.cos(angle) * 7)}" y1="${round(cy + Math.sin(angle) * 7)}" x2="${round(cx + Math.cos(angle) * 13)}" y2="${round(cy + Math.sin(angle) * 13)}" stroke="#8a8a8e" stroke-opacity="${0.25 + index * 0.09}" stroke-width="3" stroke-linecap="round"/>`;
      }).join('');
    case 'XCUIElementTypeProgressIndicator': {
      const percent = Number.parseInt(node.value ?? '0', 10) || 0;
      const r = width / 2 - 2;
      const circumference = 2 * Math.PI * r;
      return `<circle cx="${centre}" cy="${y + height / 2}" r="${r}" fill="none" stroke="#e5e5ea" stroke-width="3"/><circle cx="${centre}" cy="${y + height / 2}" r="${r}" fill="none" stroke="${COLOURS.tint}" stroke-width="3" stroke-dasharray="${round((circumference * percent) / 100)} ${round(circumference)}" transform="rotate(-90 ${centre} ${y + height / 2})"/><rect x="${centre - 4}" y="${y + height / 2 - 4}" width="8" height="8" rx="1.5" fill="${COLOURS.tint}"/>`;
    }
    default:
      return '';
  }
}

/** What a screen has behind its elements: the wallpaper, a background colour, an app's bars. */
function background(device: SimulatedIPhone, window: ElementNode | undefined): string {
  const { width, height } = device.profile.screen;
  const screen = device.screen;
  if (screen === 'springboard' || screen === 'notificationCenter') {
    const dimmed =
      screen === 'notificationCenter'
        ? `<rect width="${width}" height="${height}" fill="#000" fill-opacity="0.25"/>`
        : '';
    const dock = screen === 'springboard' ? dockRect(device) : undefined;
    const panel = dock
      ? `<rect x="${dock.x}" y="${dock.y}" width="${dock.width}" height="${dock.height}" rx="${device.profile.insets.bottom ? 32 : 0}" fill="#ffffff" fill-opacity="0.3"/>`
      : '';
    const dots =
      screen === 'springboard' && dock
        ? `<circle cx="${width / 2 - 5}" cy="${dock.y - 16}" r="3.5" fill="#fff"/><circle cx="${width / 2 + 5}" cy="${dock.y - 16}" r="3.5" fill="#fff" fill-opacity="0.45"/>`
        : '';
    return `<rect width="${width}" height="${height}" fill="url(#wallpaper)"/>${dimmed}${panel}${dots}`;
  }
  if (screen === 'camera') {
    const control = (name: string) => window?.children.find((node) => node.name === name)?.rect;
    const shutter = control('PhotoCapture');
    const switcher = control('FrontBackFacingCameraChooser');
    const parts = [`<rect width="${width}" height="${height}" fill="#000"/>`];
    if (shutter) {
      const cx = shutter.x + shutter.width / 2;
      const cy = shutter.y + shutter.height / 2;
      parts.push(
        `<circle cx="${cx}" cy="${cy}" r="34" fill="none" stroke="#fff" stroke-width="4"/><circle cx="${cx}" cy="${cy}" r="28" fill="#fff"/>`,
      );
      parts.push(
        `<text x="${cx}" y="${shutter.y - 12}" font-family="${FONT_FAMILY}" font-weight="bold" font-size="13" fill="#ffd60a" text-anchor="middle">PHOTO</text>`,
      );
    }
    if (switcher) {
      const cx = switcher.x + switcher.width / 2;
      const cy = switcher.y + switcher.height / 2;
      parts.push(
        `<circle cx="${cx}" cy="${cy}" r="22" fill="#2c2c2e"/><path d="M${cx - 9} ${cy - 2} A9 9 0 0 1 ${cx + 8} ${cy - 5} M${cx + 9} ${cy + 2} A9 9 0 0 1 ${cx - 8} ${cy + 5}" fill="none" stroke="#fff" stroke-width="2.2" stroke-linecap="round"/>`,
      );
    }
    return parts.join('');
  }
  if (screen.startsWith('settings') || screen === 'messages')
    return `<rect width="${width}" height="${height}" fill="${screen === 'messages' ? '#fff' : COLOURS.groupedBackground}"/>`;
  if (screen === 'safari') {
    const barTop = safariBarTop(device);
    const page = `<rect width="${width}" height="${height}" fill="#fff"/><rect y="${barTop}" width="${width}" height="${height - barTop}" fill="#f7f7f8"/><rect y="${barTop}" width="${width}" height="0.5" fill="#c6c6c8"/>`;
    if (!device.safari.smartAppBannerId) return page;
    // The Smart App Banner: its close cross, the app's icon; its name and button are elements.
    const top = device.profile.insets.top;
    const bottom = top + SMART_BANNER_HEIGHT;
    return `${page}<rect y="0" width="${width}" height="${bottom}" fill="#f7f7f8"/><rect y="${bottom - 0.5}" width="${width}" height="0.5" fill="#c6c6c8"/><path d="M12 ${top + 36} l8 8 M20 ${top + 36} l-8 8" stroke="#8a8a8e" stroke-width="1.6" stroke-linecap="round"/>${appIcon('ibkr', 38, top + (SMART_BANNER_HEIGHT - 57) / 2, 57)}`;
  }
  if (device.foregroundApp === IBKR_BUNDLE_ID || screen.startsWith('ibkr')) {
    const headerBottom = device.profile.insets.top + IBKR_HEADER_HEIGHT;
    return `<rect width="${width}" height="${height}" fill="#fff"/><rect width="${width}" height="${headerBottom}" fill="${IBKR_COLOURS.red}"/><text x="20" y="${headerBottom - 17}" font-family="${FONT_FAMILY}" font-weight="bold" font-size="22" fill="#fff">IBKR</text><text x="76" y="${headerBottom - 17}" font-family="${FONT_FAMILY}" font-size="17" fill="#fff">Mobile</text>`;
  }
  return `<rect width="${width}" height="${height}" fill="#fff"/>`;
}

function overlayLayer(device: SimulatedIPhone, overlays: ElementNode[]): string {
  const { width, height } = device.profile.screen;
  const parts: string[] = [];
  for (const overlay of overlays) {
    if (overlay.type === 'XCUIElementTypeAlert') {
      const { x, y, width: w, height: h } = overlay.rect;
      const passcode = overlay.key === 'alert/passcode';
      if (passcode)
        parts.push(`<rect width="${width}" height="${height}" fill="#f2f2f7" fill-opacity="0.97"/>`);
      else {
        parts.push(`<rect width="${width}" height="${height}" fill="#000" fill-opacity="0.2"/>`);
        parts.push(
          `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="14" fill="#f2f2f4" fill-opacity="0.98"/>`,
        );
      }
      for (const child of overlay.children) {
        if (!passcode && child.type === 'XCUIElementTypeButton') {
          // Hairlines between the buttons, as UIAlertController draws them.
          const r = child.rect;
          parts.push(`<rect x="${r.x}" y="${r.y}" width="${r.width}" height="0.5" fill="#c6c6c8"/>`);
          if (r.x > x + 1)
            parts.push(`<rect x="${r.x}" y="${r.y}" width="0.5" height="${r.height}" fill="#c6c6c8"/>`);
        }
        parts.push(drawNode(child, false));
      }
    } else parts.push(drawNode(overlay, DARK_SCREENS.has(device.screen)));
  }
  return parts.join('');
}

/** The last screen of each phone and what it was drawn from: the same screen is not drawn twice. */
const lastScreen = new WeakMap<
  SimulatedIPhone,
  { drawing: string; scan: unknown; scale: number; id: string; png?: Promise<Buffer> }
>();

/** Each camera picture's number, for a screen's identity (the picture itself is not hashed). */
const scanNumbers = new WeakMap<object, number>();
let scansNumbered = 0;

function scanNumberOf(scan: object | undefined): number {
  if (!scan) return 0;
  let number = scanNumbers.get(scan);
  if (number === undefined) {
    scansNumbered += 1;
    number = scansNumbered;
    scanNumbers.set(scan, number);
  }
  return number;
}

/** What is on screen, bottom to top: the app's window, then its banner and alerts, and SpringBoard's alert. */
export function drawnLayers(device: SimulatedIPhone): {
  window: ElementNode | undefined;
  overlays: ElementNode[];
} {
  const root = renderTree(device);
  const { width, height } = device.profile.screen;
  const [window, ...appOverlays] = root.children;
  // SpringBoard's alerts are not in the app's tree (respectSystemAlerts off), but they are on screen.
  const prompt = device.prompt;
  const overlays =
    prompt && isSystemAlert(prompt.kind) ? [...appOverlays, alertNode(device, width, height)] : appOverlays;
  return { window, overlays };
}

/** The whole screen as SVG in points, with where the camera's picture goes (if it shows one). */
export function screenDrawing(
  device: SimulatedIPhone,
  scale = device.profile.screen.scale,
): {
  svgOpen: string;
  base: string;
  overlay: string;
  viewfinder?: Rect;
} {
  const { width, height } = device.profile.screen;
  const dark = DARK_SCREENS.has(device.screen);
  const { window, overlays } = drawnLayers(device);
  const passcodeUp = overlays.some((node) => node.key === 'alert/passcode');
  // White over the dark screens and IBKR Mobile's red header; black over the passcode screen.
  const ink = !passcodeUp && (dark || device.foregroundApp === IBKR_BUNDLE_ID) ? '#ffffff' : '#000000';
  const content = (window?.children ?? []).map((node) => drawNode(node, dark)).join('');
  const svgOpen = `<svg xmlns="http://www.w3.org/2000/svg" width="${width * scale}" height="${height * scale}" viewBox="0 0 ${width} ${height}">`;
  // The wallpaper's gradient runs top to bottom: a diagonal one takes librsvg twice as long at 3x.
  const base = `<defs><linearGradient id="wallpaper" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#2b4c8c"/><stop offset="0.55" stop-color="#5a4a9c"/><stop offset="1" stop-color="#c06c84"/></linearGradient></defs>${background(device, window)}${content}`;
  const framed =
    device.screen === 'camera' &&
    device.camera.side === 'back' &&
    device.camera.lastScan?.ok &&
    device.settings.scanQrCodes;
  const f = framed ? qrFrameRect(device) : undefined;
  const scanFrame = f
    ? `<rect x="${f.x}" y="${f.y}" width="${f.width}" height="${f.height}" rx="14" fill="none" stroke="#ffd60a" stroke-width="3"/>`
    : '';
  const chrome = `${statusBar(device, ink)}${cutoutShape(device)}${homeIndicator(device, ink)}`;
  const overlay = `${scanFrame}${overlayLayer(device, overlays)}${chrome}`;
  const viewfinder = window?.children.find((node) => node.name === 'Viewfinder')?.rect;
  return { svgOpen, base, overlay, viewfinder };
}

/** The screen as it is now: an identity that changes when what it shows changes, and its picture. */
export interface Screen {
  readonly id: string;
  png(): Promise<Buffer>;
}

/**
 * The screen as a device screenshots it: in pixels, the profile's points times its scale (an
 * iPhone SE's 375x667 points are 750x1334 pixels), while element rects stay in points. Another
 * scale (the lab's screenshotScale setting) draws the same screen with fewer pixels. Its picture
 * is drawn only when asked for, and once per screen.
 */
export function currentScreen(device: SimulatedIPhone, scale = device.profile.screen.scale): Screen {
  const { svgOpen, base, overlay, viewfinder } = screenDrawing(device, scale);
  const scan = viewfinder && device.camera.side === 'back' ? device.camera.lastScan : undefined;
  const drawing = `${base}</svg>${overlay}`;
  const cached = lastScreen.get(device);
  const screen =
    cached && cached.drawing === drawing && cached.scan === scan && cached.scale === scale
      ? cached
      : {
          drawing,
          scan,
          scale,
          id: createHash('sha1')
            .update(`${scale}|${scanNumberOf(scan)}|${drawing}`)
            .digest('hex'),
        };
  lastScreen.set(device, screen);
  return {
    id: screen.id,
    png() {
      screen.png ??= drawPng(device, scale, { svgOpen, base, overlay, viewfinder }, scan).catch((error) => {
        screen.png = undefined;
        throw error;
      });
      return screen.png;
    },
  };
}

/** The screen's picture now (W3C Take Screenshot, the gallery). */
export function renderScreenshot(
  device: SimulatedIPhone,
  scale = device.profile.screen.scale,
): Promise<Buffer> {
  return currentScreen(device, scale).png();
}

async function drawPng(
  device: SimulatedIPhone,
  scale: number,
  { svgOpen, base, overlay, viewfinder }: ReturnType<typeof screenDrawing>,
  scan: SimulatedIPhone['camera']['lastScan'],
): Promise<Buffer> {
  const { width } = device.profile.screen;
  if (!scan || !viewfinder) {
    // Without a camera picture between them, the overlays are drawn in the same pass.
    return sharp(Buffer.from(`${svgOpen}${base}${overlay}</svg>`))
      .png({ compressionLevel: 1 })
      .toBuffer();
  }
  const { frame } = scan;
  const picture = await sharp(frame.data, {
    raw: { width: frame.width, height: frame.height, channels: 4 },
  })
    .resize(width * scale, Math.round(viewfinder.height * scale), { fit: 'cover' })
    .png({ compressionLevel: 0 })
    .toBuffer();
  const layers: OverlayOptions[] = [{ input: picture, left: 0, top: Math.round(viewfinder.y * scale) }];
  layers.push({ input: Buffer.from(`${svgOpen}${overlay}</svg>`), left: 0, top: 0 });
  return sharp(Buffer.from(`${svgOpen}${base}</svg>`))
    .composite(layers)
    .png({ compressionLevel: 1 })
    .toBuffer();
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
