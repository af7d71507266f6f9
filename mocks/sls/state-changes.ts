// Tells waiting requests that the server's state may have changed: a write committed, or the lab
// clock moved. The portal's status polls hold on it (long poll, `Prefer: wait=N`) so a page learns
// of an activation or a push answer at once instead of at its next poll. A waiter always looks
// again itself; a notice only says "look now", so writes made by another process are still seen at
// the waiter's next periodic look.

export class StateChanges {
  #waiters = new Set<() => void>();
  #closed = false;

  /** Wakes every waiter. */
  notify(): void {
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const wake of waiters) wake();
  }

  /** Resolves at the next notice, after `ms`, when `signal` aborts, or at once once closed. */
  nextChange(ms: number, signal?: AbortSignal): Promise<void> {
    if (this.#closed || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', wake);
        this.#waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, Math.max(0, ms));
      signal?.addEventListener('abort', wake, { once: true });
      this.#waiters.add(wake);
    });
  }

  /** A stopping server answers its waiting polls now rather than holding its close for them. */
  close(): void {
    this.#closed = true;
    this.notify();
  }

  get closed(): boolean {
    return this.#closed;
  }

  get waiting(): number {
    return this.#waiters.size;
  }
}

/** The wait a request asks for with RFC 7240's `Prefer: wait=N` (seconds), capped; 0 when none. */
export function preferredWaitMs(prefer: string | string[] | undefined, capSeconds: number): number {
  const header = Array.isArray(prefer) ? prefer.join(',') : (prefer ?? '');
  const match = /(?:^|[,;\s])wait\s*=\s*"?(\d{1,6})"?/i.exec(header);
  if (!match) return 0;
  return Math.min(Number(match[1]), capSeconds) * 1000;
}
