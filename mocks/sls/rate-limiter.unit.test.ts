import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LabClock } from './lab-clock.ts';
import { RateLimiter, takeFromEach } from './rate-limiter.ts';

const limiter = (clock = new LabClock(), attempts = 3) => ({
  clock,
  limiter: new RateLimiter(clock, { attempts, windowSeconds: 60 }),
});

describe('RateLimiter', () => {
  it('takes attempts up to the limit at once, then says how long to wait', () => {
    const { limiter: limit } = limiter();
    const taken = [limit.take('k'), limit.take('k'), limit.take('k')];
    expect(taken.every((result) => 'taken' in result)).toBe(true);
    expect(limit.take('k')).toEqual({ retryAfter: expect.any(Number) });
    expect(limit.retryAfter('k')).toBeGreaterThan(0);
    expect(limit.take('other')).toHaveProperty('taken');
  });

  it('gives an attempt back once when it is released, and not to a later window', () => {
    const { clock, limiter: limit } = limiter();
    const first = limit.take('k');
    limit.take('k');
    limit.take('k');
    if (!('taken' in first)) throw new Error('the first attempt should have been taken');
    first.taken.release();
    first.taken.release();
    expect(limit.take('k')).toHaveProperty('taken');
    expect(limit.take('k')).toHaveProperty('retryAfter');

    const old = limit.take('j');
    clock.advance(60);
    limit.take('j');
    limit.take('j');
    limit.take('j');
    if ('taken' in old) old.taken.release();
    expect(limit.take('j')).toHaveProperty('retryAfter');
  });

  it('takes from several budgets all or none', () => {
    const { clock, limiter: small } = limiter(new LabClock(), 1);
    const large = new RateLimiter(clock, { attempts: 5, windowSeconds: 60 });
    expect(
      takeFromEach([
        [large, 'a'],
        [small, 'b'],
      ]),
    ).toHaveProperty('taken');
    expect(
      takeFromEach([
        [large, 'a'],
        [small, 'b'],
      ]),
    ).toEqual({ retryAfter: expect.any(Number) });
    // The refused attempt gave back what it had taken from the large budget: 4 remain there.
    for (let attempt = 0; attempt < 4; attempt += 1) expect(large.take('a')).toHaveProperty('taken');
    expect(large.take('a')).toHaveProperty('retryAfter');
  });
});

describe('RateLimiter waits', () => {
  // Real time stands still here, so that a second turning between two calls cannot change a wait.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-29T10:00:00.250Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('says exactly how many seconds are left in the window, and a new window starts when it ends', () => {
    const { clock, limiter: limit } = limiter();
    for (let attempt = 0; attempt < 3; attempt += 1) expect(limit.hit('k')).toBe(0);
    expect(limit.retryAfter('k')).toBe(60);
    clock.advance(20);
    expect(limit.take('k')).toEqual({ retryAfter: 40 });
    expect(limit.retryAfter('k')).toBe(40);
    clock.advance(39);
    expect(limit.hit('k')).toBe(1);
    clock.advance(1);
    expect(limit.retryAfter('k')).toBe(0);
    expect(limit.take('k')).toHaveProperty('taken');
  });

  it('never says to wait less than a second, nor anything for a key below its limit or unknown', () => {
    const clock = new LabClock();
    const limit = new RateLimiter(clock, { attempts: 2, windowSeconds: 1 });
    expect(limit.retryAfter('unknown')).toBe(0);
    limit.hit('k');
    expect(limit.retryAfter('k')).toBe(0);
    limit.hit('k');
    expect(limit.hit('k')).toBe(1);
  });

  it('counts hits for good and forgets a key on reset', () => {
    const { limiter: limit } = limiter();
    limit.hit('k');
    limit.hit('k');
    limit.hit('k');
    expect(limit.hit('k')).toBe(60);
    limit.reset('k');
    expect(limit.retryAfter('k')).toBe(0);
    expect(limit.hit('k')).toBe(0);
  });

  it('takes nothing from several budgets when two are used up, and names the longer wait', () => {
    const clock = new LabClock();
    const short = new RateLimiter(clock, { attempts: 1, windowSeconds: 10 });
    const long = new RateLimiter(clock, { attempts: 1, windowSeconds: 300 });
    const spare = new RateLimiter(clock, { attempts: 2, windowSeconds: 60 });
    short.hit('a');
    long.hit('b');
    const budgets: [RateLimiter, string][] = [
      [spare, 'c'],
      [short, 'a'],
      [long, 'b'],
    ];
    expect(takeFromEach(budgets)).toEqual({ retryAfter: 300 });
    expect(takeFromEach(budgets)).toEqual({ retryAfter: 300 });
    // Both refusals gave back what they took from the spare budget.
    expect(spare.hit('c')).toBe(0);
    expect(spare.hit('c')).toBe(0);
    expect(spare.hit('c')).toBe(60);
  });
});
