// @vitest-environment node
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import {
  answer,
  BASE,
  ORIGIN,
  OTHER_SESSION,
  post,
  rawSocket,
  SESSION,
  sessionUrl,
  setup,
  WEBSITE,
} from "../../support/service";

interface Case {
  name: string;
  request: () => Request;
  status: number;
  reason: string;
  /** A fragment the error message must contain. */
  message?: string;
}

const change = (fields: Record<string, unknown>) => ({ revision: 1, overwrite: false, segments: ["lead"], ...fields });
const many = (count: number) => Array.from({ length: count }, (_, index) => `segment-${index}`);

const cases: Case[] = [
  { name: "GET of a new session", request: () => new Request(sessionUrl()), status: 200, reason: "resolved" },
  { name: "POST as text/plain", request: () => post(change({})), status: 200, reason: "updated" },
  {
    name: "POST as application/json",
    request: () => post(change({}), { headers: { "Content-Type": "application/json" } }),
    status: 200,
    reason: "updated",
  },
  {
    name: "overwrite with empty remove",
    request: () => post(change({ overwrite: true, remove: [] })),
    status: 200,
    reason: "updated",
  },
  {
    name: "unknown website",
    request: () => new Request(sessionUrl("no-such-site")),
    status: 404,
    reason: "website_not_found",
  },
  {
    name: "website id with a dot",
    request: () => new Request(sessionUrl("demo.website")),
    status: 404,
    reason: "website_not_found",
  },
  {
    name: "website id too long",
    request: () => new Request(sessionUrl("a".repeat(65))),
    status: 404,
    reason: "website_not_found",
  },
  {
    name: "website id __proto__",
    request: () => post(change({}), { url: sessionUrl("__proto__") }),
    status: 404,
    reason: "website_not_found",
  },
  {
    name: "website id constructor",
    request: () => new Request(sessionUrl("constructor")),
    status: 404,
    reason: "website_not_found",
  },
  {
    name: "session id without prefix",
    request: () => new Request(sessionUrl(WEBSITE, SESSION.slice(8))),
    status: 400,
    reason: "invalid_session",
  },
  {
    name: "session id upper case",
    request: () => new Request(sessionUrl(WEBSITE, SESSION.toUpperCase().replace("SESSION", "session"))),
    status: 400,
    reason: "invalid_session",
  },
  {
    name: "session id not v4",
    request: () => new Request(sessionUrl(WEBSITE, SESSION.replace("-4e8a-", "-1e8a-"))),
    status: 400,
    reason: "invalid_session",
  },
  {
    name: "session id __proto__",
    request: () => post(change({}), { url: sessionUrl(WEBSITE, "__proto__") }),
    status: 400,
    reason: "invalid_session",
  },
  { name: "broken JSON", request: () => post("{"), status: 400, reason: "invalid_json" },
  { name: "empty body", request: () => post(""), status: 400, reason: "invalid_json" },
  { name: "JSON array", request: () => post([1]), status: 400, reason: "invalid_json" },
  { name: "JSON null", request: () => post("null"), status: 400, reason: "invalid_json" },
  {
    name: "invalid UTF-8",
    request: () => new Request(sessionUrl(), { method: "POST", body: new Uint8Array([0x7b, 0xff, 0x7d]) }),
    status: 400,
    reason: "invalid_json",
  },
  {
    name: "body over 16 KiB",
    request: () => post(`${" ".repeat(16 * 1024)}{}`),
    status: 413,
    reason: "payload_too_large",
  },
  {
    name: "Content-Length over 16 KiB, refused unread",
    request: () => post("{}", { headers: { "Content-Length": String(16 * 1024 + 1) } }),
    status: 413,
    reason: "payload_too_large",
  },
  {
    name: "streamed body over 16 KiB without Content-Length",
    request: () => {
      const chunk = new TextEncoder().encode(" ".repeat(4096));
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 10) controller.enqueue(chunk);
          else controller.close();
        },
      });
      return new Request(sessionUrl(), { method: "POST", body, duplex: "half" } as RequestInit);
    },
    status: 413,
    reason: "payload_too_large",
  },
  {
    name: "body of exactly 16 KiB",
    request: () => {
      const json = JSON.stringify(change({}));
      return post(json + " ".repeat(16 * 1024 - json.length));
    },
    status: 200,
    reason: "updated",
  },
  {
    name: "revision missing",
    request: () => post(change({ revision: undefined })),
    status: 400,
    reason: "invalid_revision",
  },
  { name: "revision zero", request: () => post(change({ revision: 0 })), status: 400, reason: "invalid_revision" },
  { name: "revision negative", request: () => post(change({ revision: -3 })), status: 400, reason: "invalid_revision" },
  {
    name: "revision fractional",
    request: () => post(change({ revision: 1.5 })),
    status: 400,
    reason: "invalid_revision",
  },
  {
    name: "revision as a string",
    request: () => post(change({ revision: "2" })),
    status: 400,
    reason: "invalid_revision",
    message: '"2"',
  },
  {
    name: "revision beyond safe integers",
    request: () => post(change({ revision: 2 ** 53 })),
    status: 400,
    reason: "invalid_revision",
  },
  {
    name: "overwrite missing",
    request: () => post(change({ overwrite: undefined })),
    status: 400,
    reason: "invalid_json",
    message: "overwrite",
  },
  {
    name: "overwrite not boolean",
    request: () => post(change({ overwrite: "false" })),
    status: 400,
    reason: "invalid_json",
  },
  {
    name: "segments missing",
    request: () => post(change({ segments: undefined })),
    status: 400,
    reason: "invalid_segments",
    message: "segments",
  },
  {
    name: "segments not a list",
    request: () => post(change({ segments: "lead" })),
    status: 400,
    reason: "invalid_segments",
  },
  {
    name: "segment not a string",
    request: () => post(change({ segments: ["ok", 5] })),
    status: 400,
    reason: "invalid_segments",
    message: "segments[1] is 5",
  },
  {
    name: "segment blank",
    request: () => post(change({ segments: ["ok", "   "] })),
    status: 400,
    reason: "invalid_segments",
    message: "segments[1]",
  },
  {
    name: "segment too long",
    request: () => post(change({ segments: ["x".repeat(65)] })),
    status: 400,
    reason: "invalid_segments",
    message: "segments[0]",
  },
  {
    name: "segment with a control character",
    request: () => post(change({ segments: ["a\u0007b"] })),
    status: 400,
    reason: "invalid_segments",
    message: "segments[0]",
  },
  {
    name: "more than 100 segments",
    request: () => post(change({ segments: many(101) })),
    status: 400,
    reason: "invalid_segments",
  },
  {
    name: "remove not a list",
    request: () => post(change({ remove: "trial" })),
    status: 400,
    reason: "invalid_segments",
    message: "remove",
  },
  {
    name: "remove with a bad value",
    request: () => post(change({ remove: ["ok", ""] })),
    status: 400,
    reason: "invalid_segments",
    message: 'remove[1] is ""',
  },
  {
    name: "overwrite with remove",
    request: () => post(change({ overwrite: true, remove: ["trial"] })),
    status: 400,
    reason: "invalid_segments",
    message: "remove",
  },
  {
    name: "PUT on the protocol route",
    request: () => new Request(sessionUrl(), { method: "PUT", body: "{}" }),
    status: 405,
    reason: "method_not_allowed",
  },
  {
    name: "DELETE on the protocol route",
    request: () => new Request(sessionUrl(), { method: "DELETE" }),
    status: 405,
    reason: "method_not_allowed",
  },
  {
    name: "unknown route",
    request: () => new Request(`${BASE}/v1/website/${WEBSITE}`),
    status: 404,
    reason: "not_found",
  },
  { name: "trailing slash", request: () => new Request(`${sessionUrl()}/`), status: 404, reason: "not_found" },
  {
    name: "listing sessions without the API",
    request: () => new Request(`${BASE}/v1/website/${WEBSITE}/sessions`),
    status: 404,
    reason: "not_found",
  },
];

