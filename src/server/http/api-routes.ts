/**
 * The operators' REST routes, for a backend or an inbox: read, replace and edit one session's list, and list a
 * website's sessions. Behind a bearer token; without a configured token they do not exist (404). Their edits
 * change the list, never the revision, which counts the SDK's changes alone.
 */

import { isSessionId, isWebsiteId } from "../../protocol/ids.js";
import { MAX_SEGMENTS } from "../../protocol/segments.js";
import type { Config } from "./options.js";
import { parseEditBody } from "./parse-body.js";
import { readBody } from "./read-body.js";
import { failure, sessionData, success } from "./responses.js";
import type { Route } from "./routes.js";

/** Operators may send a full list with long, multi-byte segments: more room than the SDK's 16 KiB. */
export const MAX_EDIT_BYTES = 64 * 1024;
const DEFAULT_LIST_LIMIT = 100;
const MAX_LIST_LIMIT = 1000;

export async function handleApi(
  config: Config,
  request: Request,
  route: Extract<Route, { kind: "api-session" | "api-sessions" }>,
): Promise<Response> {
  if (config.apiToken === undefined) return failure("not_found", "no such route");
  if (!hasToken(request, config.apiToken)) {
    return failure("unauthorized", "send Authorization: Bearer <api token>", { "WWW-Authenticate": "Bearer" });
  }
  if (!isWebsiteId(route.websiteId) || !config.websites.has(route.websiteId)) {
    return failure("website_not_found", "this service knows no such website");
  }
  const { store } = config;

  if (route.kind === "api-sessions") {
    if (request.method !== "GET") return failure("method_not_allowed", "use GET", { Allow: "GET" });
    const sessions = await store.listSessions(route.websiteId, listLimit(new URL(request.url)));
    return success("resolved", {
      sessions: sessions.map((session) => ({
        session_id: session.sessionId,
        segments: session.segments,
        revision: session.revision,
        updated_at: new Date(session.updatedAt).toISOString(),
      })),
    });
  }

  const method = request.method;
  if (method !== "GET" && method !== "PUT" && method !== "PATCH") {
    return failure("method_not_allowed", "use GET, PUT or PATCH", { Allow: "GET, PUT, PATCH" });
  }
  if (!isSessionId(route.sessionId)) {
    return failure("invalid_session", "the session id is not session_ followed by a lowercase UUID v4");
  }
  if (method === "GET") return success("resolved", sessionData(await store.get(route.websiteId, route.sessionId)));

  const body = await readBody(request, MAX_EDIT_BYTES);
  if (!body.ok) return failure(body.reason, body.message);
  const parsed = parseEditBody(body.text, method);
  if (!parsed.ok) return failure(parsed.reason, parsed.message);
  const result = await store.edit(route.websiteId, route.sessionId, parsed.change);
  if (result.reason === "too_many") {
    return failure("invalid_segments", `the edit would leave the session with more than ${MAX_SEGMENTS} segments`);
  }
  return success("updated", sessionData(result));
}

function listLimit(url: URL): number {
  const asked = Number(url.searchParams.get("limit") ?? DEFAULT_LIST_LIMIT);
  return Number.isInteger(asked) ? Math.min(Math.max(asked, 1), MAX_LIST_LIMIT) : DEFAULT_LIST_LIMIT;
}

function hasToken(request: Request, token: string): boolean {
  // The scheme is case-insensitive (RFC 9110, section 11.1).
  const match = /^Bearer +(.+)$/i.exec(request.headers.get("Authorization") ?? "");
  return match?.[1] !== undefined && sameText(match[1], token);
}

/** Compares in time that depends on the expected token's length only, not on where the first difference is. */
function sameText(given: string, expected: string): boolean {
  let difference = given.length ^ expected.length;
  for (let index = 0; index < expected.length; index++) {
    difference |= expected.charCodeAt(index) ^ (index < given.length ? given.charCodeAt(index) : 0);
  }
  return difference === 0;
}
