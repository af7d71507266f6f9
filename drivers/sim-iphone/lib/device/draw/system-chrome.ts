// What iOS draws on every screen: the status bar (the lab clock's time, signal, 5G or the
// airplane, battery) laid out round the Dynamic Island or the notch, the cut-out itself, and the
// home indicator on phones without a Home button.

import type { SimulatedIPhone } from '../device.ts';
import { FONT_FAMILY } from './font.ts';

function signal(x: number, y: number, ink: string): string {
  return [0, 1, 2, 3]
    .map(
      (bar) =>
        `<rect x="${x + bar * 4.5}" y="${y - 3 - bar * 2.3}" width="3" height="${3 + bar * 2.3}" rx="0.8" fill="${ink}"/>`,
    )
    .join('');
}

function battery(x: number, y: number, ink: string): string {
  return `<rect x="${x}" y="${y - 10}" width="24" height="12" rx="3.5" fill="none" stroke="${ink}" stroke-opacity="0.45"/><rect x="${x + 2}" y="${y - 8}" width="17" height="8" rx="1.8" fill="${ink}"/><rect x="${x + 25}" y="${y - 6}" width="1.6" height="4" rx="0.8" fill="${ink}" fill-opacity="0.45"/>`;
}

function airplane(x: number, y: number, ink: string): string {
  return `<path d="M${x + 8} ${y - 12} L${x + 9.5} ${y - 6} L${x + 16} ${y - 3} L${x + 9.5} ${y - 3.5} L${x + 9} ${y + 1} L${x + 11} ${y + 2.5} L${x + 5} ${y + 2.5} L${x + 7} ${y + 1} L${x + 6.5} ${y - 3.5} L${x} ${y - 3} L${x + 6.5} ${y - 6} Z" fill="${ink}"/>`;
}

/** The status bar over the screen, in this ink (white over the wallpaper and the camera). */
export function statusBar(device: SimulatedIPhone, ink: string): string {
  const { width } = device.profile.screen;
  const time = device.now().toISOString().slice(11, 16);
  const cutout = device.profile.cutout;
  const network = device.settings.airplaneMode
    ? airplane
    : (x: number, y: number, fill: string) =>
        `${signal(x, y, fill)}<text x="${x + 20}" y="${y}" font-family="${FONT_FAMILY}" font-weight="bold" font-size="13" fill="${fill}">5G</text>`;
  if (cutout === 'none') {
    // A Home button phone: signal at the left, the time in the middle, the battery at the right.
    const y = 15;
    return `${network(6, y, ink)}<text x="${width / 2}" y="${y}" font-family="${FONT_FAMILY}" font-weight="bold" font-size="12" fill="${ink}" text-anchor="middle">${time}</text>${battery(width - 33, y, ink)}`;
  }
  // Round the cut-out: the time centred in the left ear, the icons in the right one.
  const y = cutout === 'dynamicIsland' ? 37 : 32;
  const earWidth = cutout === 'dynamicIsland' ? (width - 125) / 2 : (width - 209) / 2;
  return `<text x="${earWidth / 2}" y="${y}" font-family="${FONT_FAMILY}" font-weight="bold" font-size="16" fill="${ink}" text-anchor="middle">${time}</text>${network(width - earWidth / 2 - 34, y - 1, ink)}${battery(width - earWidth / 2 + 6, y - 1, ink)}`;
}

/** The Dynamic Island or the notch, as the display shows them: black. */
export function cutoutShape(device: SimulatedIPhone): string {
  const { width } = device.profile.screen;
  if (device.profile.cutout === 'dynamicIsland')
    return `<rect x="${(width - 125) / 2}" y="11" width="125" height="37" rx="18.5" fill="#000"/>`;
  if (device.profile.cutout === 'notch') {
    const left = (width - 209) / 2;
    return `<path d="M${left - 6} 0 Q${left} 0 ${left} 6 V14 Q${left} 30 ${left + 20} 30 H${left + 189} Q${left + 209} 30 ${left + 209} 14 V6 Q${left + 209} 0 ${left + 215} 0 Z" fill="#000"/>`;
  }
  return '';
}

/** The home indicator: the bar at the bottom of a phone without a Home button. */
export function homeIndicator(device: SimulatedIPhone, ink: string): string {
  if (!device.profile.insets.bottom) return '';
  const { width, height } = device.profile.screen;
  return `<rect x="${(width - 134) / 2}" y="${height - 13}" width="134" height="5" rx="2.5" fill="${ink}"/>`;
}
