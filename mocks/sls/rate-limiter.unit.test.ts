import { describe, expect, it } from 'vitest';
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
