/**
 * Crisp's "Batch Update Conversations Segments" and "Batch Update People Segments" (one route, told apart by the
 * body): adds the segments to every session or contact listed, in one store transaction, and says who was
 * updated, who was not found and who would have passed 100 segments (left as they were).
 */
import type { Hono, MiddlewareHandler } from "hono";
import type { SegmentsEnv } from "../http/options.js";
import { success } from "../http/responses.js";
import { parseBatch } from "./batch-body.js";
import { answerRefusal } from "./checked.js";
import { MAX_BATCH_BYTES, readJsonObject } from "./json-body.js";
import { addRoute } from "./route-table.js";
import type { TeamConfig } from "./team-config.js";
import type { TeamPaths } from "./team-paths.js";
import { batchWire } from "./wire.js";

export function addBatchRoutes(
  app: Hono<SegmentsEnv>,
  { store }: TeamConfig,
  paths: TeamPaths,
  guard: MiddlewareHandler<SegmentsEnv>,
): void {
  addRoute(app, paths.batchSegments, guard, {
    PATCH: async (c) => {
      const body = await readJsonObject(c.req.raw, MAX_BATCH_BYTES);
      const batch = body.ok ? parseBatch(body.value) : body;
      if (!batch.ok) return answerRefusal(c, batch);
      const result = await store.addSegments(c.req.param("website") ?? "", batch.value.target, batch.value.segments);
      return success(c, "updated", batchWire(result));
    },
  });
}
