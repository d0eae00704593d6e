/**
 * Crisp's "List People Profiles": a page of contacts filtered by segments (all of / any of) and by text, newest
 * changed first. With `Accept: text/csv` the same filter answers every matching contact as one CSV download (the
 * path's page and per_page are then ignored; a cursor starts it after that row), read from the store a page at a
 * time, each after the last row of the one before.
 */
import type { Hono, MiddlewareHandler } from "hono";
import type { SegmentsEnv } from "../http/options.js";
import { success } from "../http/responses.js";
import { MAX_PER_PAGE as STORE_PAGE } from "../storage/team-rules.js";
import type { ListCursor } from "../storage/team-store.js";
import { answerRefusal } from "./checked.js";
import { NEXT_CURSOR_HEADER, nextCursor } from "./list-cursor.js";
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
        // Each page read after the one before's last row: the export walks the index once, whatever its size.
        const read = (after: ListCursor | undefined) =>
          store.listContacts(websiteId, {
            ...query.value,
            after: after ?? query.value.after,
            page: 1,
            perPage: STORE_PAGE,
          });
        return c.body(csvStream(read, STORE_PAGE, onError), 200, CSV_HEADERS);
      }
      const contacts = await store.listContacts(websiteId, query.value);
      const next = nextCursor(
        contacts.map((contact) => ({ updatedAt: contact.updatedAt, id: contact.peopleId })),
        query.value.perPage,
      );
      if (next !== undefined) c.header(NEXT_CURSOR_HEADER, next);
      return success(c, "resolved", contacts.map(contactWire));
    },
  });
}
