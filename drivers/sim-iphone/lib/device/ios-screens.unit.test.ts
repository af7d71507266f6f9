// What the iOS-drawn screens add to the phone's behaviour: Safari's Smart App Banner, a
// notification held to show its whole text, the passcode keypad that types, Settings' real path
// to a notification switch, and elements placed where they are drawn.

import { describe, expect, it } from 'vitest';
import { IBKR_BUNDLE_ID, IBKR_MOBILE } from '../../../../product/index.ts';
import { CATALOGUE, catalogueDevice } from '../../gallery/screen-catalogue.ts';
import type { SimulatedIPhone } from './device.ts';
import { renderTree, walk } from './element-tree.ts';
import { findNodes } from './locators.ts';
import { findProfile } from './profiles.ts';
import { drawnLayers } from './render-png.ts';
import { smartAppBannerOf } from './web.ts';

const iPhone15 = findProfile('iPhone 15 (Face ID)')!;

async function phoneShowing(name: string, locale: 'en-US' | 'fr-FR' = 'en-US'): Promise<SimulatedIPhone> {
  const device = catalogueDevice(iPhone15, locale);
  const entry = CATALOGUE.find((candidate) => candidate.name === name);
  if (!entry) throw new Error(`No catalogue entry "${name}".`);
  await entry.setUp(device);
  return device;
}

const node = (device: SimulatedIPhone, id: string) => {
  const found = findNodes(renderTree(device), 'accessibility id', id)[0];
  if (!found) throw new Error(`"${id}" is not on the ${device.screen} screen.`);
  return found;
};

describe('Safari Smart App Banner', () => {
  it.each([
    ['<meta name="apple-itunes-app" content="app-id=454558592, app-argument=https://x/y">', '454558592'],
    ["<META content='app-id=12' name='apple-itunes-app'>", '12'],
    ['<meta name="description" content="app-id=99">', undefined],
    ['<meta name="apple-itunes-app" content="affiliate-data=x">', undefined],
  ])('reads %s', (html, id) => {
    expect(smartAppBannerOf(`<html><head>${html}</head></html>`)).toBe(id);
  });

  it('offers VIEW (the App Store page) when the app is not installed, OPEN once it is', async () => {
    const device = await phoneShowing('Safari with a Smart App Banner', 'fr-FR');
    expect(node(device, 'SmartAppBannerButton').label).toBe('AFFICHER');
    device.install(IBKR_BUNDLE_ID);
    expect(node(device, 'SmartAppBannerButton').label).toBe('OUVRIR');
    expect(node(device, 'SmartAppBannerTitle').label).toBe(IBKR_MOBILE.name);
    await device.shutdown();
  });
});

describe('notifications', () => {
  it('a banner cuts the body after two lines; held, it shows the whole text and grows', async () => {
    const device = await phoneShowing('notification banner over the home screen');
    const before = node(device, 'NotificationBanner');
    expect(before.look?.card?.bodyLines).toBe(2);
    before.onLongPress?.();
    const after = node(device, 'NotificationBanner');
    expect(after.look?.card?.bodyLines).toBeUndefined();
    expect(after.rect.height).toBeGreaterThan(before.rect.height);
    expect(device.transcript.entries.at(-1)?.text).toMatch(/expanded \(long press\)/);
    await device.shutdown();
  });

  it('the home screen has no button for Notification Center', async () => {
    const device = await phoneShowing('home screen');
    expect(findNodes(renderTree(device), 'accessibility id', 'NotificationCenter')).toEqual([]);
    expect(findNodes(renderTree(device), 'class name', 'XCUIElementTypeButton')).toEqual([]);
    await device.shutdown();
  });
});

describe('passcode keypad', () => {
  it('types the digits tapped into the passcode field', async () => {
    const device = await phoneShowing('passcode keypad');
    const { overlays } = drawnLayers(device);
    const keypad = overlays.find((overlay) => overlay.key === 'alert/passcode')!;
    const key = (digit: string) =>
      [...walk(keypad)].map(([each]) => each).find((each) => each.name === digit)!;
    await key('7').onTap?.();
    await key('0').onTap?.();
    expect(device.prompt?.textField?.value).toBe('1270');
    await device.shutdown();
  });
});

describe('Settings', () => {
  it('Notifications > IBKR Mobile > Allow Notifications, with Back returning one page at a time', async () => {
    const device = await phoneShowing('Settings', 'fr-FR');
    await node(device, 'Notifications').onTap?.();
    expect(node(device, 'IBKR Mobile').look?.detail).toBe('Désactivées');
    await node(device, 'IBKR Mobile').onTap?.();
    const toggle = node(device, 'Allow Notifications');
    expect([toggle.label, toggle.value]).toEqual(['Autoriser les notifications', '0']);
    await toggle.onTap?.();
    expect(node(device, 'Allow Notifications').value).toBe('1');
    expect(node(device, 'Back').label).toBe('Notifications');
    await node(device, 'Back').onTap?.();
    expect(device.screen).toBe('settings.notifications');
    expect(node(device, 'IBKR Mobile').look?.detail).toBe('Bannières, sons, pastilles');
    await device.shutdown();
  });
});

describe('layout', () => {
  it.each([
    ['iPhone 15 (Face ID)', 59],
    ['iPhone SE (Touch ID)', 20],
    ['iPhone 11 (passcode only)', 48],
  ])('puts nothing tappable under the status bar of the %s (%d points)', async (profileName, statusBar) => {
    const device = catalogueDevice(findProfile(profileName)!, 'en-US');
    for (const screen of ['settings', 'ibkr.home', 'springboard'] as const) {
      device.screen = screen;
      for (const [each] of walk(renderTree(device)))
        if (each.onTap) expect(each.rect.y, `${screen}: ${each.name}`).toBeGreaterThanOrEqual(statusBar);
    }
    await device.shutdown();
  });
});
