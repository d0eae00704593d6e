/**
 * Runs a fetch-standard handler on node:http: an IncomingMessage becomes a Request (its body streamed, not
 * buffered, so the handler's size limit holds), and the Response is streamed back.
 */
import { type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { RequestContext } from "./handler.js";
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
export declare function toRequest(message: IncomingMessage, signal?: AbortSignal, body?: Uint8Array<ArrayBuffer>): Request;
export declare function writeResponse(response: Response, out: ServerResponse): Promise<void>;
export declare function createNodeListener(handler: FetchHandler, options?: NodeAdapterOptions): (message: IncomingMessage, out: ServerResponse) => void;
export declare function serveNode(handler: FetchHandler, options?: ServeNodeOptions): Promise<RunningServer>;
