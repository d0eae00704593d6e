/** The protocol route the SDK calls: GET and POST `/v1/website/{website_id}/session/{session_id}/segments`. */

import { isSessionId, isWebsiteId } from "../../protocol/ids.js";
import { preview } from "../../protocol/preview.js";
import { MAX_SEGMENTS } from "../../protocol/segments.js";
import { addCorsHeaders, preflight } from "./cors.js";
import type { Config } from "./options.js";
import { parseChangeBody } from "./parse-body.js";
import type { RateLimiter } from "./rate-limit.js";
import { readBody } from "./read-body.js";
import { failure, sessionData, success } from "./responses.js";

/** docs/protocol.md: a change body is at most 16 KiB. */
export const MAX_CHANGE_BYTES = 16 * 1024;

export interface SessionRequest {
  websiteId: string;
  sessionId: string;
  clientAddress: string | undefined;
}

export async function handleSession(config: Config, request: Request, route: SessionRequest): Promise<Response> {
  const origin = request.headers.get("Origin");
  let response: Response;
  try {
    response = await answer(config, request, route, origin);
  } catch (error) {
    config.onError(error);
    response = failure("internal_error", "the service failed; retry later");
  }
  return addCorsHeaders(response, origin);
}

async function answer(
  config: Config,
  request: Request,
  route: SessionRequest,
  origin: string | null,
): Promise<Response> {
  const allows = isWebsiteId(route.websiteId) ? config.websites.get(route.websiteId) : undefined;
  if (allows === undefined) return failure("website_not_found", "this service knows no such website");
  // Browsers send Origin on every cross-origin request and on same-origin POSTs; other clients may omit it.
  if (origin !== null && !allows(origin)) {
    return failure("origin_not_allowed", `the website does not allow pages from ${preview(origin)}`);
  }
  if (request.method === "OPTIONS") return preflight();
  if (request.method !== "GET" && request.method !== "POST") {
    return failure("method_not_allowed", "use GET or POST", { Allow: "GET, POST, OPTIONS" });
  }
  if (!isSessionId(route.sessionId)) {
    return failure("invalid_session", "the session id is not session_ followed by a lowercase UUID v4");
  }
  const limited =
    take(config.addressLimiter, route.clientAddress) ??
    take(config.sessionLimiter, `${route.websiteId}/${route.sessionId}`);
  if (limited) return limited;

  if (request.method === "GET") {
    return success("resolved", sessionData(await config.store.get(route.websiteId, route.sessionId)));
  }
  const body = await readBody(request, MAX_CHANGE_BYTES);
  if (!body.ok) return failure(body.reason, body.message);
  const parsed = parseChangeBody(body.text);
  if (!parsed.ok) return failure(parsed.reason, parsed.message);
  const result = await config.store.applyChange(route.websiteId, route.sessionId, parsed.revision, parsed.change);
  if (result.reason === "too_many") {
    return failure("invalid_segments", `the change would leave the session with more than ${MAX_SEGMENTS} segments`);
  }
  return success(result.reason, sessionData(result));
}

function take(limiter: RateLimiter | undefined, key: string | undefined): Response | undefined {
  if (limiter === undefined || key === undefined) return undefined;
  const decision = limiter.take(key);
  if (decision.ok) return undefined;
  return failure("rate_limited", "too many requests; retry later", {
    "Retry-After": String(decision.retryAfterSeconds),
  });
}
