/**
 * Runs a fetch-standard handler on node:http: an IncomingMessage becomes a Request (its body streamed, not
 * buffered, so the handler's size limit holds), and the Response is streamed back.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
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

/**
 * Only the body's methods carry one. A body already read is passed as it is; otherwise it is streamed (Node's
 * fetch needs `duplex` for that), so that the handler's own size limit holds.
 */
export function toRequest(message: IncomingMessage, signal?: AbortSignal, body?: Uint8Array<ArrayBuffer>): Request {
  const headers = new Headers();
  const raw = message.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) headers.append(raw[index] ?? "", raw[index + 1] ?? "");
  const method = message.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  const init: RequestInit & { duplex?: "half" } = { method, headers, signal };
  if (hasBody && body) {
    init.body = body;
  } else if (hasBody) {
    init.body = Readable.toWeb(message) as ReadableStream<Uint8Array>;
    init.duplex = "half";
  }
  return new Request(requestUrl(message), init);
}

/**
 * Reads a body of at most `maxBytes`, or returns null without reading further (the caller then streams what
 * is left to the handler, whose limit refuses it).
 */
function readSmallBody(message: IncomingMessage, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const declared = Number(message.headers["content-length"] ?? "NaN");
  if (!(declared >= 0 && declared <= maxBytes)) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on("data", (chunk: Buffer) => chunks.push(chunk));
    message.once("end", () => resolve(Uint8Array.from(Buffer.concat(chunks))));
    message.once("error", reject);
  });
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
  // Answers here are small (JSON, pages, scripts): one buffer costs far less than a web stream piped through.
  out.end(Buffer.from(await response.arrayBuffer()));
}

const UNSUPPORTED_METHODS = new Set(["TRACE", "TRACK", "CONNECT"]);
/** Bodies declared this small are read before the handler runs; larger or undeclared ones are streamed to it. */
const SMALL_BODY_BYTES = 64 * 1024;

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
        if (UNSUPPORTED_METHODS.has(message.method ?? "")) {
          response = failure("method_not_allowed", `${message.method} is not supported`, {
            Allow: "GET, POST, OPTIONS",
          });
        } else {
          // A body that says it is small is read at once: far cheaper than a web stream for the handler to pull.
          const body =
            message.method === "GET" || message.method === "HEAD"
              ? undefined
              : await readSmallBody(message, SMALL_BODY_BYTES);
          response = await handler(toRequest(message, aborted.signal, body ?? undefined), {
            clientAddress: clientAddress(message),
          });
        }
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
