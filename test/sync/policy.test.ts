// @vitest-environment node
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffDelay, DEFAULT_BACKOFF, jitter, retryAfterMs, verdict } from "../../src/sync/policy";

describe("backoff", () => {
  it("doubles from the base delay and stops at the cap", () => {
    const policy = { baseMs: 100, capMs: 1_000 };
    expect([1, 2, 3, 4, 5, 6, 50, 10_000].map((attempt) => backoffDelay(attempt, policy))).toEqual([
      100, 200, 400, 800, 1_000, 1_000, 1_000, 1_000,
    ]);
    expect(backoffDelay(0, policy)).toBe(100);
  });

  it("never decreases and never passes the cap, for any attempt", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (attempt) => {
        const delay = backoffDelay(attempt);
        expect(delay).toBeGreaterThanOrEqual(backoffDelay(attempt - 1));
        expect(delay).toBeLessThanOrEqual(DEFAULT_BACKOFF.capMs);
        expect(Number.isFinite(delay)).toBe(true);
      }),
    );
  });

  it("jitter stays within [delay/2, delay]", () => {
    expect(jitter(1_000, () => 0)).toBe(500);
    expect(jitter(1_000, () => 0.999999)).toBeCloseTo(1_000, 2);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60_000 }), (delay) => {
        const value = jitter(delay);
        expect(value).toBeGreaterThanOrEqual(delay / 2);
        expect(value).toBeLessThanOrEqual(delay);
      }),
    );
  });

  it("jitter actually spreads clients out", () => {
    const values = new Set(Array.from({ length: 50 }, () => jitter(10_000)));
    expect(values.size).toBeGreaterThan(10);
  });
});

describe("Retry-After", () => {
  const now = Date.parse("2030-05-01T12:00:00Z");

  it("reads seconds", () => {
    expect(retryAfterMs("1", now)).toBe(1_000);
    expect(retryAfterMs(" 120 ", now)).toBe(120_000);
    expect(retryAfterMs("0", now)).toBe(0);
    expect(retryAfterMs("1.5", now)).toBe(1_500);
    expect(retryAfterMs("2.25", now)).toBe(2_250);
  });

  it("reads HTTP dates, past ones as 0", () => {
    expect(retryAfterMs("Wed, 01 May 2030 12:00:30 GMT", now)).toBe(30_000);
    expect(retryAfterMs(new Date(now + 5_000).toUTCString(), now)).toBe(5_000);
    expect(retryAfterMs("Tue, 30 Apr 2030 12:00:00 GMT", now)).toBe(0);
  });

  it.each([null, undefined, "", "soon", "1e3x", "Funday", "-5", "abc 12"])("gives null for %j", (header) => {
    expect(retryAfterMs(header, now)).toBeNull();
  });

  // Date.parse reads each of these as the year 3600: obeyed, the SDK would never send again.
  it.each(["-3600", "3600Z"])(
    "gives null for %j, a number that is no date, rather than wait for centuries",
    (header) => {
      expect(retryAfterMs(header, now)).toBeNull();
    },
  );

  it("gives null for a date that cannot be, rather than a wait of NaN", () => {
    expect(retryAfterMs("Wed, 01 May 2030 25:00:00 GMT", now)).toBeNull();
  });
});

describe("verdict per status", () => {
  it.each([
    [200, "ok"],
    [204, "ok"],
    [400, "drop"],
    [413, "drop"],
    [403, "stop"],
    [404, "stop"],
    [401, "drop"],
    [409, "drop"],
    [422, "drop"],
    [429, "later"],
    [408, "later"],
    [500, "later"],
    [503, "later"],
    [599, "later"],
    // A redirect fetch does not follow is no acknowledgement: the service did not take the change.
    [300, "drop"],
    [304, "drop"],
  ])("%i is %s", (status, expected) => {
    expect(verdict(status)).toBe(expected);
  });
});
