/**
 * The segments service as a fetch-standard handler, `(request) => Promise<Response>`: a Hono app inside, so that it
 * runs on Node (through `node-adapter.ts`), inside another Hono app, and in any runtime that speaks Request and
 * Response.
 */
import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { addLiveRoute } from "../team/live-route.js";
import { addTeamRoutes } from "../team/team-routes.js";
import { allowReading } from "./cors.js";
import {
  type Config,
  normalizeOptions,
  type RequestContext,
  type SegmentsEnv,
  type SegmentsHandlerOptions,
} from "./options.js";
import { hasUserinfo, refuseUserinfo } from "./request-target.js";
import { failure } from "./responses.js";
import { routePaths } from "./routes.js";
import { addSessionRoute } from "./session-route.js";

const ONLY_NOSNIFF = {
  xContentTypeOptions: true,
  crossOriginResourcePolicy: false,
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  referrerPolicy: false,
  strictTransportSecurity: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xFrameOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
  removePoweredBy: false,
} as const;

export type SegmentsHandler = (request: Request, context?: RequestContext) => Promise<Response>;

export function createSegmentsHandler(options: SegmentsHandlerOptions): SegmentsHandler {
  const app = createSegmentsApp(normalizeOptions(options));
  return async (request, context) => {
    if (hasUserinfo(request.url)) return refuseUserinfo();
    return app.fetch(request, context);
  };
}

function createSegmentsApp(config: Config): Hono<SegmentsEnv> {
  const app = new Hono<SegmentsEnv>();
  // The answers are JSON for scripts: nosniff is the header that matters. The others of secureHeaders concern
  // pages (framing, referrers, agent clusters) or TLS, and each costs a header write on every answer.
  app.use(secureHeaders(ONLY_NOSNIFF));
  addSessionRoute(app, config, routePaths(config.basePath).session);
  addTeamRoutes(app, config);
  addLiveRoute(app, config);
  app.notFound((c) => {
    // Readable from any page, so that an SDK pointed at a wrong endpoint hears a 404 and stops, instead of seeing
    // a network error and retrying for ever. The answer holds nothing but its reason.
    allowReading(c, c.req.header("Origin") || undefined);
    return failure(c, "not_found", "no such route");
  });
  app.onError((error, c) => {
    // Whatever a visitor sends, the service answers; a failure is reported, never thrown to the runtime.
    config.onError(error);
    return failure(c, "internal_error", "the service failed; retry later");
  });
  return app;
}
