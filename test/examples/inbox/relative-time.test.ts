import { describe, expect, it } from "vitest";
import { exactTime, relativeTime } from "../../../examples/inbox/relative-time.mjs";

const NOW = Date.UTC(2025, 2, 12, 14, 5, 9);
const ago = (ms: number) => relativeTime(NOW - ms, NOW, "UTC");
const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;

describe("relativeTime", () => {
  it("says just now for the last 45 s, and for a clock slightly ahead", () => {
    expect(ago(0)).toBe("just now");
    expect(ago(44 * S)).toBe("just now");
    expect(ago(-5 * S)).toBe("just now");
  });

  it("counts minutes, then hours, rounded", () => {
    expect(ago(45 * S)).toBe("1 min ago");
    expect(ago(2 * MIN)).toBe("2 min ago");
    expect(ago(2 * MIN + 40 * S)).toBe("3 min ago");
    expect(ago(44 * MIN)).toBe("44 min ago");
    expect(ago(45 * MIN)).toBe("1 h ago");
    expect(ago(5 * H + 20 * MIN)).toBe("5 h ago");
  });

  it("says yesterday, then days, then the date (with the year when another)", () => {
    expect(ago(23 * H)).toBe("yesterday");
    expect(ago(2 * D)).toBe("2 days ago");
    expect(ago(6 * D)).toBe("6 days ago");
    expect(ago(7 * D)).toBe("5 Mar");
    expect(relativeTime(Date.UTC(2024, 11, 31, 12), NOW, "UTC")).toBe("31 Dec 2024");
  });

  it("never shows a raw number of milliseconds", () => {
    for (const span of [0, 50 * S, 3 * MIN, 2 * H, 30 * H, 3 * D, 400 * D]) expect(ago(span)).not.toMatch(/\d{5,}/);
  });
});

describe("exactTime", () => {
  it("gives the date and the time to the second, for a tooltip", () => {
    expect(exactTime(NOW, "UTC")).toBe("12 Mar 2025, 14:05:09");
  });
});
