// A segments service with a fault injector in front, for the browser tests and the benchmark's fault figures.
// Plain node:http: it serves pages by path and the script-tag build, and hands every protocol request (/v1/...)
// either a fault or to the fetch-standard handler it is given, so it depends on nothing but that handler.
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";

/**
 * Starts listening on 127.0.0.1 (a free port). `createHandler(url)` makes the handler once the service's own
 * origin is known (the pages' origin, which the handler usually allows); `script` is the file served as
 * /dist/crisp-segments.js.
 */
export async function startFaultService({ createHandler, script, pages = new Map() }) {
  const requests = [];
  const queue = [];
  let down = null;
  let handler;
  let url = "";

  const server = createServer(async (message, out) => {
    const path = (message.url ?? "/").split("?")[0] ?? "/";
    if (!path.startsWith("/v1/")) return servePage(path, pages, script, out);
    const body = await readBody(message);
    const fault = down ?? queue.shift() ?? null;
    const seen = {
      method: message.method ?? "",
      path,
      sessionId: /\/session\/([^/]+)\//.exec(path)?.[1] ?? "",
      origin: message.headers.origin,
      contentType: message.headers["content-type"],
      body,
      at: Date.now(),
      fault: describe(fault),
      retryAfter: null,
    };
    requests.push(seen);
    if (fault && "drop" in fault) return void message.socket.destroy();
    if (fault && "status" in fault) {
      const extra = typeof fault.headers === "function" ? fault.headers() : (fault.headers ?? {});
      seen.retryAfter = extra["Retry-After"] ?? null;
      out.writeHead(fault.status, {
        "content-type": "application/json; charset=utf-8",
        "cache-control": "no-store",
        "access-control-allow-origin": message.headers.origin ?? "*",
        "access-control-expose-headers": "Retry-After",
        ...extra,
      });
      const envelope = { error: true, reason: fault.reason ?? "injected", data: { message: "injected fault" } };
      return void out.end(JSON.stringify(fault.body ?? envelope));
    }
    if (fault && "delayMs" in fault) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    try {
      const response = await handler(toRequest(url, message, body), { clientAddress: "127.0.0.1" });
      const content = Buffer.from(await response.arrayBuffer());
      out.writeHead(response.status, { ...Object.fromEntries(response.headers), "content-length": content.length });
      out.end(content);
    } catch {
      out.destroy();
    }
  });
  const bytes = countBytes(server);
  await new Promise((listening) => server.listen(0, "127.0.0.1", listening));
  url = `http://127.0.0.1:${server.address().port}`;
  handler = createHandler(url);

  return {
    url,
    pages,
    requests,
    posts: () => requests.filter((request) => request.method === "POST"),
    requestsOf: (sessionId) => requests.filter((request) => request.sessionId === sessionId),
    inject: (...faults) => void queue.push(...faults),
    setDown: (fault) => void (down = fault),
    pendingFaults: () => queue.length,
    clearFaults: () => void queue.splice(0),
    closeIdleConnections: () => server.closeIdleConnections(),
    bytes,
    close: () =>
      new Promise((closed) => {
        server.closeAllConnections();
        server.close(() => closed());
      }),
  };
}

/** Bytes read (requests) and written (answers) on all the server's sockets so far, headers included. */
function countBytes(server) {
  const sockets = new Set();
  let closedRead = 0;
  let closedWritten = 0;
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => {
      closedRead += socket.bytesRead;
      closedWritten += socket.bytesWritten;
      sockets.delete(socket);
    });
  });
  return () => {
    let read = closedRead;
    let written = closedWritten;
    for (const socket of sockets) {
      read += socket.bytesRead;
      written += socket.bytesWritten;
    }
    return { read, written };
  };
}

/** What a request got instead of the service's answer, for the logs: "drop", "503", "delay", or null. */
function describe(fault) {
  if (!fault) return null;
  if ("drop" in fault) return "drop";
  if ("delayMs" in fault) return "delay";
  return String(fault.status);
}

function readBody(message) {
  return new Promise((resolve) => {
    const chunks = [];
    message.on("data", (chunk) => chunks.push(chunk));
    message.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    message.on("error", () => resolve(""));
  });
}

function toRequest(origin, message, body) {
  const headers = new Headers();
  for (let index = 0; index + 1 < message.rawHeaders.length; index += 2) {
    headers.append(message.rawHeaders[index], message.rawHeaders[index + 1]);
  }
  const method = message.method ?? "GET";
  return new Request(origin + (message.url ?? "/"), {
    method,
    headers,
    body: method === "GET" || method === "HEAD" ? undefined : body,
  });
}

async function servePage(path, pages, script, out) {
  const page = pages.get(path);
  if (page !== undefined && path.endsWith(".js")) {
    out.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" });
    return void out.end(page);
  }
  if (page !== undefined) {
    // no-cache, not no-store: a no-store page never enters the back/forward cache, which a test needs.
    out.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-cache" });
    return void out.end(page);
  }
  if (path === "/dist/crisp-segments.js") {
    out.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" });
    return void out.end(await readFile(script));
  }
  out.writeHead(404, { "content-type": "text/plain" });
  out.end("not found");
}
