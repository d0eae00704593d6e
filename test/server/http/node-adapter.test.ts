// @vitest-environment node
import { request as httpRequest } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { createSegmentsHandler } from "../../../src/server/http/handler";
import { type FetchHandler, type RunningServer, serveNode } from "../../../src/server/http/node-adapter";
import { createMemoryStore } from "../../../src/server/storage/memory-store";
import { OTHER_SESSION, operatorHeaders, rawRequest, rawSocket, SESSION, setup, WEBSITE } from "../../support/service";

const servers: RunningServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function start(handler: FetchHandler, onError?: (error: unknown) => void): Promise<RunningServer> {
  const server = await serveNode(handler, { port: 0, onError });
  servers.push(server);
  return server;
}

/** A raw request whose body is sent chunked, with no Content-Length: what a lying client would do. */
function chunkedPost(url: string, chunks: number, size: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: "POST", headers: { "Transfer-Encoding": "chunked" } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    // The server may stop reading and close once it has answered; that is not the client's failure here.
    req.on("error", (error: NodeJS.ErrnoException) =>
      error.code === "EPIPE" || error.code === "ECONNRESET" ? undefined : reject(error),
    );
    let sent = 0;
    const write = () => {
      while (sent < chunks) {
        sent++;
        if (!req.write(" ".repeat(size))) return void req.once("drain", write);
      }
      req.end();
    };
    write();
  });
}

