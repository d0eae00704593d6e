// @vitest-environment node
import { describe, expect, it } from "vitest";
import { compileOrigins } from "../../../src/server/http/cors";
import { ORIGIN, sessionUrl, setup } from "../../support/service";

describe("allowed origins", () => {
  const allows = compileOrigins(["https://shop.example"]);

  it("allows the configured origin exactly", () => {
    expect(allows("https://shop.example")).toBe(true);
  });

  it.each([
    ["a longer host that starts with it", "https://shop.example.evil.com"],
    ["a host that ends with it", "https://evilshop.example"],
    ["another top-level domain", "https://shop.example.com"],
    ["another scheme", "http://shop.example"],
    ["another port", "https://shop.example:8443"],
    ["a subdomain", "https://www.shop.example"],
    ["a prefix of it", "https://shop.exampl"],
    ["the opaque origin", "null"],
  ])("refuses %s (%s)", (_name, origin) => {
    expect(allows(origin)).toBe(false);
  });

  it("compares origins, not the way they were written", () => {
    const written = compileOrigins(["HTTPS://Shop.Example:443/some/path"]);
    expect(written("https://shop.example")).toBe(true);
    expect(written("https://shop.example:443")).toBe(false);
  });

  it("allows any page with *", () => {
    expect(compileOrigins(["*"])("https://anywhere.example")).toBe(true);
  });

  it("refuses a configured entry that has no web origin", () => {
    expect(() => compileOrigins(["file:///tmp/page.html"])).toThrow(/no web origin/);
  });
});

describe("preflight", () => {
  it("answers an allowed origin with the documented headers, cached for a day", async () => {
    const { handler } = setup();
    const response = await handler(
      new Request(sessionUrl(), {
        method: "OPTIONS",
        headers: { Origin: ORIGIN, "Access-Control-Request-Method": "POST" },
      }),
    );
    expect(response.status).toBe(204);
    expect(Object.fromEntries([...response.headers].filter(([name]) => name !== "x-content-type-options"))).toEqual({
      allow: "GET, POST, OPTIONS",
      "access-control-allow-origin": ORIGIN,
      "access-control-allow-methods": "GET, POST",
      "access-control-allow-headers": "Content-Type",
      "access-control-expose-headers": "Retry-After",
      "access-control-max-age": "86400",
      vary: "Origin",
    });
  });
});
