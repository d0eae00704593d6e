import { describe, expect, it } from "vitest";
import { DEFAULT_BACKOFF, nextAttemptAt, retryDelay } from "../../../src/server/automations/backoff";
import { settle } from "../../../src/server/automations/delivery-outcome";

const HOUR = 3_600_000;

describe("backoff", () => {
  it("waits 1 s, 2 s, 4 s … doubling to an hour, never longer", () => {
    const delays = [1, 2, 3, 4, 12, 13, 40, 1_000].map((attempt) => retryDelay(attempt, DEFAULT_BACKOFF, 0));
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 2_048_000, HOUR, HOUR, HOUR]);
  });

  it("takes up to a quarter off at random, so that one outage's retries spread out", () => {
    expect(retryDelay(3, DEFAULT_BACKOFF, 0.999_999)).toBe(3_000);
    expect(retryDelay(3, DEFAULT_BACKOFF, 0.5)).toBe(3_500);
    expect(retryDelay(20, DEFAULT_BACKOFF, 0.999_999) / HOUR).toBeCloseTo(0.75, 5);
  });

  it("retries for at least a day from the first attempt, then gives up", () => {
    const start = 1_000_000;
    let now = start;
    let attempts = 0;
    for (;;) {
      attempts++;
      const next = nextAttemptAt(attempts, start, now, DEFAULT_BACKOFF, 0.999_999);
      if (next === undefined) break;
      now = next;
    }
    expect(now - start).toBeGreaterThanOrEqual(24 * HOUR);
    expect(now - start).toBeLessThan(25 * HOUR);
    // The shortest delays make the most attempts: about a day's worth at three quarters of an hour each.
    expect(attempts).toBeGreaterThan(30);
    expect(attempts).toBeLessThan(50);
  });
});

describe("an attempt's outcome", () => {
  const delivery = { attempts: 1, startedAt: 0 };
  it("delivers on any 2xx", () => {
    for (const status of [200, 202, 204, 299])
      expect(settle({ status }, delivery, 10, DEFAULT_BACKOFF, 0).state).toBe("delivered");
  });

  it("retries other answers, network errors and timeouts a second later at first", () => {
    for (const answer of [{ status: 500 }, { status: 301 }, { status: 404 }, { status: 429 }, { error: "timeout" }]) {
      expect(settle(answer, delivery, 10, DEFAULT_BACKOFF, 0)).toMatchObject({
        state: "pending",
        nextAttemptAt: 1_010,
      });
    }
    expect(settle({ error: "x".repeat(2_000) }, delivery, 10, DEFAULT_BACKOFF, 0).lastError).toHaveLength(500);
  });

  it("fails on 410 Gone and disables the endpoint; fails anything else after a day", () => {
    expect(settle({ status: 410 }, delivery, 10, DEFAULT_BACKOFF, 0)).toEqual({
      state: "failed",
      lastStatus: 410,
      lastError: null,
      disableEndpoint: true,
    });
    expect(settle({ status: 503 }, { attempts: 40, startedAt: 0 }, 24 * HOUR, DEFAULT_BACKOFF, 0)).toEqual({
      state: "failed",
      lastStatus: 503,
      lastError: null,
      disableEndpoint: false,
    });
  });
});
