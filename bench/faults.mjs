// A fault-injecting service for the "Delivery after injected faults" figures of bench/run.mjs, after the idea of
// test/e2e/harness.ts but on the BUILT files: a plain node:http server that serves pages by path and
// dist/crisp-segments.js, and puts a fault injector in front of the reference service (dist/server.mjs, memory
// store, rate limits off so that only the injected faults answer errors). The store records the moment it applies
// each change (Date.now(), the clock the page's Date.now() reads too), so that delivery is timed server-side,
// not by polling.

import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createMemoryStore, createSegmentsHandler, writeResponse } from "../dist/server.mjs";

/**
 * A fault, for one protocol request or for all of them while the service is down:
 * - { status, headers?, body? }: answer this instead (`headers` may be a function, called as the answer is made);
 * - { drop: true }: destroy the socket after reading the request, before any answer.
 */
export async function startFaultService({ website, pages = new Map(), script }) {
  const sdk = readFileSync(script);
  const inner = createMemoryStore();
  /** Every change the store applied: { sessionId, revision, segments, at }. */
  const applied = [];
  const store = {
    ...inner,
    async applyChange(websiteId, sessionId, revision, change) {
      const result = await inner.applyChange(websiteId, sessionId, revision, change);
      if (result.reason === "updated")
        applied.push({ sessionId, revision, segments: result.segments.slice(), at: Date.now() });
      return result;
    },
  };
  /** Every protocol request: { method, sessionId, at, fault } (fault: what it got instead of the service's answer). */
  const requests = [];
  const queue = [];
  let down = null;
  let handler;
  let url = "";

  const server = createServer(async (message, out) => {
    const path = (message.url ?? "/").split("?")[0];
    if (!path.startsWith("/v1/")) {
      const page = pages.get(path);
      if (page !== undefined) {
        out.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
        return void out.end(page);
      }
      if (path === "/dist/crisp-segments.js") {
        out.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" });
        return void out.end(sdk);
      }
      out.writeHead(404, { "content-type": "text/plain" });
      return void out.end("not found");
    }
    const chunks = [];
    for await (const chunk of message) chunks.push(chunk);
    const body = Buffer.concat(chunks).toString("utf8");
    const fault = down ?? queue.shift() ?? null;
    const seen = {
      method: message.method,
      sessionId: /\/session\/([^/]+)\//.exec(path)?.[1] ?? "",
      at: Date.now(),
      fault: fault ? ("drop" in fault ? "drop" : String(fault.status)) : null,
      retryAfter: null,
    };
    requests.push(seen);
    if (fault && "drop" in fault) return void message.socket.destroy();
    if (fault) {
      const extra = typeof fault.headers === "function" ? fault.headers() : (fault.headers ?? {});
      seen.retryAfter = extra["Retry-After"] ?? null;
      out.writeHead(fault.status, {
        "content-type": "application/json; charset=utf-8",
        "cache-control": "no-store",
        "access-control-allow-origin": message.headers.origin ?? "*",
        "access-control-expose-headers": "Retry-After",
        ...extra,
      });
      return void out.end(
        JSON.stringify({ error: true, reason: fault.reason ?? "injected", data: { message: "injected fault" } }),
      );
    }
    const headers = new Headers();
    for (let index = 0; index + 1 < message.rawHeaders.length; index += 2) {
      headers.append(message.rawHeaders[index], message.rawHeaders[index + 1]);
    }
    const method = message.method ?? "GET";
    const request = new Request(url + message.url, {
      method,
      headers,
      body: method === "GET" || method === "HEAD" ? undefined : body,
    });
    await writeResponse(await handler(request, { clientAddress: "127.0.0.1" }), out).catch(() => out.destroy());
  });
  await new Promise((listening) => server.listen(0, "127.0.0.1", listening));
  url = `http://127.0.0.1:${server.address().port}`;
  handler = createSegmentsHandler({
    websites: { [website]: { origins: [url] } },
    store,
    rateLimit: { perSession: false, perAddress: false },
    onError: () => {},
  });

  return {
    url,
    pages,
    requests,
    /** Faults for the next protocol requests, one each, in order. */
    inject: (...faults) => void queue.push(...faults),
    /** While set, every protocol request gets this fault. */
    setDown: (fault) => void (down = fault),
    /** Faults injected and not yet used. */
    pendingFaults: () => queue.length,
    clearFaults: () => void queue.splice(0),
    /** When the service first applied a change of the session that left `segment` in its list, or null. */
    appliedAt(sessionId, segment) {
      return applied.find((entry) => entry.sessionId === sessionId && entry.segments.includes(segment))?.at ?? null;
    },
    /** Closes the sockets that carry no request now (the page's kept-alive ones), so the next request opens one. */
    closeIdleConnections: () => server.closeIdleConnections(),
    requestsOf: (sessionId) => requests.filter((request) => request.sessionId === sessionId),
    close: () =>
      new Promise((closed) => {
        server.closeAllConnections();
        server.close(() => closed());
      }),
  };
}
