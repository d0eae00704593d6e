/**
 * Conversations (a conversation is a visitor's session): Crisp's "Get/Update Conversation Metas" and "List
 * Conversations", and our atomic segment edit. Segments written here change the session's list, never the SDK's
 * revision: the visitor's page sees the new list on its next read.
 */
import type { Hono, MiddlewareHandler } from "hono";
import { MAX_SEGMENTS } from "../../protocol/segments.js";
import { refuseSessionId } from "../http/change-request.js";
import type { SegmentsEnv } from "../http/options.js";
import { failure, success } from "../http/responses.js";
import { answerRefusal } from "./checked.js";
import { parseMetaPatch } from "./conversation-body.js";
import { MAX_WRITE_BYTES, readJsonObject } from "./json-body.js";
import { NEXT_CURSOR_HEADER, nextCursor } from "./list-cursor.js";
import { conversationQuery } from "./list-query.js";
import { addRoute, type TeamContext } from "./route-table.js";
import { parseSegmentEdit } from "./segment-edit-body.js";
import type { TeamConfig } from "./team-config.js";
import type { TeamPaths } from "./team-paths.js";
import { conversationWire, metaWire } from "./wire.js";

type SessionHandler = (c: TeamContext, websiteId: string, sessionId: string) => Promise<Response>;

/** Runs `handler` for a well-formed session id, or answers 400. */
const forSession =
  (handler: SessionHandler) =>
  async (c: TeamContext): Promise<Response> => {
    const sessionId = c.req.param("session") ?? "";
    return refuseSessionId(c, sessionId) ?? handler(c, c.req.param("website") ?? "", sessionId);
  };

export function addConversationRoutes(
  app: Hono<SegmentsEnv>,
  { store }: TeamConfig,
  paths: TeamPaths,
  guard: MiddlewareHandler<SegmentsEnv>,
): void {
  addRoute(app, paths.meta, guard, {
    GET: forSession(async (c, websiteId, sessionId) => {
      const [meta, session] = await Promise.all([store.getMeta(websiteId, sessionId), store.get(websiteId, sessionId)]);
      return success(c, "resolved", metaWire(meta, session.segments));
    }),
    PATCH: forSession(async (c, websiteId, sessionId) => {
      const body = await readJsonObject(c.req.raw, MAX_WRITE_BYTES);
      const patch = body.ok ? parseMetaPatch(body.value) : body;
      if (!patch.ok) return answerRefusal(c, patch);
      const { meta, segments } = patch.value;
      // Segments first: a rule that the new email fires then adds to the list given, rather than being overwritten.
      if (segments !== undefined) await store.edit(websiteId, sessionId, { overwrite: true, segments });
      if (Object.keys(meta).length > 0) await store.mergeMeta(websiteId, sessionId, meta);
      return success(c, "updated", {});
    }),
  });

  addRoute(app, paths.conversationSegments, guard, {
    PATCH: forSession(async (c, websiteId, sessionId) => {
      const body = await readJsonObject(c.req.raw, MAX_WRITE_BYTES);
      const change = body.ok ? parseSegmentEdit(body.value) : body;
      if (!change.ok) return answerRefusal(c, change);
      const result = await store.edit(websiteId, sessionId, change.value);
      if (result.reason === "too_many") {
        const message = `the change would leave the session with more than ${MAX_SEGMENTS} segments; nothing changed`;
        return failure(c, "invalid_segments", message);
      }
      return success(c, "updated", { segments: result.segments });
    }),
  });

  addRoute(app, paths.conversations, guard, {
    GET: async (c) => {
      const websiteId = c.req.param("website") ?? "";
      const query = conversationQuery(c.req.param("page") ?? "", (name) => c.req.query(name));
      if (!query.ok) return answerRefusal(c, query);
      const rows = await store.listConversations(websiteId, query.value);
      const next = nextCursor(
        rows.map((row) => ({ updatedAt: row.updatedAt, id: row.sessionId })),
        query.value.perPage,
      );
      if (next !== undefined) c.header(NEXT_CURSOR_HEADER, next);
      return success(
        c,
        "resolved",
        rows.map((row) => conversationWire(websiteId, row)),
      );
    },
  });
}
