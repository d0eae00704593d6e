/**
 * Crisp's "List People Profiles": a page of contacts filtered by segments (all of / any of) and by text, newest
 * changed first. With `Accept: text/csv` the same filter answers every matching contact as one CSV download (the
 * path's page and per_page are then ignored), read from the store a page at a time.
 */
import type { Hono, MiddlewareHandler } from "hono";
import type { SegmentsEnv } from "../http/options.js";
import { success } from "../http/responses.js";
import { MAX_PER_PAGE as STORE_PAGE } from "../storage/team-rules.js";
import { answerRefusal } from "./checked.js";
import { contactQuery } from "./list-query.js";
import { csvStream, wantsCsv } from "./people-csv.js";
import { addRoute } from "./route-table.js";
import type { TeamConfig } from "./team-config.js";
import type { TeamPaths } from "./team-paths.js";
import { contactWire } from "./wire.js";

const CSV_HEADERS = {
  "Content-Type": "text/csv; charset=utf-8; header=present",
  "Content-Disposition": 'attachment; filename="people.csv"',
  "Cache-Control": "no-store",
};

export function addPeopleListRoutes(
  app: Hono<SegmentsEnv>,
  { store }: TeamConfig,
  paths: TeamPaths,
  guard: MiddlewareHandler<SegmentsEnv>,
  onError: (error: unknown) => void,
): void {
  addRoute(app, paths.profiles, guard, {
    GET: async (c) => {
      const websiteId = c.req.param("website") ?? "";
      const query = contactQuery(c.req.param("page") ?? "", (name) => c.req.query(name));
      if (!query.ok) return answerRefusal(c, query);
      if (wantsCsv(c.req.header("Accept"))) {
        const read = (page: number) => store.listContacts(websiteId, { ...query.value, page, perPage: STORE_PAGE });
        return c.body(csvStream(read, STORE_PAGE, onError), 200, CSV_HEADERS);
      }
      const contacts = await store.listContacts(websiteId, query.value);
      return success(c, "resolved", contacts.map(contactWire));
    },
  });
}
