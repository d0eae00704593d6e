/**
 * Runs a fetch-standard handler on node:http: an IncomingMessage becomes a Request (its body streamed, not
 * buffered, so the handler's size limit holds), and the Response is streamed back.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { RequestContext } from "./handler.js";
import { failure } from "./responses.js";

export type FetchHandler = (request: Request, context: RequestContext) => Promise<Response>;

export interface NodeAdapterOptions {
  /**
   * The client's address for rate limits. Default: the socket's peer address. Behind a reverse proxy you trust,
   * read its header here; nothing trusts X-Forwarded-For by default, since any client can send one.
   */
  clientAddress?: (message: IncomingMessage) => string | undefined;
  /** Told about failures of the handler or of the connection. Default: console.error. */
  onError?: (error: unknown) => void;
}

export interface ServeNodeOptions extends NodeAdapterOptions {
  /** Default 8787; 0 picks a free port. */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
}

export interface RunningServer {
  server: Server;
  /** e.g. "http://127.0.0.1:8787", with the port actually bound. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Only the body's methods carry one; Node's fetch needs `duplex` to accept a streamed body. */
export function toRequest(message: IncomingMessage, signal?: AbortSignal): Request {
  const headers = new Headers();
  const raw = message.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) headers.append(raw[index] ?? "", raw[index + 1] ?? "");
  const method = message.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  const init: RequestInit & { duplex?: "half" } = { method, headers, signal };
  if (hasBody) {
    init.body = Readable.toWeb(message) as ReadableStream<Uint8Array>;
    init.duplex = "half";
  }
  return new Request(requestUrl(message), init);
}

/** The Host header is the client's word; one that does not parse falls back to localhost rather than failing. */
function requestUrl(message: IncomingMessage): URL {
  const path = message.url ?? "/";
  try {
    return new URL(path, `http://${message.headers.host ?? "localhost"}`);
  } catch {
    return new URL(path.startsWith("/") ? path : "/", "http://localhost");
  }
}

export async function writeResponse(response: Response, out: ServerResponse): Promise<void> {
  out.statusCode = response.status;
  for (const [name, value] of response.headers) if (name !== "set-cookie") out.setHeader(name, value);
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) out.setHeader("Set-Cookie", cookies);
  if (response.body === null) {
    out.end();
    return;
  }
  await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), out);
}

const UNSUPPORTED_METHODS = new Set(["TRACE", "TRACK", "CONNECT"]);

export function createNodeListener(
  handler: FetchHandler,
  options: NodeAdapterOptions = {},
): (message: IncomingMessage, out: ServerResponse) => void {
  const clientAddress = options.clientAddress ?? ((message) => message.socket.remoteAddress);
  const onError = options.onError ?? ((error) => console.error("crisp-segments: node adapter", error));
  return (message, out) => {
    // Tells the handler when the client goes away, so that it can stop reading.
    const aborted = new AbortController();
    out.on("close", () => {
      if (!out.writableFinished) aborted.abort();
    });
    void (async () => {
      let response: Response;
      try {
        // Node's Request refuses these methods outright; they are a client's doing, not a failure to log.
        response = UNSUPPORTED_METHODS.has(message.method ?? "")
          ? failure("method_not_allowed", `${message.method} is not supported`, { Allow: "GET, POST, OPTIONS" })
          : await handler(toRequest(message, aborted.signal), { clientAddress: clientAddress(message) });
      } catch (error) {
        onError(error);
        response = new Response("Internal error", { status: 500 });
      }
      // A body left unread (refused as too large, say) leaves the connection unusable: close it after answering.
      if (!message.complete) out.setHeader("Connection", "close");
      try {
        await writeResponse(response, out);
      } catch (error) {
        // Most often the client hung up mid-response; nothing is left to answer.
        if (!aborted.signal.aborted) onError(error);
        out.destroy();
      }
    })();
  };
}

export function serveNode(handler: FetchHandler, options: ServeNodeOptions = {}): Promise<RunningServer> {
  const server = createServer(createNodeListener(handler, options));
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8787, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      const address = server.address() as AddressInfo;
      const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
      resolve({
        server,
        url: `http://${host}:${address.port}`,
        port: address.port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeIdleConnections();
          }),
      });
    });
  });
}
