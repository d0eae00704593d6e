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

/**
 * A page is found first, on keys alone (an index-only walk of the newest-first index, or the GIN index for a
 * filter), and only its rows are then read whole and joined: rows skipped by an offset cost an index entry each.
 */
function listQueries({ sql, sessions, metas, contacts }: Tables) {
  const matching = (column: string, filter: SegmentFilter | undefined) => {
    const segments = filterSegments(filter);
    if (segments === undefined) return sql``;
    return filter?.match === "any"
      ? sql`AND ${sql(column)} && ${segments}::text[]`
      : sql`AND ${sql(column)} @> ${segments}::text[]`;
  };
  // The rows after the cursor, as a range of the newest-first index plus a check of its ties.
  const after = (id: string, cursor: ListCursor | undefined) => {
    const { before, after } = cursorBounds(cursor);
    return sql`updated_at <= ${before} AND (updated_at < ${before} OR ${sql(id)} > ${after})`;
  };
  const contactColumns = sql.unsafe("c.people_id, c.email, c.nickname, c.segments, c.created_at, c.updated_at");
  return {
    async conversations(websiteId: string, query: ConversationQuery): Promise<Conversation[]> {
      const { limit, offset } = pageWindow(query);
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
        FROM (SELECT session_id, updated_at FROM ${sessions}
          WHERE website_id = ${websiteId} AND ${after("session_id", query.after)} ${matching("segments", query.filter)}
          ORDER BY updated_at DESC, session_id LIMIT ${limit} OFFSET ${offset}) AS p
        JOIN ${sessions} s ON s.website_id = ${websiteId} AND s.session_id = p.session_id
        LEFT JOIN ${metas} m ON m.website_id = ${websiteId} AND m.session_id = p.session_id
        ORDER BY p.updated_at DESC, p.session_id`;
      return rows.map((row) => ({
        sessionId: row.session_id,
        segments: row.segments,
        revision: Number(row.revision),
        updatedAt: Number(row.updated_at),
        meta: row.meta ?? {},
      }));
    },
    async contacts(websiteId: string, query: ContactQuery): Promise<Contact[]> {
      const { limit, offset } = pageWindow(query);
      const text = (query.text ?? "").toLowerCase();
      const rows = await sql<ContactRow[]>`
        SELECT ${contactColumns}
        FROM (SELECT people_id, updated_at FROM ${contacts}
          WHERE website_id = ${websiteId} AND ${after("people_id", query.after)}
          ${text === "" ? sql`` : sql`AND strpos(search_key, ${text}) > 0`} ${matching("segments", query.filter)}
          ORDER BY updated_at DESC, people_id LIMIT ${limit} OFFSET ${offset}) AS p
        JOIN ${contacts} c ON c.website_id = ${websiteId} AND c.people_id = p.people_id
        ORDER BY p.updated_at DESC, p.people_id`;
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
    channel,
  };
  return { ...metaQueries(tables), ...contactQueries(tables), ...listQueries(tables) };
}

export type TeamQueries = ReturnType<typeof teamQueries>;
