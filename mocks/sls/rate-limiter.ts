// Fixed-window attempt counters on the lab clock: advancing the clock past the window resets them.

import type { LabClock } from './lab-clock.ts';

export interface Limit {
  attempts: number;
  windowSeconds: number;
}

export class RateLimiter {
  readonly #windows = new Map<string, { startedAt: number; count: number }>();

  constructor(
    private readonly clock: LabClock,
    private readonly limit: Limit,
  ) {}

  /** Counts one attempt; returns the seconds to wait when the limit is already used up, else 0. */
  hit(key: string): number {
    const now = this.clock.nowSeconds();
    let window = this.#windows.get(key);
    if (!window || now - window.startedAt >= this.limit.windowSeconds) {
      window = { startedAt: now, count: 0 };
      this.#windows.set(key, window);
    }
    if (window.count >= this.limit.attempts) {
      return Math.max(1, window.startedAt + this.limit.windowSeconds - now);
    }
    window.count += 1;
    return 0;
  }

  /** Seconds to wait before the next attempt, without counting one. */
  retryAfter(key: string): number {
    const window = this.#windows.get(key);
    const now = this.clock.nowSeconds();
    if (!window || now - window.startedAt >= this.limit.windowSeconds || window.count < this.limit.attempts)
      return 0;
    return Math.max(1, window.startedAt + this.limit.windowSeconds - now);
  }

  reset(key: string): void {
    this.#windows.delete(key);
  }
}
