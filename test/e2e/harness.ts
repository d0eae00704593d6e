/**
 * What the browser tests run against: real Chromium (Debian's, never a download) and the real reference
 * service, in front of which a fault injector can answer errors, hang up, or be slow.
 */

import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join, normalize } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { createMemoryStore, createSegmentsHandler, type SegmentsStore } from "../../src/server";

export const WEBSITE = "e2e-website";
const DIST = join(import.meta.dirname, "../../dist");

/** `backForwardCache`: keep Chromium's back/forward cache, which Playwright turns off by default. */
export function launchChromium(options: { backForwardCache?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    ignoreDefaultArgs: options.backForwardCache ? ["--disable-back-forward-cache"] : [],
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

/** What to do with the next protocol request: answer normally, answer this instead, hang up, or wait first. */
export type Fault =
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | { drop: true }
  | { delayMs: number };

export interface SeenRequest {
  method: string;
  path: string;
  origin: string | undefined;
  contentType: string | undefined;
  body: string;
  at: number;
  /** Whether the service answered it normally (not a fault). */
  served: boolean;
}

export interface TestService {
  url: string;
  store: SegmentsStore;
  requests: SeenRequest[];
  /** Protocol requests (the website's routes), in arrival order. */
  protocol(): SeenRequest[];
  posts(): SeenRequest[];
  /** Faults for the next protocol requests, one each, in order. */
  inject(...faults: Fault[]): void;
  /** While set, every protocol request gets this fault. */
  setDown(fault: Fault | null): void;
  segments(sessionId: string): Promise<string[]>;
  /** Extra pages: path → HTML. */
  pages: Map<string, string>;
  close(): Promise<void>;
}

export async function startTestService(options: { origins?: string[] } = {}): Promise<TestService> {
  const store = createMemoryStore();
  /** Made once the server listens: by default the allowed origin is the service's own. */
  let handler: ReturnType<typeof createSegmentsHandler>;
  const requests: SeenRequest[] = [];
  const queue: Fault[] = [];
  let down: Fault | null = null;
  const pages = new Map<string, string>();
  let url = "";

  const server: Server = createServer(async (message, out) => {
    const path = (message.url ?? "/").split("?")[0] ?? "/";
    if (!path.startsWith("/v1/")) return servePage(path, pages, out);
    const body = await readBody(message);
    const fault = down ?? queue.shift() ?? null;
    requests.push({
      method: message.method ?? "",
      path,
      origin: message.headers.origin,
      contentType: message.headers["content-type"],
      body,
      at: Date.now(),
      served: fault === null || "delayMs" in fault,
    });
    if (fault && "drop" in fault) return message.socket.destroy();
    if (fault && "status" in fault) {
      const headers: Record<string, string> = {
        "content-type": "application/json",
        "access-control-allow-origin": message.headers.origin ?? "*",
        "access-control-expose-headers": "Retry-After",
        ...fault.headers,
      };
      out.writeHead(fault.status, headers);
      return out.end(
        JSON.stringify(fault.body ?? { error: true, reason: "injected", data: { message: "injected fault" } }),
      );
    }
    if (fault && "delayMs" in fault) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    const headers = new Headers();
    for (let index = 0; index + 1 < message.rawHeaders.length; index += 2) {
      headers.append(message.rawHeaders[index] ?? "", message.rawHeaders[index + 1] ?? "");
    }
    const method = message.method ?? "GET";
    const request = new Request(url + (message.url ?? "/"), {
      method,
      headers,
      body: method === "GET" || method === "HEAD" ? undefined : body,
    });
    const response = await handler(request, { clientAddress: "127.0.0.1" });
    out.writeHead(response.status, Object.fromEntries(response.headers));
    out.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}`;
  handler = createSegmentsHandler({
    websites: { [WEBSITE]: { origins: options.origins ?? [url] } },
    store,
    rateLimit: { perSession: false, perAddress: false },
  });

  return {
    url,
    store,
    requests,
    pages,
    protocol: () => requests.slice(),
    posts: () => requests.filter((request) => request.method === "POST"),
    inject: (...faults) => void queue.push(...faults),
    setDown: (fault) => void (down = fault),
    segments: async (sessionId) => (await store.get(WEBSITE, sessionId)).segments,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(message: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    message.on("data", (chunk: Buffer) => chunks.push(chunk));
    message.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    message.on("error", () => resolve(""));
  });
}

async function servePage(
  path: string,
  pages: Map<string, string>,
  out: import("node:http").ServerResponse,
): Promise<void> {
  const page = pages.get(path);
  if (page !== undefined) {
    out.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-cache" });
    return void out.end(page);
  }
  if (path.startsWith("/dist/")) {
    const file = normalize(join(DIST, path.slice("/dist/".length)));
    if (file.startsWith(DIST)) {
      try {
        const content = await readFile(file);
        out.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" });
        return void out.end(content);
      } catch {
        // Falls through to 404.
      }
    }
  }
  out.writeHead(404, { "content-type": "text/plain" });
  out.end("not found");
}

/** The classic snippet page: commands queued before the script, which loads asynchronously. */
export function snippetPage(options: { before?: string; endpoint?: string; after?: string } = {}): string {
  const config = options.endpoint
    ? `window.CRISP_RUNTIME_CONFIG = { endpoint: ${JSON.stringify(options.endpoint)} };`
    : "";
  const script = options.endpoint ? `${options.endpoint}/dist/crisp-segments.js` : "/dist/crisp-segments.js";
  return `<!doctype html><html><head><meta charset="utf-8"><title>e2e</title>
<script>
  window.$crisp = []; window.CRISP_WEBSITE_ID = ${JSON.stringify(WEBSITE)}; ${config}
  window.__errors = []; window.__loaded = null;
  $crisp.push(["safe", true]);
  $crisp.push(["on", "error", function (e) { window.__errors.push(e.code + ": " + e.message); }]);
  $crisp.push(["on", "session:loaded", function (id) { window.__loaded = id; }]);
  ${options.before ?? ""}
</script>
<script async src="${script}"></script>
</head><body><a id="away" href="/nosdk">away</a>
<script>${options.after ?? ""}</script></body></html>`;
}

export const NO_SDK_PAGE = "<!doctype html><html><head><title>no sdk</title></head><body>no sdk here</body></html>";

export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  stepMs = 25,
): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}
