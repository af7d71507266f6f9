import { afterEach, describe, expect, it, vi } from 'vitest';
import { preferredWaitMs, StateChanges } from './state-changes.ts';

describe('Prefer: wait (RFC 7240)', () => {
  it.each([
    [undefined, 0],
    ['', 0],
    ['wait=5', 5000],
    ['respond-async, wait=3', 3000],
    ['wait="2"', 2000],
    ['wait=999999', 20_000],
    ['wait=soon', 0],
    ['handling=lenient', 0],
    [['return=minimal', 'wait=4'], 4000],
    [['wait=6'], 6000],
    ['wait = 7', 7000],
    ['nowait=5', 0],
    ['return=minimal;wait=8', 8000],
  ])('%j asks for %i ms', (header, ms) => {
    expect(preferredWaitMs(header as string | string[] | undefined, 20)).toBe(ms);
  });
});

describe('StateChanges', () => {
  it('wakes every waiter on a notice and forgets them', async () => {
    const changes = new StateChanges();
    const woken: number[] = [];
    const waits = [1, 2].map((n) => changes.nextChange(60_000).then(() => woken.push(n)));
    expect(changes.waiting).toBe(2);
    changes.notify();
    await Promise.all(waits);
    expect(woken.sort()).toEqual([1, 2]);
    expect(changes.waiting).toBe(0);
  });

  it('lets a waiter go when its time is up or its request is gone, and at once once closed', async () => {
    const changes = new StateChanges();
    await changes.nextChange(5);
    const gone = new AbortController();
    const waiting = changes.nextChange(60_000, gone.signal);
    gone.abort();
    await waiting;
    expect(changes.waiting).toBe(0);
    changes.close();
    expect(changes.closed).toBe(true);
    await changes.nextChange(60_000);
    expect(changes.waiting).toBe(0);
  });
});

describe('StateChanges timing', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('holds a waiter for exactly its time when nothing changes', async () => {
    vi.useFakeTimers();
    const changes = new StateChanges();
    let woken = false;
    const waiting = changes.nextChange(30_000).then(() => {
      woken = true;
    });
    await vi.advanceTimersByTimeAsync(29_999);
    expect(woken).toBe(false);
    expect(changes.waiting).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(woken).toBe(true);
    expect(changes.waiting).toBe(0);
  });

  it('lets a waiter with no time left go at once', async () => {
    vi.useFakeTimers();
    const changes = new StateChanges();
    const waiting = changes.nextChange(-5);
    await vi.advanceTimersByTimeAsync(0);
    await waiting;
    expect(changes.waiting).toBe(0);
  });
});
