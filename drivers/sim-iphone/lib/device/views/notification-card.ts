// A notification as iOS shows it in a banner and in Notification Center: the app's icon, its name
// and the time on the first line, the title in bold, the body cut after two lines with an
// ellipsis, or in full once the notification is held (a long press expands it).

import type { DeliveredNotification, SimulatedIPhone } from '../device.ts';
import { textWidth } from '../draw/font.ts';
import { APP_NAMES, MESSAGES_BUNDLE_ID } from '../screens.ts';
import { TYPE } from './ios-parts.ts';
import { type Rect, textBlockHeight } from './node-builder.ts';

export const CARD_PADDING = 14;
export const CARD_ICON = 38;
const TEXT_LEFT = CARD_PADDING + CARD_ICON + 10;
/** Lines of body a notification shows before it is expanded. */
const COLLAPSED_BODY_LINES = 2;

/** The notifications whose full text is shown, per phone (held down once, as iOS expands them). */
const expanded = new WeakMap<SimulatedIPhone, Set<number>>();

export function expandNotification(device: SimulatedIPhone, id: number): void {
  let ids = expanded.get(device);
  if (!ids) {
    ids = new Set();
    expanded.set(device, ids);
  }
  ids.add(id);
  device.transcript.add('notification', `notification ${id} expanded (long press)`);
}

export function isExpanded(device: SimulatedIPhone, id: number): boolean {
  return expanded.get(device)?.has(id) ?? false;
}

/** The card's lines as the renderer draws them and the text-fit test checks them. */
export interface CardText {
  appName: string;
  /** The app's icon (draw/icons.ts). */
  icon: string;
  time: string;
  title: string;
  body: string;
  bodyLines: number | undefined;
}

export function cardText(device: SimulatedIPhone, notification: DeliveredNotification): CardText {
  return {
    appName: APP_NAMES[notification.bundleId] ?? notification.bundleId,
    icon: notification.bundleId === MESSAGES_BUNDLE_ID ? 'messages' : 'ibkr',
    time: timeAgo(device, notification.receivedAt),
    title: notification.title,
    body: notification.body,
    bodyLines: isExpanded(device, notification.id) ? undefined : COLLAPSED_BODY_LINES,
  };
}

/** iOS writes "now" for the first minute, then "2m ago" / "il y a 2 min", then the time. */
function timeAgo(device: SimulatedIPhone, receivedAt: string): string {
  const minutes = Math.floor((device.now().getTime() - Date.parse(receivedAt)) / 60_000);
  if (minutes < 1) return device.text('now');
  if (minutes < 60) return device.text('minutesAgo', { minutes: String(minutes) });
  return receivedAt.slice(11, 16);
}

/** Where each part of a card of this width goes (relative to the card), and its height. */
export function cardLayout(text: CardText, width: number) {
  const textWidthRoom = width - TEXT_LEFT - CARD_PADDING;
  const timeWidth = Math.ceil(textWidth(text.time, TYPE.footnote.size)) + 2;
  const header: Rect = {
    x: TEXT_LEFT,
    y: CARD_PADDING - 2,
    width: textWidthRoom - timeWidth - 8,
    height: 18,
  };
  const time: Rect = { x: width - CARD_PADDING - timeWidth, y: header.y, width: timeWidth, height: 18 };
  const titleStyle = { ...TYPE.subheadline, weight: 'bold' as const, maxLines: 1 };
  const title: Rect = {
    x: TEXT_LEFT,
    y: header.y + header.height,
    width: textWidthRoom,
    height: text.title ? textBlockHeight(text.title, textWidthRoom, titleStyle) : 0,
  };
  const bodyStyle = { ...TYPE.subheadline, maxLines: text.bodyLines };
  const body: Rect = {
    x: TEXT_LEFT,
    y: title.y + title.height,
    width: textWidthRoom,
    height: text.body ? textBlockHeight(text.body, textWidthRoom, bodyStyle) : 0,
  };
  const height = Math.max(CARD_PADDING * 2 + CARD_ICON, body.y + body.height + CARD_PADDING - 2);
  const icon: Rect = { x: CARD_PADDING, y: (height - CARD_ICON) / 2, width: CARD_ICON, height: CARD_ICON };
  return {
    header,
    time,
    title,
    body,
    icon,
    height,
    styles: {
      header: { ...TYPE.footnote, weight: 'bold' as const, maxLines: 1, colour: '#3c3c43' },
      time: { ...TYPE.footnote, maxLines: 1, colour: '#6e6e73', align: 'end' as const },
      title: { ...titleStyle, colour: '#000000' },
      body: { ...bodyStyle, colour: '#000000' },
    },
  };
}
