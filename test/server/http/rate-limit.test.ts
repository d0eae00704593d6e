// @vitest-environment node
import { describe, expect, it } from "vitest";
import { createRateLimiter } from "../../../src/server/http/rate-limit";

describe("token bucket", () => {
  it("allows a burst, then one request per refill interval", () => {
    let now = 0;
    const limiter = createRateLimiter({ rate: 2, burst: 3 }, () => now);
    expect([1, 2, 3].map(() => limiter.take("k").ok)).toEqual([true, true, true]);
    expect(limiter.take("k")).toEqual({ ok: false, retryAfterSeconds: 1 });
    now += 500;
    expect(limiter.take("k").ok).toBe(true);
    expect(limiter.take("k").ok).toBe(false);
  });

  it("peeks at a key's decision without taking from its bucket", () => {
    let now = 0;
    const limiter = createRateLimiter({ rate: 1, burst: 2 }, () => now);
    expect(limiter.peek("k")).toEqual({ ok: true });
    expect(limiter.size).toBe(0);
    limiter.take("k");
    expect([1, 2, 3].map(() => limiter.peek("k").ok)).toEqual([true, true, true]);
    limiter.take("k");
    expect(limiter.peek("k")).toEqual({ ok: false, retryAfterSeconds: 1 });
    now += 1_000;
    expect(limiter.peek("k")).toEqual({ ok: true });
  });

  it("rounds Retry-After up to whole seconds", () => {
    let now = 0;
    const limiter = createRateLimiter({ rate: 0.1, burst: 1 }, () => now);
    limiter.take("k");
    expect(limiter.take("k")).toEqual({ ok: false, retryAfterSeconds: 10 });
    now += 9_500;
    expect(limiter.take("k")).toEqual({ ok: false, retryAfterSeconds: 1 });
  });

  it("is not drained by a clock that steps back", () => {
    let now = 10_000;
    const limiter = createRateLimiter({ rate: 1, burst: 1 }, () => now);
    expect(limiter.take("k").ok).toBe(true);
    now = 0;
    expect(limiter.take("k").ok).toBe(false);
    now = 1_000;
    expect(limiter.take("k").ok).toBe(true);
  });

  it("stays within its key bound under a flood of distinct keys", () => {
    let now = 0;
    const limiter = createRateLimiter({ rate: 1, burst: 5 }, () => now, 1_000);
    for (let index = 0; index < 10_000; index++) {
      limiter.take(`key-${index}`);
      now += 1;
    }
    expect(limiter.size).toBeLessThanOrEqual(1_000);
  });

  it("forgets idle keys first", () => {
    let now = 0;
    const limiter = createRateLimiter({ rate: 1, burst: 1 }, () => now, 10);
    // "busy" is the oldest key, so a bound that dropped the oldest first would forget it.
    limiter.take("busy");
    for (let index = 0; index < 9; index++) limiter.take(`idle-${index}`);
    now += 5_000;
    limiter.take("busy");
    limiter.take("new");
    expect(limiter.take("busy").ok).toBe(false);
  });

  it("refuses a meaningless limit", () => {
    expect(() => createRateLimiter({ rate: 0, burst: 1 }, () => 0)).toThrow(RangeError);
  });
});
