import { describe, expect, it } from 'vitest';
import { HackBridgeError } from '../../src/common/index.js';
import { createRateLimiter } from '../../src/service/index.js';

describe('rate limiter', () => {
  it('allows a burst of the per-minute figure, then refuses with the wait in seconds', () => {
    let now = 0;
    const limiter = createRateLimiter('run', 3, () => now);
    for (let i = 0; i < 3; i++) limiter.take('u1');
    try {
      limiter.take('u1');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(HackBridgeError);
      expect((e as HackBridgeError).code).toBe('HB_RATE_LIMITED');
      expect((e as HackBridgeError).statusCode).toBe(429);
      expect((e as HackBridgeError).details['retryAfterS']).toBe(20);
    }
    now += 20_000; // one token back after 60 s / 3
    expect(() => limiter.take('u1')).not.toThrow();
    expect(() => limiter.take('u1')).toThrow(HackBridgeError);
  });

  it('keeps one budget per user', () => {
    const limiter = createRateLimiter('run', 1, () => 0);
    limiter.take('a');
    expect(() => limiter.take('b')).not.toThrow();
    expect(() => limiter.take('a')).toThrow(HackBridgeError);
  });

  it('is off at 0', () => {
    const limiter = createRateLimiter('run', 0, () => 0);
    for (let i = 0; i < 1000; i++) limiter.take('a');
  });
});
