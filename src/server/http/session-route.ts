/** The protocol route the SDK calls: GET and POST `/v1/website/{website_id}/session/{session_id}/segments`. */
import type { Context, Hono, Next } from "hono";
import { preview } from "../../protocol/preview.js";
import { applyBody, findWebsite, refuseSessionId, unknownWebsite } from "./change-request.js";
import { allowReading, preflight } from "./cors.js";
import type { Config, SegmentsEnv } from "./options.js";
import { parseChangeBody } from "./parse-body.js";
import type { RateLimiter } from "./rate-limit.js";
import { failure, sessionData, success } from "./responses.js";

/** docs/protocol.md: a change body is at most 16 KiB. */
export const MAX_CHANGE_BYTES = 16 * 1024;

type SessionContext = Context<SegmentsEnv>;

export function addSessionRoute(app: Hono<SegmentsEnv>, config: Config, path: string): void {
  app.use(path, async (c: SessionContext, next: Next) => {
    const origin = c.req.header("Origin");
    allowReading(c, origin);
    const allows = findWebsite(config, c.req.param("website") ?? "");
    if (allows === undefined) return unknownWebsite(c);
    // Browsers send Origin on every cross-origin request and on same-origin POSTs; other clients may omit it.
    if (origin !== undefined && !allows(origin)) {
      return failure(c, "origin_not_allowed", `the website does not allow pages from ${preview(origin)}`);
    }
    await next();
  });
  app.options(path, preflight);
  app.on(["GET", "POST"], path, async (c: SessionContext) => {
    const websiteId = c.req.param("website") ?? "";
    const sessionId = c.req.param("session") ?? "";
    const refused = refuseSessionId(c, sessionId) ?? limit(c, config, `${websiteId}/${sessionId}`);
    if (refused) return refused;
    if (c.req.method === "GET") {
      return success(c, "resolved", sessionData(await config.store.get(websiteId, sessionId)));
    }
    return applyBody(c, MAX_CHANGE_BYTES, parseChangeBody, ({ revision, change }) =>
      config.store.applyChange(websiteId, sessionId, revision, change),
    );
  });
  app.all(path, (c) => failure(c, "method_not_allowed", "use GET or POST", { Allow: "GET, POST, OPTIONS" }));
}

/** The per-address limit first (the socket's address, or what the runtime's option says), then the session's. */
function limit(c: SessionContext, config: Config, sessionKey: string): Response | undefined {
  const address = c.env?.clientAddress ?? config.clientAddress(c.req.raw);
  return take(c, config.addressLimiter, address) ?? take(c, config.sessionLimiter, sessionKey);
}

function take(c: SessionContext, limiter: RateLimiter | undefined, key: string | undefined): Response | undefined {
  if (limiter === undefined || key === undefined) return undefined;
  const decision = limiter.take(key);
  if (decision.ok) return undefined;
  return failure(c, "rate_limited", "too many requests; retry later", {
    "Retry-After": String(decision.retryAfterSeconds),
  });
}
