// The lab clock: real time plus an offset a scenario can advance, so a QR or a login request
// can be aged past its expiry in zero wall time. Every TTL on the server reads this clock.

export class LabClock {
  #offsetMs = 0;
  readonly #onAdvance = new Set<() => void>();

  /** Calls `listener` each time the clock moves forward (things may have expired). */
  onAdvance(listener: () => void): void {
    this.#onAdvance.add(listener);
  }

  now(): Date {
    return new Date(Date.now() + this.#offsetMs);
  }

  nowSeconds(): number {
    return Math.floor(this.now().getTime() / 1000);
  }

  /** Moves the clock forward; it never goes back, so expired things stay expired. */
  advance(seconds: number): Date {
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw new RangeError(`The lab clock only moves forward: seconds must be a number >= 0, got ${seconds}`);
    }
    this.#offsetMs += seconds * 1000;
    for (const listener of this.#onAdvance) listener();
    return this.now();
  }

  get offsetSeconds(): number {
    return this.#offsetMs / 1000;
  }
}

export function addSeconds(date: Date, seconds: number): Date {
  return new Date(date.getTime() + seconds * 1000);
}
