// @vitest-environment node
import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSegmentsApi, type SegmentsApiError, type SegmentsApiOptions } from "../../src/api";
import { LIMITED, OPERATOR, sessionId, startFaultyService, startService, WEBSITE } from "../support/api-service";
import type { FaultService } from "../support/fault-service.mjs";

const SESSION = sessionId(1);
let service: Awaited<ReturnType<typeof startService>>;
let faulty: FaultService;

beforeAll(async () => {
  [service, faulty] = await Promise.all([startService(), startFaultyService()]);
});
afterAll(() => Promise.all([service.close(), faulty.close()]));
afterEach(() => faulty.clearFaults());

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail("resolved"),
    (error: unknown) => error as SegmentsApiError,
  );
/** Runs `use` against a node:http server that answers every request with `answer`. */
async function withStub(answer: RequestListener, use: (url: string) => Promise<void>): Promise<void> {
  const stub = createServer(answer);
  await new Promise<void>((listening) => stub.listen(0, "127.0.0.1", listening));
  try {
    await use(`http://127.0.0.1:${(stub.address() as AddressInfo).port}`);
  } finally {
    stub.close();
  }
}

const client = (options: Partial<SegmentsApiOptions> = {}) =>
  createSegmentsApi({ baseUrl: faulty.url, ...OPERATOR, ...options });

describe("errors", () => {
  it("carry the status, the service's reason and message, and the method and path", async () => {
    const api = createSegmentsApi({
      baseUrl: service.url,
      identifier: OPERATOR.identifier,
      key: "wrong-key-0123456789",
    });
    const error = await rejection(api.conversations.getMeta(WEBSITE, SESSION));
    expect(error.name).toBe("SegmentsApiError");
    expect(error).toMatchObject({
      status: 401,
      reason: "unauthorized",
      method: "GET",
      path: `/v1/website/${WEBSITE}/conversation/${SESSION}/meta`,
    });
    expect(error.message).toBe(`GET ${error.path}: 401 unauthorized: ${error.detail}`);
    expect(error.detail).not.toBe("");
  });

  it("403 for a website the key may not touch", async () => {
    const api = createSegmentsApi({ baseUrl: service.url, ...LIMITED });
    const error = await rejection(api.conversations.setSegments(WEBSITE, SESSION, ["x"]));
    expect(error).toMatchObject({ status: 403, reason: "website_not_allowed", method: "PATCH" });
  });

  it("400 with the service's reason for a list it refuses", async () => {
    const api = createSegmentsApi({ baseUrl: service.url, ...OPERATOR });
    const full = Array.from({ length: 100 }, (_, index) => `s${index}`);
    await api.conversations.setSegments(WEBSITE, SESSION, full);
    const error = await rejection(api.conversations.addSegments(WEBSITE, SESSION, ["one-more"]));
    expect(error).toMatchObject({ status: 400, reason: "invalid_segments", method: "PATCH" });
    expect(error.detail).toMatch(/more than 100 segments; nothing changed/);
    expect(await api.conversations.getSegments(WEBSITE, SESSION)).toEqual(full);
  });

  it("an answer that is not the service's says so", async () => {
    await withStub(
      (_, out) => out.writeHead(404, { "Content-Type": "text/html" }).end("<h1>nope</h1>"),
      async (url) => {
        const error = await rejection(createSegmentsApi({ baseUrl: url, ...OPERATOR }).people.suggestSegments(WEBSITE));
        expect(error).toMatchObject({ status: 404, reason: "invalid_response" });
        expect(error.message).toMatch(/is baseUrl the segments service\?$/);
      },
    );
  });

  it("data not of the documented shape is invalid_response naming the field", async () => {
    const body = JSON.stringify({ error: false, reason: "resolved", data: { segments: "vip" } });
    await withStub(
      (_, out) => out.writeHead(200, { "Content-Type": "application/json" }).end(body),
      async (url) => {
        const error = await rejection(
          createSegmentsApi({ baseUrl: url, ...OPERATOR }).conversations.getMeta(WEBSITE, SESSION),
        );
        expect(error).toMatchObject({ status: 200, reason: "invalid_response" });
        expect(error.detail).toBe("the answer's data.segments is not a list of strings");
      },
    );
  });

  it("no answer at all is a network_error", async () => {
    const closed = createServer();
    await new Promise<void>((listening) => closed.listen(0, "127.0.0.1", listening));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((done) => closed.close(done));
    const error = await rejection(
      createSegmentsApi({ baseUrl: url, ...OPERATOR, retry: { limit: 0 } }).people.suggestSegments(WEBSITE),
    );
    expect(error).toMatchObject({ status: null, reason: "network_error", method: "GET" });
    expect(error.message).toMatch(/ECONNREFUSED/);
  });
});

