// Fixed-window attempt counters on the lab clock: advancing the clock past the window resets them.
// Counting and comparing happen in one synchronous step, so requests racing each other can never
// take more attempts than the limit allows, however long the work after the count takes.

import type { LabClock } from './lab-clock.ts';

export interface Limit {
  attempts: number;
  windowSeconds: number;
}

interface Window {
  startedAt: number;
  count: number;
}

/** One attempt taken from a budget; release() gives it back when the attempt should not count. */
export interface TakenAttempt {
  release(): void;
}

export type TakeResult = { taken: TakenAttempt } | { retryAfter: number };

/** How many calls between two sweeps of windows that have passed (keys made by callers never come back). */
const SWEEP_EVERY = 1000;

export class RateLimiter {
  readonly #windows = new Map<string, Window>();
  #callsSinceSweep = 0;

  constructor(
    private readonly clock: LabClock,
    private readonly limit: Limit,
  ) {}

  /**
   * Takes one attempt from the key's budget now, before the slow work it guards, or says how many
   * seconds to wait when the budget is used up (then nothing is taken).
   */
  take(key: string): TakeResult {
    const now = this.clock.nowSeconds();
    this.#sweepNow(now);
    let window = this.#windows.get(key);
    if (!window || this.#passed(window, now)) {
      window = { startedAt: now, count: 0 };
      this.#windows.set(key, window);
    }
    if (window.count >= this.limit.attempts) return { retryAfter: this.#waitFor(window, now) };
    window.count += 1;
    const counted = window;
    let released = false;
    return {
      taken: {
        release: () => {
          // An attempt is given back once, and only to the window it was taken from.
          if (released) return;
          released = true;
          if (this.#windows.get(key) === counted && counted.count > 0) counted.count -= 1;
        },
      },
    };
  }

  /** Counts one attempt for good; returns the seconds to wait when the limit is already used up, else 0. */
  hit(key: string): number {
    const result = this.take(key);
    return 'retryAfter' in result ? result.retryAfter : 0;
  }

  /** Seconds to wait before the next attempt, without counting one. */
  retryAfter(key: string): number {
    const window = this.#windows.get(key);
    const now = this.clock.nowSeconds();
    if (!window || this.#passed(window, now) || window.count < this.limit.attempts) return 0;
    return this.#waitFor(window, now);
  }

  reset(key: string): void {
    this.#windows.delete(key);
  }

  #passed(window: Window, now: number): boolean {
    return now - window.startedAt >= this.limit.windowSeconds;
  }

  #waitFor(window: Window, now: number): number {
    return Math.max(1, window.startedAt + this.limit.windowSeconds - now);
  }

  #sweepNow(now: number): void {
    this.#callsSinceSweep += 1;
    if (this.#callsSinceSweep < SWEEP_EVERY) return;
    this.#callsSinceSweep = 0;
    for (const [key, window] of this.#windows) if (this.#passed(window, now)) this.#windows.delete(key);
  }
}

/**
 * Takes one attempt from each budget at once, or none: when one is used up, the ones already
 * taken are given back and the longest wait is returned.
 */
export function takeFromEach(
  budgets: [RateLimiter, string][],
): { taken: TakenAttempt[] } | { retryAfter: number } {
  const taken: TakenAttempt[] = [];
  let retryAfter = 0;
  for (const [limiter, key] of budgets) {
    const result = limiter.take(key);
    if ('taken' in result) taken.push(result.taken);
    else retryAfter = Math.max(retryAfter, result.retryAfter);
  }
  if (retryAfter === 0) return { taken };
  for (const attempt of taken) attempt.release();
  return { retryAfter };
}
