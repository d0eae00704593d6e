import { describe, expect, it } from "vitest";
import { normalizeApiOptions } from "../../src/api/options";

const VALID = { baseUrl: "http://127.0.0.1:8787", identifier: "ops", key: "k".repeat(24) };

describe("client options", () => {
  it("normalises the base URL to end in one slash, with defaults for the rest", () => {
    const config = normalizeApiOptions({ ...VALID, baseUrl: "https://segments.example/base//" });
    expect(config).toMatchObject({ baseUrl: "https://segments.example/base/", retryLimit: 2, timeoutMs: 10_000 });
    expect(normalizeApiOptions(VALID).baseUrl).toBe("http://127.0.0.1:8787/");
  });

  it.each([
    [{ baseUrl: "127.0.0.1:8787" }, /baseUrl is "127.0.0.1:8787"; expected an absolute http\(s\) URL/],
    [{ baseUrl: "ftp://x.example" }, /baseUrl is "ftp:\/\/x.example"/],
    [{ baseUrl: "https://x.example/?a=1" }, /without query/],
    [{ baseUrl: "https://ops:secret@x.example" }, /expected a URL without user name or password/],
    [{ identifier: "a:b" }, /identifier is "a:b"; expected a non-empty string without a colon/],
    [{ key: "" }, /key is ""; expected a non-empty string/],
    [{ retry: { limit: -1 } }, /retry.limit is -1; expected a whole number from 0 to 10/],
    [{ timeoutMs: 0 }, /timeoutMs is 0/],
    [{ fetch: "fetch" }, /fetch is "fetch"; expected a function/],
  ])("refuses %j in one line", (bad, message) => {
    expect(() => normalizeApiOptions({ ...VALID, ...(bad as object) })).toThrow(message);
  });
});
