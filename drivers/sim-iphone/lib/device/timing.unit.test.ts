// The phone's timing as a session asks for it: realistic unless told otherwise, its delays
// scaled, none with instant timing, and a sentence for what is not a timing.

import { describe, expect, it } from 'vitest';
import { CapabilityError, timingFrom } from '../capabilities.ts';
import { REALISTIC_DELAYS_MS, Timing } from './timing.ts';

describe('the phone’s timing', () => {
  it('is realistic by default, with the delays at scale 1', () => {
    const timing = timingFrom();
    expect(timing.realistic).toBe(true);
    expect(timing.ms('alert')).toBe(REALISTIC_DELAYS_MS.alert);
    expect(timing.ms('launch')).toBeGreaterThan(timing.ms('animation'));
  });

  it('scales every delay, and has none when instant (a device built directly is instant)', () => {
    expect(timingFrom('realistic', 2).ms('install')).toBe(2 * REALISTIC_DELAYS_MS.install);
    for (const kind of Object.keys(REALISTIC_DELAYS_MS) as (keyof typeof REALISTIC_DELAYS_MS)[]) {
      expect(timingFrom('instant').ms(kind)).toBe(0);
      expect(new Timing().ms(kind)).toBe(0);
    }
  });

  it('refuses what is not a timing or a scale, with a sentence naming the capability', () => {
    expect(() => timingFrom('slow')).toThrow(
      new CapabilityError(
        'appium:timing "slow" is not a timing of the simulated iPhone; use one of: realistic, instant.',
      ),
    );
    expect(() => timingFrom('realistic', 0)).toThrow(
      /appium:timingScale must be a number from 0.1 to 10 \(it multiplies the realistic delays\), not 0\./,
    );
    expect(() => timingFrom('realistic', Number.NaN)).toThrow(/appium:timingScale must be a number/);
  });
});
