/**
 * The segments service as a fetch-standard handler, `(request) => Promise<Response>`, so that it runs in Node
 * (through `node-adapter.ts`) and in any runtime or framework that speaks Request and Response.
 */
import { handleApi } from "./api-routes.js";
import { normalizeOptions, type SegmentsHandlerOptions } from "./options.js";
import { failure } from "./responses.js";
import { matchRoute } from "./routes.js";
import { handleSession } from "./session-route.js";

/** What the runtime knows about a request beyond the Request itself. */
export interface RequestContext {
  /** The peer's address, used for the per-address rate limit. */
  clientAddress?: string;
}

export type SegmentsHandler = (request: Request, context?: RequestContext) => Promise<Response>;

export function createSegmentsHandler(options: SegmentsHandlerOptions): SegmentsHandler {
  const config = normalizeOptions(options);
  return async (request, context) => {
    try {
      const route = matchRoute(new URL(request.url).pathname, config.basePath);
      if (route === undefined) {
        // Readable from any page, so that an SDK pointed at a wrong endpoint hears a 404 and stops, instead of
        // seeing a network error and retrying for ever. The answer holds nothing but its reason.
        const origin = request.headers.get("Origin");
        const cors = origin ? { "Access-Control-Allow-Origin": origin, Vary: "Origin" } : undefined;
        return failure("not_found", "no such route", cors);
      }
      if (route.kind === "session") {
        const clientAddress = context?.clientAddress ?? config.clientAddress(request);
        return await handleSession(config, request, { ...route, clientAddress });
      }
      return await handleApi(config, request, route);
    } catch (error) {
      // Whatever a visitor sends, the service answers; a failure is reported, never thrown to the runtime.
      config.onError(error);
      return failure("internal_error", "the service failed; retry later");
    }
  };
}
