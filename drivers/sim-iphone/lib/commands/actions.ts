// W3C Actions with a finger, as XCUITest passes them to WDA: the driver makes every pointer a
// touch and drops zero pauses; WDA refuses what it cannot synthesise with an unknown error and
// its sentence. A sequence is read as one gesture: a tap, a long press (held >= 500 ms of action
// time, computed, not waited) or a swipe, and applied to what is under the finger at that point.

import { errors } from 'appium/driver.js';
import { W3C_ELEMENT_KEY } from '../../../../common/index.ts';
import { type ElementNode, tapNode } from '../device/element-tree.ts';
import { TreeFacts } from '../device/locators.ts';
import type { SimIPhoneDriver } from '../driver.ts';

/** UILongPressGestureRecognizer's default minimumPressDuration. */
const LONG_PRESS_MS = 500;
/** Further than this (points) between down and up, the touch is a swipe rather than a tap. */
const TAP_SLOP = 10;
/** Status-bar and home-indicator strips where the system gestures start. */
const TOP_EDGE = 44;
const BOTTOM_EDGE = 34;

interface ActionItem {
  type?: unknown;
  x?: unknown;
  y?: unknown;
  origin?: unknown;
  duration?: unknown;
  button?: unknown;
  value?: unknown;
}

interface ActionSequence {
  type?: unknown;
  id?: unknown;
  parameters?: { pointerType?: unknown };
  actions?: unknown;
}

interface Point {
  x: number;
  y: number;
}

export interface Gesture {
  kind: 'tap' | 'longPress' | 'swipe';
  from: Point;
  to: Point;
  heldMs: number;
}

/** WDA's refusals are unknown errors carrying its description. */
function refuse(sentence: string): never {
  throw new errors.UnknownError(sentence);
}

function number(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    refuse(`${what} must be a number, not ${JSON.stringify(value)}.`);
  return value as number;
}

/** Reads one finger's sequence into the gesture it makes, checking it as WDA does. */
function gestureOf(driver: SimIPhoneDriver, sequence: ActionSequence, facts: TreeFacts): Gesture | undefined {
  const id = String(sequence.id ?? '');
  const items = (Array.isArray(sequence.actions) ? (sequence.actions as ActionItem[]) : []).filter(
    (item) => !(item?.type === 'pause' && (item.duration === 0 || item.duration === undefined)),
  );
  if (items.length === 0)
    refuse(
      `It is mandatory to have at least one gesture item defined for each action. Action with id '${id}' contains none.`,
    );
  let position: Point | undefined;
  let down: { at: number; point: Point } | undefined;
  let gesture: Gesture | undefined;
  let clock = 0;
  for (const item of items) {
    switch (item.type) {
      case 'pause':
        clock += number(item.duration, `The duration of a pause in '${id}'`);
        break;
      case 'pointerMove': {
        position = target(driver, item, position, facts, id);
        if (item.duration !== undefined)
          clock += number(item.duration, `The duration of a pointerMove in '${id}'`);
        break;
      }
      case 'pointerDown':
        if (!position)
          refuse(`The 'pointerDown' action item must be preceded by pointerMove item in '${id}'.`);
        down = { at: clock, point: position! };
        break;
      case 'pointerUp': {
        if (!down || !position) refuse(`Pointer Up must not be the first action in '${id}'.`);
        const heldMs = clock - down!.at;
        const distance = Math.hypot(position!.x - down!.point.x, position!.y - down!.point.y);
        gesture = {
          kind: distance > TAP_SLOP ? 'swipe' : heldMs >= LONG_PRESS_MS ? 'longPress' : 'tap',
          from: down!.point,
          to: position!,
          heldMs,
        };
        down = undefined;
        break;
      }
      default:
        refuse(
          `'${id}' action item type '${String(item.type)}' is not supported. Only the following action item types are supported: pause, pointerUp, pointerDown, pointerMove.`,
        );
    }
  }
  if (down) refuse(`The finger of '${id}' is still down at the end: end the sequence with pointerUp.`);
  return gesture;
}