describe("node adapter", () => {
  it("passes method, path, headers, body and client address, and writes the response back", async () => {
    const server = await start(async (request, context) => {
      const headers = new Headers({ "X-Echo": request.headers.get("X-Test") ?? "" });
      headers.append("Set-Cookie", "a=1");
      headers.append("Set-Cookie", "b=2");
      const body = JSON.stringify({
        method: request.method,
        path: new URL(request.url).pathname + new URL(request.url).search,
        body: await request.text(),
        clientAddress: context.clientAddress,
      });
      return new Response(body, { status: 201, headers });
    });
    const response = await fetch(`${server.url}/some/path?x=1`, {
      method: "POST",
      headers: { "X-Test": "yes" },
      body: "hello",
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("X-Echo")).toBe("yes");
    expect(response.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect(await response.json()).toEqual({
      method: "POST",
      path: "/some/path?x=1",
      body: "hello",
      clientAddress: "127.0.0.1",
    });
  });

  it("answers 500 when the handler throws", async () => {
    const errors: unknown[] = [];
    const server = await start(
      async () => {
        throw new Error("boom");
      },
      (error) => errors.push(error),
    );
    const response = await fetch(server.url);
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain("boom");
    expect(errors).toHaveLength(1);
  });

  it("answers 413 to a chunked body past the limit, and keeps serving", async () => {
    const handler = createSegmentsHandler({ websites: { [WEBSITE]: { origins: [] } }, store: createMemoryStore() });
    const server = await start(handler);
    const url = `${server.url}/v1/website/${WEBSITE}/session/${SESSION}/segments`;
    const result = await chunkedPost(url, 64, 1024);
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body).reason).toBe("payload_too_large");
    const small = await fetch(url, {
      method: "POST",
      body: JSON.stringify({ revision: 1, overwrite: false, segments: ["a"] }),
    });
    expect(small.status).toBe(200);
  });

  it("reads a small declared body at once and still enforces the handler's limits on it", async () => {
    const handler = createSegmentsHandler({ websites: { [WEBSITE]: { origins: [] } }, store: createMemoryStore() });
    const server = await start(handler);
    const url = `${server.url}/v1/website/${WEBSITE}/session/${SESSION}/segments`;
    const tooLarge = await fetch(url, { method: "POST", body: " ".repeat(20 * 1024) });
    expect(tooLarge.status).toBe(413);
    const badUtf8 = await fetch(url, { method: "POST", body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) });
    expect(badUtf8.status).toBe(400);
    const ok = await fetch(url, {
      method: "POST",
      body: JSON.stringify({ revision: 1, overwrite: false, segments: ["a"] }),
    });
    expect(await ok.json()).toMatchObject({ reason: "updated", data: { segments: ["a"], revision: 1 } });
  });

  it("limits one socket address across sessions", async () => {
    const { handler } = setup({ rateLimit: { perAddress: { rate: 0.001, burst: 1 }, perSession: false } });
    const server = await start(handler);
    const url = (session: string) => `${server.url}/v1/website/${WEBSITE}/session/${session}/segments`;
    expect((await fetch(url(SESSION))).status).toBe(200);
    const limited = await fetch(url(OTHER_SESSION), { headers: { "X-Forwarded-For": "198.51.100.1" } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("picks a free port with port 0 and closes", async () => {
    const server = await serveNode(async () => new Response("ok"), { port: 0 });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(await (await fetch(server.url)).text()).toBe("ok");
    await server.close();
    await expect(fetch(server.url)).rejects.toThrow();
  });

  it("answers TRACE with the 405 envelope, not a logged 500", async () => {
    const errors: unknown[] = [];
    const handler = createSegmentsHandler({
      websites: { [WEBSITE]: { origins: [] } },
      store: createMemoryStore(),
      onError: (error) => errors.push(error),
    });
    const server = await start(handler, (error) => errors.push(error));

    const result = await rawRequest(`${server.url}/v1/website/${WEBSITE}/session/${SESSION}/segments`, "TRACE");
    // Before: 500 "Internal error" as text/plain, and onError logged "TypeError: 'TRACE' HTTP method is unsupported."
    expect(result.status).toBe(405);
    expect(JSON.parse(result.body)).toMatchObject({ error: true, reason: "method_not_allowed" });
    expect(errors).toEqual([]);
  });
});

describe("node adapter: a hostile Host or target", () => {
  const routes = [
    ["the SDK's route", `/v1/website/${WEBSITE}/session/${SESSION}/segments`],
    ["a conversation's REST route", `/v1/website/${WEBSITE}/conversation/${SESSION}/segments`],
    ["the REST list", `/v1/website/${WEBSITE}/conversations/1`],
    ["an unknown route", "/no/such/route"],
  ];
  const body = JSON.stringify({ revision: 1, overwrite: false, segments: ["lead"] });
  const requests = (port: number, path: string): Array<[string, string]> => [
    ["a Host with a user name", `GET ${path} HTTP/1.1\r\nHost: user@evil.example\r\n`],
    ["a Host whose port hides a user name", `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}@evil\r\n`],
    [
      "an absolute target with credentials",
      `GET http://user:pw@127.0.0.1:${port}${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`,
    ],
    [
      "a POST to an absolute target with credentials",
      `POST http://user:pw@127.0.0.1:${port}${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
        `Content-Length: ${body.length}\r\n`,
    ],
  ];

  it.each(routes)("gets the 400 envelope on %s, and changes nothing", async (_name, path) => {
    const errors: unknown[] = [];
    const { handler, store } = setup({ onError: (error) => errors.push(error) });
    const server = await start(handler, (error) => errors.push(error));
    for (const [what, head] of requests(server.port, path)) {
      const payload = head.startsWith("POST") ? body : "";
      const auth = Object.entries(operatorHeaders()).map(([name, value]) => `${name}: ${value}\r\n`);
      const result = await rawSocket(server.port, `${head}${auth.join("")}\r\n${payload}`);
      expect(result.status, what).toBe(400);
      expect(result.head.toLowerCase(), what).toContain("content-type: application/json");
      expect(JSON.parse(result.body), what).toMatchObject({ error: true, reason: "invalid_request" });
    }
    expect(await store.get(WEBSITE, SESSION)).toEqual({ segments: [], revision: 0 });
    expect(errors).toEqual([]);
  });
});
