// @vitest-environment node
import { afterEach, describe, expect, it, vi } from "vitest";
import { kyTransport, type TransportOptions } from "../../src/sync/transport";
import { failure, ok } from "../support/responses";
import { tick } from "../support/wait";

const ENDPOINT = "https://segments.example";
const SESSION = "session_0b6f5d4e-2f0a-4c8e-9d1b-3a2c4e5f6a7b";

interface Seen {
  request: Request;
  body: string;
  at: number;
}

type Responder = (request: Request, attempt: number) => Response | Promise<Response>;

function fakeFetch(responder: Responder) {
  const seen: Seen[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    seen.push({ request, body: request.method === "POST" ? await request.clone().text() : "", at: Date.now() });
    return responder(request, seen.length);
  };
  return { fetch: fetch as typeof globalThis.fetch, seen };
}

function transport(fetch: typeof globalThis.fetch, overrides: Partial<TransportOptions> = {}) {
  return kyTransport({
    endpoint: ENDPOINT,
    websiteId: "site_1",
    timeoutMs: 2_000,
    backoff: { baseMs: 1, capMs: 4 },
    isOnline: () => true,
    now: () => Date.now(),
    fetch,
    ...overrides,
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe("transport: requests", () => {
  it("POSTs the change as CORS-simple text/plain JSON, without credentials or custom headers", async () => {
    const { fetch, seen } = fakeFetch(() => ok(["lead"], 8));
    const answer = await transport(fetch).write(SESSION, 8, {
      overwrite: false,
      segments: ["lead"],
      remove: ["trial"],
    });
    expect(answer).toEqual({ verdict: "ok", state: { segments: ["lead"], revision: 8 }, reason: "updated" });
    expect(seen).toHaveLength(1);
    const { request, body } = seen[0]!;
    expect(request.method).toBe("POST");
    expect(request.url).toBe(`${ENDPOINT}/v1/website/site_1/session/${SESSION}/segments`);
    expect(JSON.parse(body)).toEqual({ revision: 8, overwrite: false, segments: ["lead"], remove: ["trial"] });
    expect(request.headers.get("content-type")).toBe("text/plain;charset=UTF-8");
    const names = [...request.headers.keys()].filter((name) => name !== "accept");
    expect(names).toEqual(["content-type"]);
    expect(request.credentials).toBe("omit");
    expect(request.keepalive).toBe(false);
  });

  it("sends an overwrite without remove", async () => {
    const { fetch, seen } = fakeFetch(() => ok(["x"], 2));
    await transport(fetch).write(SESSION, 2, { overwrite: true, segments: ["x"] });
    expect(JSON.parse(seen[0]!.body)).toEqual({ revision: 2, overwrite: true, segments: ["x"] });
  });

  it("GETs the session with no header at all but maybe accept", async () => {
    const { fetch, seen } = fakeFetch(() => ok(["op"], 3));
    const answer = await transport(fetch).read(SESSION);
    expect(answer).toMatchObject({ verdict: "ok", state: { segments: ["op"], revision: 3 } });
    const { request } = seen[0]!;
    expect(request.method).toBe("GET");
    expect([...request.headers.keys()].filter((name) => name !== "accept")).toEqual([]);
    expect(request.credentials).toBe("omit");
  });

  it("sets keepalive on the request when asked", async () => {
    const { fetch, seen } = fakeFetch(() => ok());
    await transport(fetch).write(SESSION, 1, { overwrite: true, segments: ["a"] }, { keepalive: true });
    expect(seen[0]!.request.keepalive).toBe(true);
  });

  it("reports a request on the wire while fetch runs", async () => {
    let release: (response: Response) => void = () => {};
    const slow = (async () => new Promise<Response>((resolve) => (release = resolve))) as typeof globalThis.fetch;
    const sync = transport(slow);
    expect(sync.onWire).toBe(false);
    const pending = sync.write(SESSION, 1, { overwrite: true, segments: ["a"] });
    await vi.waitFor(() => expect(sync.onWire).toBe(true));
    release(ok());
    await pending;
    expect(sync.onWire).toBe(false);
  });
});

describe("transport: failures", () => {
  it("retries 5xx answers until one succeeds", async () => {
    const { fetch, seen } = fakeFetch((_request, attempt) =>
      attempt <= 3 ? failure(500 + attempt, "boom") : ok(["a"], 1),
    );
    const answer = await transport(fetch).write(SESSION, 1, { overwrite: true, segments: ["a"] });
    expect(answer.verdict).toBe("ok");
    expect(seen).toHaveLength(4);
    // Every attempt carries the same change and revision.
    expect(new Set(seen.map((entry) => entry.body)).size).toBe(1);
  });

  it("retries network errors until one succeeds", async () => {
    const { fetch, seen } = fakeFetch((_request, attempt) => {
      if (attempt <= 2) throw new TypeError("Failed to fetch");
      return ok();
    });
    const answer = await transport(fetch).read(SESSION);
    expect(answer.verdict).toBe("ok");
    expect(seen).toHaveLength(3);
  });

  it("retries a request that times out", async () => {
    const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const request = new Request(input, init);
      if (fetch.mock.calls.length === 1) {
        return new Promise((_resolve, reject) =>
          request.signal.addEventListener("abort", () => reject(request.signal.reason)),
        );
      }
      return ok();
    });
    const answer = await transport(fetch as typeof globalThis.fetch, { timeoutMs: 30 }).read(SESSION);
    expect(answer.verdict).toBe("ok");
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("waits Retry-After seconds after a 429, and says so as soon as the 429 arrives", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const { fetch, seen } = fakeFetch((_request, attempt) =>
      attempt === 1 ? failure(429, "rate_limited", { "Retry-After": "1" }) : ok(),
    );
    const onRetryAfter = vi.fn();
    const start = Date.now();
    const pending = transport(fetch).write(SESSION, 1, { overwrite: true, segments: ["a"] }, { onRetryAfter });
    await vi.advanceTimersByTimeAsync(10);
    // Known before the wait, so that a reload during it still honours it.
    expect(onRetryAfter).toHaveBeenCalledTimes(1);
    expect(onRetryAfter).toHaveBeenCalledWith(start + 1_000);
    await vi.advanceTimersByTimeAsync(980);
    expect(seen).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(20);
    expect(seen).toHaveLength(2);
    expect(seen[1]!.at - start).toBeGreaterThanOrEqual(1_000);
    expect((await pending).verdict).toBe("ok");
  });

  it("waits Retry-After seconds after a 503 too, rather than its backoff", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const { fetch, seen } = fakeFetch((_request, attempt) =>
      attempt === 1 ? failure(503, "unavailable", { "Retry-After": "2" }) : ok(),
    );
    const onRetryAfter = vi.fn();
    const start = Date.now();
    const pending = transport(fetch).write(SESSION, 1, { overwrite: true, segments: ["a"] }, { onRetryAfter });
    await vi.advanceTimersByTimeAsync(1_900);
    expect(onRetryAfter).toHaveBeenCalledWith(start + 2_000);
    expect(seen).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(seen).toHaveLength(2);
    expect(seen[1]!.at - start).toBeGreaterThanOrEqual(2_000);
    expect((await pending).verdict).toBe("ok");
  });

  it("waits until the HTTP date of Retry-After", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: Date.parse("2030-01-01T00:00:00.000Z") });
    const { fetch, seen } = fakeFetch((_request, attempt) =>
      attempt === 1 ? failure(429, "rate_limited", { "Retry-After": "Tue, 01 Jan 2030 00:00:03 GMT" }) : ok(),
    );
    const pending = transport(fetch).read(SESSION);
    await vi.advanceTimersByTimeAsync(2_900);
    expect(seen).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(seen).toHaveLength(2);
    expect(seen[1]!.at).toBeGreaterThanOrEqual(Date.parse("2030-01-01T00:00:03.000Z"));
    expect((await pending).verdict).toBe("ok");
  });

  it.each([
    [400, "invalid_segments"],
    [413, "payload_too_large"],
    // 4xx the protocol does not name are refusals of the change too.
    [401, "unauthorized"],
    [409, "conflict"],
    [422, "unprocessable"],
  ])("drops the change on %i, with the service's reason, and never retries", async (status, reason) => {
    const { fetch, seen } = fakeFetch(() => failure(status, reason));
    const answer = await transport(fetch).write(SESSION, 1, { overwrite: true, segments: ["a"] });
    expect(answer).toEqual({ verdict: "drop", status, reason, message: `because ${reason}` });
    expect(seen).toHaveLength(1);
  });

  it.each([
    [403, "origin_not_allowed"],
    [404, "website_not_found"],
  ])("stops on %i and never retries", async (status, reason) => {
    const { fetch, seen } = fakeFetch(() => failure(status, reason));
    expect(await transport(fetch).read(SESSION)).toEqual({
      verdict: "stop",
      status,
      reason,
      message: `because ${reason}`,
    });
    expect(await transport(fetch).write(SESSION, 1, { overwrite: true, segments: [] })).toMatchObject({
      verdict: "stop",
      status,
    });
    expect(seen).toHaveLength(2);
  });

  it("does not retry while offline, and answers later", async () => {
    const { fetch, seen } = fakeFetch(() => {
      throw new TypeError("Failed to fetch");
    });
    const answer = await transport(fetch, { isOnline: () => false }).write(SESSION, 1, {
      overwrite: true,
      segments: ["a"],
    });
    expect(answer.verdict).toBe("later");
    expect(seen).toHaveLength(1);
    const { fetch: fetch503, seen: seen503 } = fakeFetch(() => failure(503, "unavailable"));
    expect((await transport(fetch503, { isOnline: () => false }).read(SESSION)).verdict).toBe("later");
    expect(seen503).toHaveLength(1);
  });

  it("makes one attempt only when asked for a single send, keepalive included", async () => {
    const { fetch, seen } = fakeFetch(() => failure(500, "boom"));
    const answer = await transport(fetch).write(
      SESSION,
      1,
      { overwrite: true, segments: ["a"] },
      { keepalive: true, once: true },
    );
    expect(answer.verdict).toBe("later");
    expect(seen).toHaveLength(1);
    expect(seen[0]!.request.keepalive).toBe(true);
  });

  it("gives the time the service asked to wait when a single send meets a 429", async () => {
    const now = Date.now();
    const { fetch } = fakeFetch(() => failure(429, "rate_limited", { "Retry-After": "30" }));
    const answer = await transport(fetch, { now: () => now }).write(
      SESSION,
      1,
      { overwrite: true, segments: ["a"] },
      { once: true },
    );
    expect(answer).toMatchObject({ verdict: "later", retryAt: now + 30_000 });
  });

  it("treats a 2xx without a list and revision as not delivered", async () => {
    const { fetch } = fakeFetch(() => new Response("<html>proxy</html>", { status: 200 }));
    expect((await transport(fetch).read(SESSION)).verdict).toBe("later");
  });

  it("gives up waiting when the caller aborts", async () => {
    const { fetch, seen } = fakeFetch(() => failure(500, "boom"));
    const controller = new AbortController();
    const pending = transport(fetch, { backoff: { baseMs: 50, capMs: 50 } }).read(SESSION, {
      signal: controller.signal,
    });
    await vi.waitFor(() => expect(seen.length).toBeGreaterThan(0));
    controller.abort();
    expect((await pending).verdict).toBe("later");
    const attempts = seen.length;
    await tick(120);
    expect(seen).toHaveLength(attempts);
  });
});
