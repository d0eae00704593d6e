/**
 * Crisp's "List Suggested … Segments": each segment in use with how many conversations or contacts carry it, most
 * used first, for an inbox's filter menu and autocomplete. The stores keep the counts, so a page reads one page.
 */
import type { Hono, MiddlewareHandler } from "hono";
import type { SegmentsEnv } from "../http/options.js";
import { success } from "../http/responses.js";
import { answerRefusal } from "./checked.js";
import { pageQuery } from "./list-query.js";
import { addRoute } from "./route-table.js";
import type { TeamConfig } from "./team-config.js";
import type { TeamPaths } from "./team-paths.js";
import { countWire } from "./wire.js";

export function addSuggestRoutes(
  app: Hono<SegmentsEnv>,
  { store }: TeamConfig,
  paths: TeamPaths,
  guard: MiddlewareHandler<SegmentsEnv>,
): void {
  const suggestions = [
    [paths.conversationSuggestions, "conversations"],
    [paths.peopleSuggestions, "contacts"],
  ] as const;
  for (const [path, of] of suggestions) {
    addRoute(app, path, guard, {
      GET: async (c) => {
        const page = pageQuery(c.req.param("page") ?? "", (name) => c.req.query(name));
        if (!page.ok) return answerRefusal(c, page);
        const counts = await store.suggestSegments(c.req.param("website") ?? "", of, page.value);
        return success(c, "resolved", counts.map(countWire));
      },
    });
  }
}
