// @vitest-environment node
import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../../../src/server/storage/memory-store";
import {
  answer,
  OPERATOR,
  ORIGIN,
  operatorHeaders,
  restRequest,
  restUrl,
  SESSION,
  setup,
  WEBSITE,
} from "../../support/service";
import { snapshot } from "../../support/team";

const metaPath = `conversation/${SESSION}/meta`;
const withHeaders = (headers: Record<string, string>, method = "GET", body?: unknown) =>
  new Request(restUrl(metaPath), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });

describe("REST API: who may call it", () => {
  it("answers an operator's key, sent as crisp-api sends it", async () => {
    const { handler } = setup();
    const result = await answer(await handler(restRequest("GET", metaPath)));
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ error: false, reason: "resolved", data: { segments: [] } });
    expect(result.headers.get("Cache-Control")).toBe("no-store");
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ["no credentials", { "X-Crisp-Tier": "plugin" }, /send Authorization: Basic base64\(identifier:key\)/],
    ["a wrong key", operatorHeaders(OPERATOR.identifier, "operator-key-0123456780"), /identifier or key is wrong/],
    ["a prefix of the key", operatorHeaders(OPERATOR.identifier, OPERATOR.key.slice(0, -1)), /is wrong/],
    ["an unknown identifier", operatorHeaders("operator-2", OPERATOR.key), /identifier or key is wrong/],
    ["a key that is not base64", { Authorization: "Basic %%%", "X-Crisp-Tier": "plugin" }, /send Authorization/],
    ["credentials without a colon", { Authorization: `Basic ${btoa("nocolon")}`, "X-Crisp-Tier": "plugin" }, /Basic/],
    ["a bearer token", { Authorization: `Bearer ${OPERATOR.key}`, "X-Crisp-Tier": "plugin" }, /Basic/],
    [
      "no tier",
      { Authorization: operatorHeaders().Authorization ?? "" },
      /^X-Crisp-Tier is missing: send X-Crisp-Tier: plugin/,
    ],
    ["the user tier", { ...operatorHeaders(), "X-Crisp-Tier": "user" }, /^X-Crisp-Tier is "user": send X-Crisp-Tier/],
  ])("refuses %s with 401 and a Basic challenge, changing nothing", async (_name, headers, message) => {
    const { handler, store } = setup();
    const before = await snapshot(store);
    const response = await handler(withHeaders(headers, "PATCH", { segments: ["x"] }));
    expect(response.status).toBe(401);
    expect(response.headers.get("WWW-Authenticate")).toBe('Basic realm="crisp-segments"');
    const { body } = await answer(response);
    expect(body).toMatchObject({
      error: true,
      reason: "unauthorized",
      data: { message: expect.stringMatching(message) },
    });
    expect(await snapshot(store)).toEqual(before);
    expect(await store.get(WEBSITE, SESSION)).toEqual({ segments: [], revision: 0 });
  });

  it("takes the tier in any case and the scheme in any case", async () => {
    const { handler } = setup();
    const authorization = operatorHeaders().Authorization?.replace("Basic", "bASIC") ?? "";
    const headers = { Authorization: authorization, "X-Crisp-Tier": "PLUGIN" };
    expect((await handler(withHeaders(headers))).status).toBe(200);
  });

  it("refuses a website the key is not allowed on with 403, and an unknown one allowed by * with 404", async () => {
    const { handler } = setup({
      websites: { [WEBSITE]: { origins: [] }, "second-site": { origins: [] } },
      operators: [
        { identifier: "shop-only", key: "shop-only-key-0123456", websites: [WEBSITE] },
        { ...OPERATOR, websites: "*" },
      ],
    });
    const as = (identifier: string, key: string, website: string) =>
      handler(new Request(restUrl(metaPath, website), { headers: operatorHeaders(identifier, key) }));
    expect((await as("shop-only", "shop-only-key-0123456", WEBSITE)).status).toBe(200);
    const refused = await answer(await as("shop-only", "shop-only-key-0123456", "second-site"));
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ reason: "website_not_allowed", data: { message: /"second-site"/ } });
    expect((await as(OPERATOR.identifier, OPERATOR.key, "second-site")).status).toBe(200);
    const unknown = await answer(await as(OPERATOR.identifier, OPERATOR.key, "no-such-site"));
    expect(unknown.status).toBe(404);
    expect(unknown.body?.reason).toBe("website_not_found");
  });

  it("rate-limits repeated wrong keys from one address, the right key too, until the limit refills", async () => {
    const { handler, clock } = setup();
    const from = (address: string, key: string) =>
      handler(withHeaders(operatorHeaders(OPERATOR.identifier, key)), { clientAddress: address });
    for (let attempt = 0; attempt < 10; attempt++) {
      expect((await from("203.0.113.7", `wrong-key-${attempt}-0123456789`)).status).toBe(401);
    }
    const limited = await from("203.0.113.7", "wrong-key-again-0123456789");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expect((await answer(limited)).body?.reason).toBe("rate_limited");
    // A guess cannot be told right by its answer while the address waits.
    expect((await from("203.0.113.7", OPERATOR.key)).status).toBe(429);
    expect((await from("198.51.100.1", OPERATOR.key)).status).toBe(200);
    clock.now += 6_000;
    expect((await from("203.0.113.7", OPERATOR.key)).status).toBe(200);
  });

  it("counts wrong keys per identifier when the runtime does not tell the client's address", async () => {
    const { handler } = setup({ rateLimit: { wrongKeys: { rate: 1 / 60, burst: 2 } } });
    const guess = (identifier: string, key: string) => handler(withHeaders(operatorHeaders(identifier, key)));
    expect((await guess(OPERATOR.identifier, "wrong-key-0-0123456789")).status).toBe(401);
    expect((await guess(OPERATOR.identifier, "wrong-key-1-0123456789")).status).toBe(401);
    expect((await guess(OPERATOR.identifier, "wrong-key-2-0123456789")).status).toBe(429);
    expect((await guess("operator-2", "wrong-key-3-0123456789")).status).toBe(401);
  });

  it("does not count requests that guess no key (missing credentials or tier)", async () => {
    const { handler } = setup({ rateLimit: { wrongKeys: { rate: 1 / 60, burst: 1 } } });
    const context = { clientAddress: "203.0.113.7" };
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await handler(withHeaders({ "X-Crisp-Tier": "plugin" }), context)).status).toBe(401);
      const noTier = { Authorization: operatorHeaders().Authorization ?? "" };
      expect((await handler(withHeaders(noTier), context)).status).toBe(401);
    }
    expect((await handler(withHeaders(operatorHeaders()), context)).status).toBe(200);
  });

  it.each([
    ["no operators", undefined],
    ["an empty list", []],
  ])("answers 404 with how to turn it on when the handler has %s", async (_name, operators) => {
    const { handler } = setup({ operators });
    for (const path of [metaPath, "conversations/1", "people/profile", "batch/segments"]) {
      const result = await answer(await handler(new Request(restUrl(path), { headers: operatorHeaders() })));
      expect(result.status, path).toBe(404);
      expect(result.body, path).toMatchObject({
        reason: "not_found",
        data: {
          message:
            "the REST API is off: configure operator keys (the demo: SEGMENTS_OPERATOR_IDENTIFIER and SEGMENTS_OPERATOR_KEY)",
        },
      });
    }
  });

  it("lives under the handler's basePath, as crisp-api's setRestHost(origin + basePath) calls it", async () => {
    const { handler } = setup({ basePath: "/segments" });
    const under = restUrl(metaPath).replace("/v1/", "/segments/v1/");
    expect((await handler(new Request(under, { headers: operatorHeaders() }))).status).toBe(200);
    expect((await handler(new Request(restUrl(metaPath), { headers: operatorHeaders() }))).status).toBe(404);
  });

  it("sends no CORS headers: the REST API is for backends, not pages", async () => {
    const { handler } = setup();
    const request = new Request(restUrl(metaPath), { headers: { ...operatorHeaders(), Origin: ORIGIN } });
    const response = await handler(request);
    expect(response.status).toBe(200);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });
});

