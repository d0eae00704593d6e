/** The PostgreSQL store's team statements, each one round trip; what to write is decided in team-rules.ts. */
import type postgres from "postgres";
import { encodeNotice } from "./postgres-notice.js";
import { cursorBounds, emailKey, filterSegments, knownMeta, pageWindow, searchKey } from "./team-rules.js";
import type {
  Contact,
  ContactQuery,
  Conversation,
  ConversationMeta,
  ConversationQuery,
  ListCursor,
  ListQuery,
  SegmentFilter,
  StoreChange,
} from "./team-store.js";

/** A stored contact; bigint columns arrive as strings. */
interface ContactRow {
  people_id: string;
  email: string;
  nickname: string;
  segments: string[];
  created_at: string;
  updated_at: string;
}

function toContact(row: ContactRow): Contact {
  const { people_id, email, nickname, segments, created_at, updated_at } = row;
  return {
    peopleId: people_id,
    email,
    nickname,
    segments,
    createdAt: Number(created_at),
    updatedAt: Number(updated_at),
  };
}

interface Tables {
  sql: postgres.ISql;
  sessions: postgres.Helper<string>;
  metas: postgres.Helper<string>;
  contacts: postgres.Helper<string>;
  sessionSegments: postgres.Helper<string>;
  contactSegments: postgres.Helper<string>;
  counts: postgres.Helper<string>;
  channel: string;
}

const CONTACT_COLUMNS = "people_id, email, nickname, segments, created_at, updated_at";

function metaQueries({ sql, metas, contacts, sessions }: Tables) {
  return {
    /** Locked until the transaction ends when `lock` (inside one). */
    async meta(websiteId: string, sessionId: string, lock = false): Promise<ConversationMeta> {
      const [row] = await sql<{ meta: ConversationMeta }[]>`
        SELECT meta FROM ${metas} WHERE website_id = ${websiteId} AND session_id = ${sessionId}
        ${lock ? sql`FOR UPDATE` : sql``}`;
      return row?.meta ?? {};
    },
    /**
     * team-rules' mergeMeta in one statement (jsonb `||` merges top-level fields), so that racing merges both land.
     * A conversation given a meta before any segment gets a session row too, so that the list shows it: no
     * segments, revision 0 and version 0, which is how a session never written reads and is written over.
     */
    async mergeMeta(
      websiteId: string,
      sessionId: string,
      patch: ConversationMeta,
      at: number,
    ): Promise<ConversationMeta> {
      const email = patch.email === undefined ? null : emailKey(patch.email);
      const [row] = await sql<{ meta: ConversationMeta }[]>`
        WITH merged AS (
          INSERT INTO ${metas} AS stored (website_id, session_id, meta, email_key)
          VALUES (${websiteId}, ${sessionId}, ${sql.json(knownMeta(patch) as postgres.JSONValue)}, ${email})
          ON CONFLICT (website_id, session_id) DO UPDATE
          SET meta = stored.meta || excluded.meta, email_key = coalesce(excluded.email_key, stored.email_key)
          RETURNING meta
        ), listed AS (
          INSERT INTO ${sessions} (website_id, session_id, segments, revision, version, updated_at)
          VALUES (${websiteId}, ${sessionId}, '{}', 0, 0, ${at}) ON CONFLICT DO NOTHING
        )
        SELECT meta FROM merged`;
      return row?.meta ?? {};
    },
    /** Locked until the transaction ends when `lock` (inside one). */
    async owner(websiteId: string, sessionId: string): Promise<Contact | undefined> {
      const [row] = await sql<ContactRow[]>`
        SELECT c.people_id, c.email, c.nickname, c.segments, c.created_at, c.updated_at
        FROM ${metas} m JOIN ${contacts} c ON c.website_id = m.website_id AND c.email_key = m.email_key
        WHERE m.website_id = ${websiteId} AND m.session_id = ${sessionId}`;
      return row && toContact(row);
    },
  };
}

