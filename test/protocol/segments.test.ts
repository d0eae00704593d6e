// @vitest-environment node
import { describe, expect, it } from "vitest";
import { checkSegments, describeSegmentProblem, MAX_SEGMENTS, normalizeSegment } from "../../src/protocol/segments";

describe("segment rules", () => {
  it("normalises to NFC and trims white space", () => {
    const decomposed = "Cafe\u0301"; // "e" + combining acute accent
    expect(normalizeSegment(`  ${decomposed}\t\n`)).toBe("Caf\u00e9");
    expect(checkSegments(["caf\u00e9", "cafe\u0301"])).toEqual({ ok: true, segments: ["caf\u00e9"] });
  });

  it("accepts 1 to 64 code points, counting an emoji as one", () => {
    expect(normalizeSegment("a")).toBe("a");
    expect(normalizeSegment("x".repeat(64))).toBe("x".repeat(64));
    expect(normalizeSegment("😀".repeat(64))).toBe("😀".repeat(64)); // 128 UTF-16 units, 64 code points
    expect(normalizeSegment("x".repeat(65))).toEqual({ expected: expect.stringContaining("1 to 64") });
    expect(normalizeSegment("😀".repeat(65))).toEqual({ expected: expect.stringContaining("1 to 64") });
    expect(normalizeSegment("")).toEqual({ expected: expect.stringContaining("1 to 64") });
    expect(normalizeSegment(" \t ")).toEqual({ expected: expect.stringContaining("1 to 64") });
    // Trimming happens before counting.
    expect(normalizeSegment(`  ${"x".repeat(64)}  `)).toBe("x".repeat(64));
  });

  it.each([
    ["U+0000", "a\u0000b"],
    ["U+001F", "a\u001fb"],
    ["U+007F", "a\u007fb"],
    ["U+0085 (not trimmed by JS)", "a\u0085"],
    ["U+009F", "a\u009fb"],
  ])("refuses the control character %s", (_name, value) => {
    expect(normalizeSegment(value)).toEqual({ expected: "no control characters" });
    expect(checkSegments(["ok", value])).toEqual({
      ok: false,
      problem: { value, index: 1, expected: "no control characters" },
    });
  });

  it("accepts characters just outside the control ranges", () => {
    expect(normalizeSegment("a\u0020b")).toBe("a b");
    expect(normalizeSegment("a\u00a0b")).toBe("a\u00a0b");
    expect(normalizeSegment("a\u007eb")).toBe("a~b");
  });

  it("keeps case: Lead and lead are two segments", () => {
    expect(checkSegments(["Lead", "lead", "LEAD"])).toEqual({ ok: true, segments: ["Lead", "lead", "LEAD"] });
  });

  it("drops exact duplicates, keeping first-seen order", () => {
    expect(checkSegments(["b", "a", " b ", "c", "a"])).toEqual({ ok: true, segments: ["b", "a", "c"] });
  });

  it("accepts 100 distinct segments, even with duplicates, and refuses 101", () => {
    const hundred = Array.from({ length: MAX_SEGMENTS }, (_, index) => `s${index}`);
    const withDuplicates = [...hundred, ...hundred];
    expect(checkSegments(withDuplicates)).toEqual({ ok: true, segments: hundred });
    const tooMany = [...hundred, "one more"];
    const check = checkSegments(tooMany);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problem).toEqual({ value: tooMany, index: -1, expected: "at most 100 distinct segments" });
  });

  it("names the first offending value and its index", () => {
    const check = checkSegments(["fine", 42, ""]);
    expect(check).toEqual({ ok: false, problem: { value: 42, index: 1, expected: "a string" } });
    if (check.ok) return;
    expect(describeSegmentProblem(check.problem)).toBe("segments[1] is 42; expected a string");
  });

  it("refuses what is not an array, naming it", () => {
    expect(checkSegments("lead")).toEqual({
      ok: false,
      problem: { value: "lead", index: -1, expected: "an array of segment strings" },
    });
    expect(checkSegments(null).ok).toBe(false);
  });

  it("accepts a single character outside ASCII, counted as one", () => {
    expect(normalizeSegment("é")).toBe("é");
    expect(normalizeSegment(" 😀 ")).toBe("😀");
    expect(checkSegments(["ü"])).toEqual({ ok: true, segments: ["ü"] });
  });

  it("describes a problem with the list itself without an index, under the list's name", () => {
    const check = checkSegments("lead");
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(describeSegmentProblem(check.problem)).toBe('segments is "lead"; expected an array of segment strings');
    expect(describeSegmentProblem(check.problem, "remove")).toBe(
      'remove is "lead"; expected an array of segment strings',
    );
    expect(describeSegmentProblem({ value: 7, index: 2, expected: "a string" }, "remove")).toBe(
      "remove[2] is 7; expected a string",
    );
  });
});
