import { type RequestContext, type SegmentsHandlerOptions } from "./options.js";
export type SegmentsHandler = (request: Request, context?: RequestContext) => Promise<Response>;
export declare function createSegmentsHandler(options: SegmentsHandlerOptions): SegmentsHandler;
