/**
 * Runs a fetch-standard handler on node:http through @hono/node-server, whose Request reads the socket lazily and
 * whose Response is written without a web stream. Requests it cannot even turn into a Request (a Host with a user
 * name, a target it cannot parse) get the 400 envelope instead of its empty answer.
 */
import { type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { RequestContext } from "./options.js";
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
/** A `(message, out)` listener, for a node:http server you create yourself. */
export declare function createNodeListener(handler: FetchHandler, options?: NodeAdapterOptions): Listener;
export declare function serveNode(handler: FetchHandler, options?: ServeNodeOptions): Promise<RunningServer>;
export {};
