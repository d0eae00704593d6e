import { type SegmentsHandlerOptions } from "./options.js";
/** What the runtime knows about a request beyond the Request itself. */
export interface RequestContext {
    /** The peer's address, used for the per-address rate limit. */
    clientAddress?: string;
}
export type SegmentsHandler = (request: Request, context?: RequestContext) => Promise<Response>;
export declare function createSegmentsHandler(options: SegmentsHandlerOptions): SegmentsHandler;
