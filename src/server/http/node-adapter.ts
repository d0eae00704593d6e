/**
 * Runs a fetch-standard handler on node:http through @hono/node-server, whose Request reads the socket lazily and
 * whose Response is written without a web stream. Requests it cannot even turn into a Request (a Host with a user
 * name, a target it cannot parse) get the 400 envelope instead of its empty answer.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener, RequestError } from "@hono/node-server";
import type { RequestContext } from "./options.js";
import { hasUserinfo, refuseUserinfo } from "./request-target.js";
import { failureResponse } from "./responses.js";

export type FetchHandler = (request: Request, context: RequestContext) => Promise<Response>;

export interface NodeAdapterOptions {
  /**
   * The client's address for rate limits. Default: the socket's peer address. Behind a reverse proxy you trust,
   * read its header here; nothing trusts X-Forwarded-For by default, since any client can send one.
   */
  clientAddress?: (message: IncomingMessage) => string | undefined;
  /** Told about failures of the handler. Default: console.error. */
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

type Listener = (message: IncomingMessage, out: ServerResponse) => Promise<void>;

function adapt(handler: FetchHandler, options: NodeAdapterOptions) {
  const clientAddress = options.clientAddress ?? ((message) => message.socket.remoteAddress);
  const onError = options.onError ?? ((error) => console.error("crisp-segments: node adapter", error));
  return {
    // Refused here too, for whatever handler is served: the demo's pages as much as the service.
    fetch: (request: Request, env: { incoming: IncomingMessage }) =>
      hasUserinfo(request.url) ? refuseUserinfo() : handler(request, { clientAddress: clientAddress(env.incoming) }),
    errorHandler: (error: unknown): Response => {
      // A request that is not one (bad Host, bad target) is the client's doing, not a failure to log.
      if (error instanceof RequestError) {
        return failureResponse("invalid_request", "the request's Host or target is malformed");
      }
      onError(error);
      return failureResponse("internal_error", "the service failed; retry later");
    },
  };
}

/** A `(message, out)` listener, for a node:http server you create yourself. */
export function createNodeListener(handler: FetchHandler, options: NodeAdapterOptions = {}): Listener {
  const { fetch, errorHandler } = adapt(handler, options);
  return getRequestListener((request, env) => fetch(request, env as { incoming: IncomingMessage }), {
    errorHandler,
  }) as Listener;
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
