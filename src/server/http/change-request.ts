/**
 * What the SDK's route and the operators' routes share: checking a path's ids, and turning a body into a stored
 * change (read within a size limit, parse, apply, refuse what would exceed the segment cap).
 */
import type { Context } from "hono";
import { isSessionId, isWebsiteId } from "../../protocol/ids.js";
import { MAX_SEGMENTS } from "../../protocol/segments.js";
import type { ChangeResult, EditResult } from "../storage/segments-store.js";
import type { OriginCheck } from "./cors.js";
import type { Config } from "./options.js";
import type { ParsedBody } from "./parse-body.js";
import { readBody } from "./read-body.js";
import { failure, sessionData, success } from "./responses.js";

/** The origins a known website allows; undefined for an id that is malformed or not configured. */
export function findWebsite(config: Config, websiteId: string): OriginCheck | undefined {
  return isWebsiteId(websiteId) ? config.websites.get(websiteId) : undefined;
}

export function unknownWebsite(c: Context): Response {
  return failure(c, "website_not_found", "this service knows no such website");
}

/** The 400 for a session id that is not one; undefined when it is. */
export function refuseSessionId(c: Context, sessionId: string): Response | undefined {
  if (isSessionId(sessionId)) return undefined;
  return failure(c, "invalid_session", "the session id is not session_ followed by a lowercase UUID v4");
}

/**
 * Reads and parses the body, lets `store` apply the change, and answers: the stored list, or the refusal of a body
 * that is too large or malformed, or of a change that would leave more than MAX_SEGMENTS segments.
 */
export async function applyBody<T>(
  c: Context,
  maxBytes: number,
  parse: (text: string) => ParsedBody<T>,
  store: (parsed: T) => Promise<ChangeResult | EditResult>,
): Promise<Response> {
  const body = await readBody(c.req.raw, maxBytes);
  if (!body.ok) return failure(c, body.reason, body.message);
  const parsed = parse(body.text);
  if (!parsed.ok) return failure(c, parsed.reason, parsed.message);
  const result = await store(parsed);
  if (result.reason === "too_many") {
    return failure(c, "invalid_segments", `the change would leave the session with more than ${MAX_SEGMENTS} segments`);
  }
  return success(c, result.reason, sessionData(result));
}