function contactQueries({ sql, contacts, channel }: Tables) {
  const contactColumns = sql.unsafe(CONTACT_COLUMNS);
  return {
    async contact(websiteId: string, peopleId: string, lock = false): Promise<Contact | undefined> {
      const [row] = await sql<ContactRow[]>`
        SELECT ${contactColumns} FROM ${contacts} WHERE website_id = ${websiteId} AND people_id = ${peopleId}
        ${lock ? sql`FOR UPDATE` : sql``}`;
      return row && toContact(row);
    },
    async lockContacts(websiteId: string, peopleIds: string[]): Promise<void> {
      await sql`SELECT 1 FROM ${contacts} WHERE website_id = ${websiteId} AND people_id = ANY(${peopleIds}::text[])
        ORDER BY people_id COLLATE "C" FOR UPDATE`;
    },
    async holder(websiteId: string, email: string | undefined): Promise<string | undefined> {
      if (email === undefined) return undefined;
      const [row] = await sql<{ people_id: string }[]>`
        SELECT people_id FROM ${contacts} WHERE website_id = ${websiteId} AND email_key = ${emailKey(email)}`;
      return row?.people_id;
    },
    async putContact(websiteId: string, c: Contact): Promise<void> {
      await sql`
        INSERT INTO ${contacts} (website_id, people_id, email, email_key, nickname, search_key, segments,
          created_at, updated_at)
        VALUES (${websiteId}, ${c.peopleId}, ${c.email}, ${emailKey(c.email)}, ${c.nickname}, ${searchKey(c)},
          ${c.segments}::text[], ${c.createdAt}, ${c.updatedAt})
        ON CONFLICT (website_id, people_id) DO UPDATE SET email = excluded.email, email_key = excluded.email_key,
          nickname = excluded.nickname, search_key = excluded.search_key, segments = excluded.segments,
          updated_at = excluded.updated_at`;
    },
    async deleteContact(websiteId: string, peopleId: string): Promise<boolean> {
      const rows = await sql`
        DELETE FROM ${contacts} WHERE website_id = ${websiteId} AND people_id = ${peopleId} RETURNING 1`;
      return rows.length === 1;
    },
    /** Told when the transaction commits, in commit order. */
    async notify(change: StoreChange): Promise<void> {
      await sql`SELECT pg_notify(${channel}, ${encodeNotice(change)})`;
    },
  };
}

type Fragment = postgres.PendingQuery<postgres.Row[]>;

/** Where a page starts and how long it is. */
interface Window {
  cursor: ListCursor | undefined;
  limit: number;
  offset: number;
}

/**
 * A page's LIMIT, written into the statement (an integer from pageWindow, one of at most MAX_PER_PAGE), and its
 * OFFSET, bound. postgres.js prepares each statement by name, and after 5 runs PostgreSQL may plan it once for all
 * values: a LIMIT unknown there is taken for a tenth of the rows, and the page's rows were then joined by reading
 * the whole table (a hash join) rather than by key. An OFFSET written in would make a statement per page number.
 */
function pageLimit(sql: postgres.ISql, { limit, offset }: Window) {
  return sql`LIMIT ${sql.unsafe(String(limit))} OFFSET ${offset}`;
}

/**
 * The keys of a page of rows carrying segments, in list order, walked through the side table's index in that order
 * (website, segment, updated_at DESC, id): "all of" walks its rarest segment's entries (by segment_counts) and
 * probes each listed segment's entry by its whole key (a row's entries share its updated_at, and are distinct); "any
 * of" merges each segment's walk (see `any`). Rows skipped by an offset cost an entry each.
 */
function segmentWalks(sql: postgres.ISql, table: postgres.Helper<string>, counts: postgres.Helper<string>, id: string) {
  const key = sql(id);
  const after = ({ cursor }: Window) => {
    const { before, after } = cursorBounds(cursor);
    return sql`x.updated_at <= ${before} AND (x.updated_at < ${before} OR x.${key} > ${after})`;
  };
  const page = (window: Window) => sql`ORDER BY updated_at DESC, id ${pageLimit(sql, window)}`;
  // Whether row x carries all of `segments`: a probe of each one's entry by its whole key. A subquery's boolean is
  // taken to hold for half the rows; `(SELECT count(*) ...) = n` was taken for 1 in 200, and planned without the
  // values (a generic plan), the walk then looked so short that the segment's entries were all probed and sorted.
  const carriesAll = (websiteId: string, segments: string[]) => sql`(SELECT count(*) = ${segments.length}
    FROM ${table} y WHERE y.website_id = ${websiteId} AND y.segment = ANY(${segments}::text[])
      AND y.updated_at = x.updated_at AND y.${key} = x.${key})`;
  const all = (websiteId: string, kind: string, segments: string[], window: Window, check: Fragment) => sql`
    SELECT x.${key} AS id, x.updated_at FROM ${table} x
    WHERE x.website_id = ${websiteId} AND x.segment = (SELECT s FROM unnest(${segments}::text[]) AS s
        ORDER BY coalesce((SELECT c.count FROM ${counts} c
          WHERE c.website_id = ${websiteId} AND c.kind = ${kind} AND c.segment = s), 0), s LIMIT 1)
      AND ${after(window)} ${check}
      ${segments.length === 1 ? sql`` : sql`AND ${carriesAll(websiteId, segments)}`}
    ${page(window)}`;
  // Each segment's walk stops at the page's end (no segment gives the page more rows than offset + limit); the walks
  // are merged in list order (a Merge Append), and a row met in several, with the same key in each, is kept once by
  // DISTINCT (a Unique over the merge). No walk probes the other segments: a probe `(SELECT count(*) ...) = 0`,
  // taken for 1 in 200 rows, made each walk look a few rows long, and each segment's entries were probed and sorted.
  const any = (websiteId: string, segments: string[], window: Window, check: Fragment) => {
    const walks = segments
      .map(
        (segment) => sql`(SELECT x.${key} AS id, x.updated_at FROM ${table} x
          WHERE x.website_id = ${websiteId} AND x.segment = ${segment} AND ${after(window)} ${check}
          ORDER BY x.updated_at DESC, x.${key} LIMIT ${window.offset + window.limit})`,
      )
      .reduce((union, walk) => sql`${union} UNION ALL ${walk}`);
    return sql`SELECT DISTINCT id, updated_at FROM (${walks}) AS merged ${page(window)}`;
  };
  return (websiteId: string, kind: string, filter: SegmentFilter, window: Window, check = sql``) => {
    const segments = filterSegments(filter) ?? [];
    return filter.match === "any"
      ? any(websiteId, segments, window, check)
      : all(websiteId, kind, segments, window, check);
  };
}