describe("protocol conformance", () => {
  it.each(cases)("$name → $status $reason", async ({ request, status, reason, message }) => {
    const { handler, store } = setup();
    const before = await store.get(WEBSITE, SESSION);
    const result = await answer(await handler(request()));
    expect(result.status).toBe(status);
    expect(result.body?.reason).toBe(reason);
    expect(result.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(result.headers.get("X-Content-Type-Options")).toBe("nosniff");
    if (status >= 400) {
      expect(result.body?.error).toBe(true);
      expect(typeof result.body?.data.message).toBe("string");
      if (message) expect(result.body?.data.message).toContain(message);
      // A refused request changes nothing.
      expect(await store.get(WEBSITE, SESSION)).toEqual(before);
    } else {
      expect(result.body?.error).toBe(false);
      expect(Object.keys(result.body?.data ?? {}).sort()).toEqual(["revision", "segments"]);
    }
    if (status === 405) expect(result.headers.get("Allow")).toBe("GET, POST, OPTIONS");
  });

  it("answers a session never seen with no segments at revision 0", async () => {
    const { handler } = setup();
    const result = await answer(await handler(new Request(sessionUrl())));
    expect(result.body).toEqual({ error: false, reason: "resolved", data: { segments: [], revision: 0 } });
  });

  it("applies remove first, then appends the segments not held, normalised", async () => {
    const { handler } = setup();
    await handler(post({ revision: 1, overwrite: true, segments: ["a", "b", "c"] }));
    const result = await answer(
      await handler(post({ revision: 2, overwrite: false, segments: [" a ", "d", "d"], remove: ["a", "b"] })),
    );
    expect(result.body).toEqual({ error: false, reason: "updated", data: { segments: ["c", "a", "d"], revision: 2 } });
    const read = await answer(await handler(new Request(sessionUrl())));
    expect(read.body?.data).toEqual({ segments: ["c", "a", "d"], revision: 2 });
  });

  it("acknowledges repeated and late revisions as stale without applying them", async () => {
    const { handler } = setup();
    await handler(post({ revision: 5, overwrite: false, segments: ["lead"] }));
    const repeat = await answer(await handler(post({ revision: 5, overwrite: true, segments: ["other"] })));
    expect(repeat.body).toEqual({ error: false, reason: "stale", data: { segments: ["lead"], revision: 5 } });
    const late = await answer(await handler(post({ revision: 4, overwrite: false, segments: [], remove: ["lead"] })));
    expect(late.body).toEqual({ error: false, reason: "stale", data: { segments: ["lead"], revision: 5 } });
    const next = await answer(await handler(post({ revision: 9, overwrite: false, segments: ["vip"] })));
    expect(next.body).toEqual({ error: false, reason: "updated", data: { segments: ["lead", "vip"], revision: 9 } });
  });

  it("refuses a change that would leave more than 100 segments, storing nothing", async () => {
    const { handler, store } = setup();
    await handler(post({ revision: 1, overwrite: true, segments: many(100) }));
    const result = await answer(await handler(post({ revision: 2, overwrite: false, segments: ["one-more"] })));
    expect(result.status).toBe(400);
    expect(result.body?.reason).toBe("invalid_segments");
    expect(await store.get(WEBSITE, SESSION)).toEqual({ segments: many(100), revision: 1 });
  });

  it("keeps sessions apart", async () => {
    const { handler } = setup();
    await handler(post({ revision: 1, overwrite: false, segments: ["mine"] }));
    const other = await answer(await handler(new Request(sessionUrl(WEBSITE, OTHER_SESSION))));
    expect(other.body?.data).toEqual({ segments: [], revision: 0 });
  });

  it("honours a base path", async () => {
    const { handler } = setup({ basePath: "/segments/" });
    const inside = await handler(new Request(sessionUrl().replace(BASE, `${BASE}/segments`)));
    expect(inside.status).toBe(200);
    expect((await handler(new Request(sessionUrl()))).status).toBe(404);
  });

  it("answers 500 and reports, never throws, when the store fails", async () => {
    const { handler, errors } = setup({
      operators: undefined,
      store: {
        get: () => Promise.reject(new Error("disk on fire")),
        applyChange: () => Promise.reject(new Error("disk on fire")),
        edit: () => Promise.reject(new Error("disk on fire")),
        listSessions: () => Promise.reject(new Error("disk on fire")),
      },
    });
    const result = await answer(await handler(post(change({}), { headers: { Origin: ORIGIN } })));
    expect(result.status).toBe(500);
    expect(result.body?.reason).toBe("internal_error");
    expect(JSON.stringify(result.body)).not.toContain("disk on fire");
    expect(result.headers.get("Access-Control-Allow-Origin")).toBe(ORIGIN);
    expect(errors).toHaveLength(1);
  });
});

describe("origins and CORS", () => {
  it("lets any page read a 404 for an unknown route, so that a misconfigured SDK stops instead of retrying", async () => {
    const { handler } = setup();
    const response = await answer(
      await handler(new Request(`${BASE}/wrong/prefix/segments`, { headers: { Origin: ORIGIN } })),
    );
    expect(response.status).toBe(404);
    expect(response.body?.reason).toBe("not_found");
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe(ORIGIN);
  });

  it("echoes an allowed origin on a preflight-free cross-origin POST", async () => {
    const { handler } = setup();
    const response = await handler(post(change({}), { headers: { Origin: ORIGIN } }));
    expect(response.status).toBe(200);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe(ORIGIN);
    expect(response.headers.get("Access-Control-Expose-Headers")).toContain("Retry-After");
    expect(response.headers.get("Vary")).toContain("Origin");
    expect(response.headers.get("Access-Control-Allow-Credentials")).toBeNull();
  });

  it("refuses another origin with 403 before changing anything", async () => {
    const { handler, store } = setup();
    const response = await answer(await handler(post(change({}), { headers: { Origin: "https://evil.example" } })));
    expect(response.status).toBe(403);
    expect(response.body?.reason).toBe("origin_not_allowed");
    expect(await store.get(WEBSITE, SESSION)).toEqual({ segments: [], revision: 0 });
  });

  it.each([
    "https://shop.example.evil.com",
    "https://shop.example.com",
    "http://shop.example",
    "https://shop.example:8443",
  ])("refuses the look-alike origin %s with 403, changing nothing", async (origin) => {
    const { handler, store } = setup();
    const response = await answer(await handler(post(change({}), { headers: { Origin: origin } })));
    expect(response.status).toBe(403);
    expect(response.body?.reason).toBe("origin_not_allowed");
    expect(await store.get(WEBSITE, SESSION)).toEqual({ segments: [], revision: 0 });
  });

  it("gives another origin no session data on GET", async () => {
    const { handler } = setup();
    await handler(post(change({})));
    const response = await answer(await handler(new Request(sessionUrl(), { headers: { Origin: "null" } })));
    expect(response.status).toBe(403);
    expect(JSON.stringify(response.body)).not.toContain("lead");
  });

  it("allows any origin with *", async () => {
    const { handler } = setup({ websites: { [WEBSITE]: { origins: ["*"] } } });
    const response = await handler(post(change({}), { headers: { Origin: "https://anywhere.example" } }));
    expect(response.status).toBe(200);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("https://anywhere.example");
  });

  it("answers a preflight from an allowed origin", async () => {
    const { handler } = setup();
    const response = await handler(
      new Request(sessionUrl(), {
        method: "OPTIONS",
        headers: {
          Origin: ORIGIN,
          "Access-Control-Request-Method": "POST",
          "Access-Control-Request-Headers": "content-type",
        },
      }),
    );
    expect(response.status).toBe(204);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe(ORIGIN);
    expect(response.headers.get("Access-Control-Allow-Methods")).toBe("GET, POST");
    expect(response.headers.get("Access-Control-Allow-Headers")?.toLowerCase()).toBe("content-type");
  });

  it("refuses a preflight from another origin", async () => {
    const { handler } = setup();
    const response = await handler(
      new Request(sessionUrl(), { method: "OPTIONS", headers: { Origin: "https://evil.example" } }),
    );
    expect(response.status).toBe(403);
  });

  it("normalises configured origins", async () => {
    const { handler } = setup({ websites: { [WEBSITE]: { origins: ["HTTPS://Shop.Example/"] } } });
    expect((await handler(post(change({}), { headers: { Origin: ORIGIN } }))).status).toBe(200);
  });

  it("refuses invalid configuration up front", () => {
    expect(() => setup({ websites: { "bad id": { origins: [] } } })).toThrow(/website id/);
    expect(() => setup({ websites: { [WEBSITE]: { origins: ["not a url"] } } })).toThrow();
    expect(() => setup({ operators: [{ identifier: "op", key: "short", websites: "*" }] })).toThrow(
      /^operators\[0\]\.key is 5 characters long; expected 16 to 1024 characters/,
    );
  });
});

describe("rate limits", () => {
  it("limits one session with 429 and Retry-After, then lets it through once the bucket refills", async () => {
    const { handler, clock } = setup({ rateLimit: { perSession: { rate: 1, burst: 2 } } });
    const get = () => handler(new Request(sessionUrl(), { headers: { Origin: ORIGIN } }));
    expect((await get()).status).toBe(200);
    expect((await get()).status).toBe(200);
    const limited = await get();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe("1");
    expect(limited.headers.get("Access-Control-Allow-Origin")).toBe(ORIGIN);
    expect((await answer(limited)).body?.reason).toBe("rate_limited");
    // Another session is not affected.
    expect((await handler(new Request(sessionUrl(WEBSITE, OTHER_SESSION)))).status).toBe(200);
    clock.now += 1000;
    expect((await get()).status).toBe(200);
  });

  it("limits one client address across sessions", async () => {
    const { handler, clock } = setup({ rateLimit: { perAddress: { rate: 0.5, burst: 1 } } });
    const from = (address: string, session: string) =>
      handler(new Request(sessionUrl(WEBSITE, session)), { clientAddress: address });
    expect((await from("203.0.113.7", SESSION)).status).toBe(200);
    const limited = await from("203.0.113.7", OTHER_SESSION);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe("2");
    expect((await from("198.51.100.1", OTHER_SESSION)).status).toBe(200);
    clock.now += 2000;
    expect((await from("203.0.113.7", OTHER_SESSION)).status).toBe(200);
  });

  it("takes the address from the clientAddress option when the runtime gives none", async () => {
    const { handler } = setup({
      rateLimit: { perAddress: { rate: 1, burst: 1 } },
      clientAddress: (request) => request.headers.get("X-Test-Address") ?? undefined,
    });
    const from = (address: string) => handler(new Request(sessionUrl(), { headers: { "X-Test-Address": address } }));
    expect((await from("a")).status).toBe(200);
    expect((await from("a")).status).toBe(429);
    expect((await from("b")).status).toBe(200);
  });

  it("does not trust X-Forwarded-For by default", async () => {
    const { handler } = setup({ rateLimit: { perAddress: { rate: 1, burst: 1 }, perSession: false } });
    const send = (forwarded: string) =>
      handler(new Request(sessionUrl(), { headers: { "X-Forwarded-For": forwarded } }), { clientAddress: "192.0.2.1" });
    expect((await send("10.0.0.1")).status).toBe(200);
    expect((await send("10.0.0.2")).status).toBe(429);
  });

  it("lets a browser's bursts through with the default limits", async () => {
    const { handler } = setup();
    for (let index = 1; index <= 50; index++) {
      const response = await handler(post(change({ revision: index })), { clientAddress: "127.0.0.1" });
      expect(response.status).toBe(200);
    }
  });
});

describe("prototype pollution", () => {
  it("treats __proto__ and constructor keys in a body as inert", async () => {
    const { handler } = setup();
    const body =
      '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"revision":1,"overwrite":false,"segments":["__proto__","constructor"]}';
    const result = await answer(await handler(post(body)));
    expect(result.body?.data).toEqual({ segments: ["__proto__", "constructor"], revision: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
  });

  it("does not read revision or segments through the prototype", async () => {
    const { handler } = setup();
    const result = await answer(await handler(post('{"__proto__":{"revision":1,"overwrite":false,"segments":[]}}')));
    expect(result.status).toBe(400);
    expect(result.body?.reason).toBe("invalid_revision");
  });
});

describe("mounted in another Hono app, served by @hono/node-server", () => {
  it("answers under the app's prefix, and refuses a target with credentials itself", async () => {
    const { handler, store } = setup({ basePath: "/segments" });
    const app = new Hono();
    app.get("/", (c) => c.text("the host app"));
    app.all("/segments/*", (c) => handler(c.req.raw));
    const server = createServer(getRequestListener(app.fetch));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const url = `http://127.0.0.1:${port}/segments/v1/website/${WEBSITE}/session/${SESSION}/segments`;
      const posted = await fetch(url, {
        method: "POST",
        headers: { Origin: ORIGIN },
        body: JSON.stringify(change({})),
      });
      expect(await posted.json()).toEqual({
        error: false,
        reason: "updated",
        data: { segments: ["lead"], revision: 1 },
      });
      expect(posted.headers.get("Access-Control-Allow-Origin")).toBe(ORIGIN);
      expect(posted.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe("the host app");

      // No serveNode here: the handler's own check answers, whatever the adapter.
      const target = `http://user:pw@127.0.0.1:${port}${new URL(url).pathname}`;
      const body = JSON.stringify(change({ revision: 2, segments: ["other"] }));
      const hostile = await rawSocket(
        port,
        `POST ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      );
      expect(hostile.status).toBe(400);
      expect(JSON.parse(hostile.body)).toMatchObject({ error: true, reason: "invalid_request" });
      expect(await store.get(WEBSITE, SESSION)).toEqual({ segments: ["lead"], revision: 1 });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
