// The lab clock: it only moves forward, tells its listeners when it does, and every TTL reads it.

import { describe, expect, it } from 'vitest';
import { addSeconds, LabClock } from './lab-clock.ts';

describe('LabClock', () => {
  it('starts at the real time and moves forward by whole and fractional seconds', () => {
    const clock = new LabClock();
    const before = Date.now();
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(before);
    expect(clock.now().getTime()).toBeLessThanOrEqual(Date.now());
    expect(clock.offsetSeconds).toBe(0);

    const justBefore = Date.now();
    const moved = clock.advance(90.5);
    const justAfter = Date.now();
    expect(clock.offsetSeconds).toBe(90.5);
    expect(moved.getTime()).toBeGreaterThanOrEqual(justBefore + 90_500);
    expect(moved.getTime()).toBeLessThanOrEqual(justAfter + 90_500);
    clock.advance(10);
    expect(clock.offsetSeconds).toBe(100.5);
  });

  it('gives whole Unix seconds, rounded down', () => {
    const clock = new LabClock();
    clock.advance(0.999);
    const seconds = clock.nowSeconds();
    expect(Number.isInteger(seconds)).toBe(true);
    expect(seconds).toBe(Math.floor(clock.now().getTime() / 1000));
  });

  it('tells every listener each time it moves, after it has moved', () => {
    const clock = new LabClock();
    const heard: number[] = [];
    clock.onAdvance(() => heard.push(clock.offsetSeconds));
    clock.onAdvance(() => heard.push(-clock.offsetSeconds));
    clock.advance(5);
    clock.advance(0);
    expect(heard).toEqual([5, -5, 5, -5]);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses to move by %d seconds, with a sentence',
    (seconds) => {
      const clock = new LabClock();
      let told = false;
      clock.onAdvance(() => {
        told = true;
      });
      expect(() => clock.advance(seconds)).toThrow(
        `The lab clock only moves forward: seconds must be a number >= 0, got ${seconds}`,
      );
      expect(clock.offsetSeconds).toBe(0);
      expect(told).toBe(false);
    },
  );
});

describe('addSeconds', () => {
  it('adds seconds to a date without changing it', () => {
    const start = new Date('2026-11-29T10:00:00.000Z');
    expect(addSeconds(start, 300).toISOString()).toBe('2026-11-29T10:05:00.000Z');
    expect(addSeconds(start, -1.5).toISOString()).toBe('2026-11-29T09:59:58.500Z');
    expect(start.toISOString()).toBe('2026-11-29T10:00:00.000Z');
  });
});