describe("retries", () => {
  it("waits as long as Retry-After says on 429, then succeeds", async () => {
    faulty.inject({ status: 429, reason: "rate_limited", headers: { "Retry-After": "1" } });
    expect(await client().conversations.getSegments(WEBSITE, SESSION)).toEqual([]);
    const [refused, served] = faulty.requests.slice(-2);
    expect(refused?.fault).not.toBeNull();
    expect(served?.fault).toBeNull();
    expect((served?.at ?? 0) - (refused?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it("retries a 503 with backoff, up to the limit, for GET and for our idempotent PATCH", async () => {
    faulty.inject({ status: 503 }, { status: 503 });
    const before = faulty.requests.length;
    expect(await client().conversations.addSegments(WEBSITE, SESSION, ["retried"])).toEqual(["retried"]);
    expect(faulty.requests.length - before).toBe(3);
    const failing = { status: 503, reason: "internal_error" };
    faulty.inject(failing, failing, failing);
    const error = await rejection(client().conversations.getMeta(WEBSITE, SESSION));
    expect(error).toMatchObject({ status: 503, reason: "internal_error" });
    expect(faulty.requests.length - before).toBe(6);
  });

  it("never retries a POST that creates", async () => {
    faulty.inject({ status: 503, reason: "internal_error" });
    const before = faulty.requests.length;
    const error = await rejection(client().people.create(WEBSITE, { email: "once@example.com" }));
    expect(error).toMatchObject({ status: 503, method: "POST" });
    expect(faulty.requests.length - before).toBe(1);
    faulty.inject({ drop: true });
    expect(await rejection(client().people.create(WEBSITE, { email: "once@example.com" }))).toMatchObject({
      reason: "network_error",
    });
    expect(faulty.requests.length - before).toBe(2);
  });

  it("gives up at once when Retry-After asks for longer than maxRetryAfterMs, telling how long", async () => {
    faulty.inject({ status: 429, reason: "rate_limited", headers: { "Retry-After": "120" } });
    const before = faulty.requests.length;
    const error = await rejection(
      client({ retry: { maxRetryAfterMs: 5_000 } }).conversations.getMeta(WEBSITE, SESSION),
    );
    expect(error).toMatchObject({ status: 429, reason: "rate_limited", retryAfterMs: 120_000 });
    expect(faulty.requests.length - before).toBe(1);
  });

  it("retries an idempotent call after a dropped connection or a timeout", async () => {
    faulty.inject({ drop: true }, { delayMs: 400 });
    expect(await client({ timeoutMs: 200 }).conversations.getSegments(WEBSITE, SESSION)).toEqual(["retried"]);
  });

  it("does not retry when the limit is 0", async () => {
    faulty.inject({ status: 503 });
    const before = faulty.requests.length;
    expect(await rejection(client({ retry: { limit: 0 } }).conversations.getMeta(WEBSITE, SESSION))).toMatchObject({
      status: 503,
    });
    expect(faulty.requests.length - before).toBe(1);
  });
});
