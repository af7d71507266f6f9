// A screen's identity (render-png.ts currentScreen): it tells the lab's evidence whether the
// phone's picture changed, so it must change with everything the picture shows, and only then.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { gateImage } from '../../test-support/gate-image.ts';
import { simulatedPhone } from '../../test-support/simulated-phone.ts';
import { currentScreen } from './render-png.ts';

// The status bar shows the time to the minute: the wall clock stands still in these tests.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-30T10:00:10Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('currentScreen', () => {
  it('keeps its identity, and draws its picture once, while nothing on screen changes', async () => {
    const device = simulatedPhone();
    const first = currentScreen(device);
    const again = currentScreen(device);
    expect(again.id).toBe(first.id);
    expect(await again.png()).toBe(await first.png());
    expect((await first.png()).subarray(1, 4).toString()).toBe('PNG');
  });

  it('changes with the screen shown, the clock in the status bar, the scale, and a new camera picture', async () => {
    const device = simulatedPhone();
    const atHome = currentScreen(device).id;
    expect(currentScreen(device, 1).id).not.toBe(atHome);

    device.advanceClock(60);
    const aMinuteLater = currentScreen(device).id;
    expect(aMinuteLater).not.toBe(atHome);

    await device.launch('com.apple.camera');
    const camera = currentScreen(device).id;
    expect(camera).not.toBe(aMinuteLater);
    const gate = Buffer.from(await gateImage('https://127.0.0.1/ibkey/activate?s=AAAA&c=BBBB'), 'base64');
    await device.presentCameraFrame(gate, { distanceCm: 20 });
    const firstPicture = currentScreen(device).id;
    expect(firstPicture).not.toBe(camera);
    // The same image shown again is another picture from the camera, though it looks the same.
    await device.presentCameraFrame(gate, { distanceCm: 20 });
    expect(currentScreen(device).id).not.toBe(firstPicture);
  });
});