describe("REST API: operator keys in the handler's options", () => {
  const make =
    (operators: unknown, store: object = createMemoryStore()) =>
    () =>
      setup({ operators: operators as never, store: store as never });

  it.each<[string, unknown, RegExp]>([
    ["not an array", { identifier: "a" }, /^operators is \{"identifier":"a"\}; expected an array/],
    [
      "an identifier with a colon",
      [{ identifier: "a:b", key: "k".repeat(16), websites: "*" }],
      /^operators\[0\]\.identifier is "a:b"; expected 1 to 128 printable/,
    ],
    [
      "a short key",
      [{ identifier: "a", key: "k".repeat(15), websites: "*" }],
      /^operators\[0\]\.key is 15 characters long; expected 16 to 1024 characters, e\.g\. from openssl rand -hex 16$/,
    ],
    [
      "a key that is no string",
      [{ identifier: "a", key: 1234, websites: "*" }],
      /^operators\[0\]\.key is not a string \(number\)/,
    ],
    [
      "websites that are neither * nor a list",
      [{ identifier: "a", key: "k".repeat(16), websites: "all" }],
      /^operators\[0\]\.websites is "all"; expected "\*" or an array of website ids$/,
    ],
    [
      "a website the handler does not know",
      [{ identifier: "a", key: "k".repeat(16), websites: ["other"] }],
      /^operators\[0\]\.websites has "other", which is not among the handler's websites: add it there$/,
    ],
    [
      "one identifier twice",
      [
        { identifier: "a", key: "k".repeat(16), websites: "*" },
        { identifier: "a", key: "j".repeat(16), websites: "*" },
      ],
      /^operators\[1\]\.identifier "a" is also operators\[0\]'s: give each operator its own$/,
    ],
  ])("refuses %s in one line that names it", (_name, operators, message) => {
    expect(make(operators)).toThrow(message);
  });

  it("never prints a key", () => {
    expect(make([{ identifier: "a", key: "secret-but-short", websites: ["other"] }])).toThrow(/^(?!.*secret)/);
    expect(make([{ identifier: "a", key: "tiny-secret", websites: "*" }])).toThrow(/^(?!.*tiny-secret)/);
  });

  it("needs a team store when operators are configured", () => {
    const bare = { get() {}, applyChange() {}, edit() {}, listSessions() {} };
    expect(make([{ ...OPERATOR, websites: "*" }], bare)).toThrow(
      /^the store has no getMeta\(\): operators need a team store, e\.g\. createSqliteStore\(\) or createPostgresStore\(\)$/,
    );
    expect(make(undefined, bare)).not.toThrow();
  });
});