/** Where a pointerMove puts the finger: viewport coordinates, an element's centre or the last point, plus x/y. */
function target(
  driver: SimIPhoneDriver,
  item: ActionItem,
  previous: Point | undefined,
  facts: TreeFacts,
  id: string,
): Point {
  const origin = item.origin ?? 'viewport';
  if (origin === 'viewport') {
    if (item.x === undefined || item.y === undefined)
      refuse(`Both 'x' and 'y' options should be set for the pointerMove in '${id}'.`);
    return { x: number(item.x, 'x'), y: number(item.y, 'y') };
  }
  const dx = item.x === undefined ? 0 : number(item.x, 'x');
  const dy = item.y === undefined ? 0 : number(item.y, 'y');
  if (origin === 'pointer') {
    if (!previous)
      refuse(`There is no previous item for the pointerMove in '${id}', however origin is set to 'pointer'.`);
    return { x: previous!.x + dx, y: previous!.y + dy };
  }
  const elementId =
    typeof origin === 'string'
      ? origin
      : typeof origin === 'object' && origin !== null
        ? ((origin as Record<string, unknown>)[W3C_ELEMENT_KEY] ??
          (origin as Record<string, unknown>).ELEMENT)
        : undefined;
  if (typeof elementId !== 'string')
    refuse(
      `Unsupported origin type ${JSON.stringify(origin)} in '${id}'. Supported origin types: viewport, pointer or an element.`,
    );
  const node = driver.nodeOf(elementId as string, facts.root);
  if (!node.visible)
    refuse(`The element '${elementId}' is not visible on the screen and thus is not interactable.`);
  const { x, y, width, height } = node.rect;
  return { x: x + width / 2 + dx, y: y + height / 2 + dy };
}

/** The element a finger at that point works: the touched element or the nearest ancestor that reacts. */
function responderAt(point: Point, facts: TreeFacts): ElementNode | undefined {
  for (let node = facts.elementAt(point.x, point.y); node; node = facts.parent(node))
    if (node.onTap) return node;
  return undefined;
}

async function apply(driver: SimIPhoneDriver, gesture: Gesture, facts: TreeFacts): Promise<void> {
  const phone = driver.phone();
  const { height } = phone.profile.screen;
  if (gesture.kind === 'swipe') {
    const dy = gesture.to.y - gesture.from.y;
    const vertical = Math.abs(dy) > Math.abs(gesture.to.x - gesture.from.x);
    // System gestures: down from the top edge pulls Notification Center, up from the bottom goes home.
    if (vertical && dy > 0 && gesture.from.y <= TOP_EDGE && !phone.prompt) phone.go('openNotificationCenter');
    else if (vertical && dy < 0 && gesture.from.y >= height - BOTTOM_EDGE && !phone.prompt) phone.pressHome();
    // Other swipes would scroll; the simulated screens fit the display, so nothing moves.
    return;
  }
  const responder = responderAt(gesture.from, facts);
  // A touch on something inert, disabled or under the alert's backdrop does nothing, without an error.
  if (!responder?.onTap || !responder.enabled) return;
  // Holding an app icon opens its context menu, which the simulated home screen does not have.
  if (gesture.kind === 'longPress' && responder.type === 'XCUIElementTypeIcon') return;
  // Holding a notification (banner or Notification Center) expands it to its whole text.
  if (gesture.kind === 'longPress' && responder.onLongPress) {
    responder.onLongPress();
    return;
  }
  // The same way in as an element click, so the phone reacts to both alike.
  await driver.onDevice(() => tapNode(responder, facts.root));
}

export const actionCommands = {
  /** W3C Perform Actions: each pointer sequence is one finger's gesture, applied in order. */
  async performActions(this: SimIPhoneDriver, actions: ActionSequence[]): Promise<void> {
    if (!Array.isArray(actions)) refuse('actions must be a list of action sequences.');
    const facts = new TreeFacts(this.tree());
    const gestures: Gesture[] = [];
    for (const sequence of actions) {
      const id = String(sequence?.id ?? '');
      if (sequence?.type === 'key') {
        const items = Array.isArray(sequence.actions) ? (sequence.actions as ActionItem[]) : [];
        if (items.some((item) => item?.type !== 'pause'))
          refuse(
            `Key actions in '${id}' type on a hardware keyboard, which the simulated iPhone has not: type into a text field with its value (setValue).`,
          );
        continue;
      }
      if (sequence?.type !== 'pointer')
        refuse(
          `Only actions of pointer, key types are supported. '${String(sequence?.type)}' is given instead for action with id '${id}'.`,
        );
      const gesture = gestureOf(this, sequence, facts);
      if (gesture) gestures.push(gesture);
    }
    if (gestures.length > 1)
      refuse(
        `${gestures.length} fingers at once (a pinch or rotation) are not simulated: the simulated iPhone takes one finger's gesture per action.`,
      );
    if (gestures[0]) await apply(this, gestures[0], facts);
  },
  /** XCUITest: "On this platform, releaseActions is a no-op". */
  async releaseActions(this: SimIPhoneDriver): Promise<void> {},
};
