// @vitest-environment node
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  MAX_EMAIL_LENGTH,
  MAX_PATTERN_LENGTH,
  matchesEmailPattern,
  patternProblem,
} from "../../../src/server/automations/email-pattern";

describe("email patterns", () => {
  it.each([
    ["*+billing@*", "contact+billing@company.com", true],
    ["*+billing@*", "contact@company.com", false],
    ["*+billing@*", "CONTACT+Billing@Company.COM", true],
    ["*+BILLING@*", "contact+billing@company.com", true],
    ["*+billing@*", "+billing@x", true],
    ["*+billing@*", "contact+billing-eu@company.com", false],
    ["*@company.com", "ada@company.com", true],
    ["*@company.com", "ada@company.com.evil.org", false],
    ["*@company.com", "  ada@company.com ", true],
    ["ada@*", "bob@ada.com", false],
    ["?@x.io", "a@x.io", true],
    ["?@x.io", "ab@x.io", false],
    ["?@x.io", "@x.io", false],
    ["?@x.io", "é@x.io", true],
    ["?@x.io", "😀@x.io", true],
    ["a*b*c", "abc", true],
    ["a*b*c", "aXXbYYc", true],
    ["a*b*c", "aXXcYYb", false],
    ["a**b", "ab", true],
    ["*", "", true],
    ["a.b@c", "aXb@c", false],
    ["[ab]@c", "[ab]@c", true],
    ["[ab]@c", "a@c", false],
  ])("%s against %s: %s", (pattern, email, expected) => {
    expect(matchesEmailPattern(pattern, email)).toBe(expected);
  });

  it("agrees with a regular expression of the same pattern on short inputs", () => {
    const text = fc.string({ unit: fc.constantFrom("a", "b", "@", "+"), maxLength: 12 });
    const pattern = fc.string({ unit: fc.constantFrom("a", "b", "@", "*", "?"), maxLength: 8 });
    fc.assert(
      fc.property(pattern, text, (p, t) => {
        const source = [...p].map((c) => (c === "*" ? ".*" : c === "?" ? "." : c)).join("");
        expect(matchesEmailPattern(p, t)).toBe(new RegExp(`^${source}$`, "su").test(t));
      }),
      { numRuns: 2_000 },
    );
  });

  it("matches no address longer than an email can be", () => {
    const local = "a".repeat(MAX_EMAIL_LENGTH - "@x.io".length);
    expect(matchesEmailPattern("*", `${local}@x.io`)).toBe(true);
    expect(matchesEmailPattern("*", `a${local}@x.io`)).toBe(false);
  });

  it.each([
    // As a regular expression, ^.*a.*a.* … b$ over a run of a's backtracks for minutes.
    ["a regular expression's worst", `${"*a".repeat(MAX_PATTERN_LENGTH / 2 - 1)}*b`],
    // This matcher's worst: each of the ~127 moves of the star re-reads 127 a's.
    ["this matcher's worst", `*${"a".repeat(MAX_EMAIL_LENGTH / 2)}b`],
  ])("answers %s pattern against a run of a's quickly: no backtracking blow-up", (_name, pattern) => {
    const email = "a".repeat(MAX_EMAIL_LENGTH);
    const start = performance.now();
    for (let round = 0; round < 10; round++) expect(matchesEmailPattern(pattern, email)).toBe(false);
    expect((performance.now() - start) / 10).toBeLessThan(50);
  });

  it("accepts 1 to 254 characters as a pattern and names what it expects otherwise", () => {
    expect(patternProblem("*+billing@*")).toBeUndefined();
    expect(patternProblem("x".repeat(MAX_PATTERN_LENGTH))).toBeUndefined();
    expect(patternProblem("x".repeat(MAX_PATTERN_LENGTH + 1))).toBe("1 to 254 characters");
    expect(patternProblem("")).toBe("1 to 254 characters");
    expect(patternProblem(42)).toBe('a string such as "*+billing@*"');
  });
});
