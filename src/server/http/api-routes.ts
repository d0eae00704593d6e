/**
 * The operators' REST routes, for a backend or an inbox: read, replace and edit one session's list, and list a
 * website's sessions. Behind a bearer token; without a configured token they do not exist (404). Their edits
 * change the list, never the revision, which counts the SDK's changes alone.
 */
import type { Context, Hono, Next } from "hono";
import { hasBearerToken } from "./bearer-token.js";
import { applyBody, findWebsite, refuseSessionId, unknownWebsite } from "./change-request.js";
import type { Config, SegmentsEnv } from "./options.js";
import { parseEditBody } from "./parse-body.js";
import { failure, sessionData, success } from "./responses.js";
import type { RoutePaths } from "./routes.js";

/** Operators may send a full list with long, multi-byte segments: more room than the SDK's 16 KiB. */
export const MAX_EDIT_BYTES = 64 * 1024;
const DEFAULT_LIST_LIMIT = 100;
const MAX_LIST_LIMIT = 1000;

type ApiContext = Context<SegmentsEnv>;

export function addApiRoutes(app: Hono<SegmentsEnv>, config: Config, paths: RoutePaths): void {
  const { apiToken, store } = config;
  const guard = async (c: ApiContext, next: Next) => {
    if (apiToken === undefined) {
      return failure(
        c,
        "not_found",
        "the REST API is off: give the handler an apiToken (the demo: SEGMENTS_API_TOKEN)",
      );
    }
    if (!hasBearerToken(c.req.header("Authorization"), apiToken)) {
      return failure(c, "unauthorized", "send Authorization: Bearer <api token>", { "WWW-Authenticate": "Bearer" });
    }
    if (findWebsite(config, c.req.param("website") ?? "") === undefined) return unknownWebsite(c);
    await next();
  };
  app.use(paths.apiSessions, guard);
  app.use(paths.apiSession, guard);

  app.get(paths.apiSessions, async (c) => {
    const sessions = await store.listSessions(c.req.param("website") ?? "", listLimit(c.req.query("limit")));
    return success(c, "resolved", {
      sessions: sessions.map((session) => ({
        session_id: session.sessionId,
        segments: session.segments,
        revision: session.revision,
        updated_at: new Date(session.updatedAt).toISOString(),
      })),
    });
  });
  app.all(paths.apiSessions, (c) => failure(c, "method_not_allowed", "use GET", { Allow: "GET" }));

  app.on(["GET", "PUT", "PATCH"], paths.apiSession, async (c) => {
    const website = c.req.param("website") ?? "";
    const session = c.req.param("session") ?? "";
    const refused = refuseSessionId(c, session);
    if (refused) return refused;
    if (c.req.method === "GET") return success(c, "resolved", sessionData(await store.get(website, session)));
    const method = c.req.method === "PUT" ? "PUT" : "PATCH";
    return applyBody(
      c,
      MAX_EDIT_BYTES,
      (text) => parseEditBody(text, method),
      ({ change }) => store.edit(website, session, change),
    );
  });
  app.all(paths.apiSession, (c) =>
    failure(c, "method_not_allowed", "use GET, PUT or PATCH", { Allow: "GET, PUT, PATCH" }),
  );
}

function listLimit(asked: string | undefined): number {
  const limit = Number(asked ?? DEFAULT_LIST_LIMIT);
  return Number.isInteger(limit) ? Math.min(Math.max(limit, 1), MAX_LIST_LIMIT) : DEFAULT_LIST_LIMIT;
}