/**
 * Whether a list with this filter walks the segments' ordered entries (session_segments, contact_segments): any
 * filter of segments does ("all of" and "any of"); a list without one walks the rows' newest-first index.
 */
export function walksSegmentEntries(filter: SegmentFilter | undefined): filter is SegmentFilter {
  return filterSegments(filter) !== undefined;
}

/**
 * A page is found first, on keys alone (an index-only walk of the newest-first index, or of the segments' ordered
 * entries for a filter), and only its rows are then read whole and joined.
 */
function listQueries({ sql, sessions, metas, contacts, sessionSegments, contactSegments, counts }: Tables) {
  // The rows after the cursor, as a range of the newest-first index plus a check of its ties.
  const newest = (table: postgres.Helper<string>, id: string, websiteId: string, window: Window, check = sql``) => {
    const { before, after } = cursorBounds(window.cursor);
    return sql`SELECT ${sql(id)} AS id, updated_at FROM ${table}
      WHERE website_id = ${websiteId} AND updated_at <= ${before} AND (updated_at < ${before} OR ${sql(id)} > ${after})
      ${check} ORDER BY updated_at DESC, ${sql(id)} ${pageLimit(sql, window)}`;
  };
  const sessionWalk = segmentWalks(sql, sessionSegments, counts, "session_id");
  const contactWalk = segmentWalks(sql, contactSegments, counts, "people_id");
  const contactColumns = sql.unsafe("c.people_id, c.email, c.nickname, c.segments, c.created_at, c.updated_at");
  const windowOf = (query: ListQuery): Window => ({ cursor: query.after, ...pageWindow(query) });
  return {
    async conversations(websiteId: string, query: ConversationQuery): Promise<Conversation[]> {
      const window = windowOf(query);
      const keys = walksSegmentEntries(query.filter)
        ? sessionWalk(websiteId, "conversations", query.filter, window)
        : newest(sessions, "session_id", websiteId, window);
      const rows = await sql<
        {
          session_id: string;
          segments: string[];
          revision: string;
          updated_at: string;
          meta: ConversationMeta | null;
        }[]
      >`
        SELECT s.session_id, s.segments, s.revision, s.updated_at, m.meta
        FROM (${keys}) AS p
        JOIN ${sessions} s ON s.website_id = ${websiteId} AND s.session_id = p.id
        LEFT JOIN ${metas} m ON m.website_id = ${websiteId} AND m.session_id = p.id
        ORDER BY p.updated_at DESC, p.id`;
      return rows.map((row) => ({
        sessionId: row.session_id,
        segments: row.segments,
        revision: Number(row.revision),
        updatedAt: Number(row.updated_at),
        meta: row.meta ?? {},
      }));
    },
    async contacts(websiteId: string, query: ContactQuery): Promise<Contact[]> {
      const window = windowOf(query);
      const text = (query.text ?? "").toLowerCase();
      const keys = !walksSegmentEntries(query.filter)
        ? newest(
            contacts,
            "people_id",
            websiteId,
            window,
            text === "" ? sql`` : sql`AND strpos(search_key, ${text}) > 0`,
          )
        : contactWalk(
            websiteId,
            "contacts",
            query.filter,
            window,
            text === ""
              ? sql``
              : // A scalar subquery, so that each contact walked is read by key (an EXISTS may become a join of all).
                sql`AND (SELECT strpos(t.search_key, ${text}) FROM ${contacts} t
                    WHERE t.website_id = ${websiteId} AND t.people_id = x.people_id) > 0`,
          );
      const rows = await sql<ContactRow[]>`
        SELECT ${contactColumns}
        FROM (${keys}) AS p
        JOIN ${contacts} c ON c.website_id = ${websiteId} AND c.people_id = p.id
        ORDER BY p.updated_at DESC, p.id`;
      return rows.map(toContact);
    },
  };
}

export function teamQueries(sql: postgres.ISql, schema: string, channel: string) {
  const tables: Tables = {
    sql,
    sessions: sql(`${schema}.sessions`),
    metas: sql(`${schema}.conversation_metas`),
    contacts: sql(`${schema}.contacts`),
    sessionSegments: sql(`${schema}.session_segments`),
    contactSegments: sql(`${schema}.contact_segments`),
    counts: sql(`${schema}.segment_counts`),
    channel,
  };
  return { ...metaQueries(tables), ...contactQueries(tables), ...listQueries(tables) };
}

export type TeamQueries = ReturnType<typeof teamQueries>;
