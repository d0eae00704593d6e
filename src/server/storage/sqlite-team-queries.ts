/** The SQLite store's team statements, each prepared once; what to write is decided in team-rules.ts. */
import type Database from "better-sqlite3";
import { readList } from "./sqlite-schema.js";
import { cursorBounds, emailKey, filterSegments, pageWindow, searchKey } from "./team-rules.js";
import type {
  Contact,
  ContactQuery,
  Conversation,
  ConversationMeta,
  ConversationQuery,
  PageQuery,
  SegmentCount,
} from "./team-store.js";

interface ContactRow {
  people_id: string;
  email: string;
  nickname: string;
  segments: string;
  created_at: number;
  updated_at: number;
}
interface ConversationRow {
  session_id: string;
  segments: string;
  revision: number;
  updated_at: number;
  meta: string | null;
}

const CONTACT = "people_id, email, nickname, segments, created_at, updated_at";
// Rows carrying `need` of the listed segments (all of them, or 1 for any), found through the side table's key:
// CROSS JOIN keeps the listed segments the outer loop, or the planner may scan the website's entries by row.
const matching = (table: string, id: string) =>
  `${id} IN (SELECT x.${id} FROM json_each(:segments) AS j CROSS JOIN ${table} AS x
     ON x.website_id = :website AND x.segment = j.value GROUP BY x.${id} HAVING count(*) >= :need)`;

// Contacts whose search key holds the text, found through its trigrams (3 characters or more); `instr` still
// checks each, so that both paths answer alike.
const SEARCHED = `people_id IN (SELECT r.people_id FROM contact_search JOIN contact_rows AS r ON r.id = contact_search.rowid
  WHERE contact_search MATCH :phrase AND r.website_id = :website)`;

function toContact(row: ContactRow): Contact {
  const { people_id, email, nickname, segments, created_at, updated_at } = row;
  return {
    peopleId: people_id,
    email,
    nickname,
    segments: readList(segments),
    createdAt: created_at,
    updatedAt: updated_at,
  };
}

/** The bindings of a page of rows matching a filter, or no filter, from the start or after a cursor. */
function bindings(websiteId: string, query: ConversationQuery) {
  const segments = filterSegments(query.filter);
  const need = query.filter?.match === "any" ? 1 : (segments?.length ?? 0);
  const place = cursorBounds(query.after);
  return { website: websiteId, segments: JSON.stringify(segments ?? []), need, ...place, ...pageWindow(query) };
}

// The rows after the cursor (:before, :after), as a range of the newest-first index plus a check of its ties.
const AFTER = (id: string) => `updated_at <= :before AND (updated_at < :before OR ${id} > :after)`;

function metaQueries(db: Database.Database) {
  const prepare = <R>(source: string) => db.prepare<Record<string, unknown>, R>(source);
  const meta = prepare<{ meta: string }>(
    "SELECT meta FROM conversation_metas WHERE website_id = :website AND session_id = :session",
  );
  const putMeta = prepare(`INSERT INTO conversation_metas (website_id, session_id, meta, email_key)
     VALUES (:website, :session, :meta, :email) ON CONFLICT (website_id, session_id)
     DO UPDATE SET meta = excluded.meta, email_key = excluded.email_key`);
  // A conversation given a meta before any segment is listed too: it gets a session row (no segments, revision 0,
  // which is how a session never seen reads anyway).
  const ensureSession = prepare(`INSERT INTO sessions (website_id, session_id, segments, revision, updated_at)
     VALUES (:website, :session, '[]', 0, :at) ON CONFLICT DO NOTHING`);
  const owner = prepare<{ people_id: string }>(`SELECT c.people_id FROM conversation_metas m JOIN contacts c
     ON c.website_id = m.website_id AND c.email_key = m.email_key WHERE m.website_id = :website AND m.session_id = :session`);

  return {
    meta(websiteId: string, sessionId: string): ConversationMeta {
      const row = meta.get({ website: websiteId, session: sessionId });
      return row === undefined ? {} : (JSON.parse(row.meta) as ConversationMeta);
    },
    putMeta(websiteId: string, sessionId: string, value: ConversationMeta, at: number): void {
      const email = value.email === undefined ? null : emailKey(value.email);
      putMeta.run({ website: websiteId, session: sessionId, meta: JSON.stringify(value), email });
      ensureSession.run({ website: websiteId, session: sessionId, at });
    },
    owner(websiteId: string, sessionId: string): string | undefined {
      return owner.get({ website: websiteId, session: sessionId })?.people_id;
    },
  };
}

function contactQueries(db: Database.Database) {
  const prepare = <R>(source: string) => db.prepare<Record<string, unknown>, R>(source);
  const contact = prepare<ContactRow>(
    `SELECT ${CONTACT} FROM contacts WHERE website_id = :website AND people_id = :id`,
  );
  const holder = prepare<{ people_id: string }>(
    "SELECT people_id FROM contacts WHERE website_id = :website AND email_key = :email",
  );
  const putContact = prepare(`INSERT INTO contacts (website_id, people_id, email, email_key, nickname, search_key,
       segments, created_at, updated_at)
     VALUES (:website, :id, :email, :emailKey, :nickname, :searchKey, :segments, :createdAt, :updatedAt)
     ON CONFLICT (website_id, people_id) DO UPDATE SET email = excluded.email, email_key = excluded.email_key,
       nickname = excluded.nickname, search_key = excluded.search_key, segments = excluded.segments,
       updated_at = excluded.updated_at`);
  const deleteContact = prepare("DELETE FROM contacts WHERE website_id = :website AND people_id = :id");
  return {
    contact(websiteId: string, peopleId: string): Contact | undefined {
      const row = contact.get({ website: websiteId, id: peopleId });
      return row && toContact(row);
    },
    holder(websiteId: string, email: string | undefined): string | undefined {
      return email === undefined ? undefined : holder.get({ website: websiteId, email: emailKey(email) })?.people_id;
    },
    putContact(websiteId: string, c: Contact): void {
      const { peopleId: id, email, nickname, createdAt, updatedAt } = c;
      const [segments, key, search] = [JSON.stringify(c.segments), emailKey(email), searchKey(c)];
      putContact.run({
        website: websiteId,
        id,
        email,
        emailKey: key,
        nickname,
        searchKey: search,
        segments,
        createdAt,
        updatedAt,
      });
    },
    deleteContact(websiteId: string, peopleId: string): boolean {
      return deleteContact.run({ website: websiteId, id: peopleId }).changes === 1;
    },
  };
}

/**
 * A page is found first, on keys alone (the newest-first index, or the segment side tables' keys for a filter),
 * and only its rows are then read whole and joined: rows skipped by an offset cost an index entry each.
 */
function listQueries(db: Database.Database) {
  const prepare = <R>(source: string) => db.prepare<Record<string, unknown>, R>(source);
  const conversations = (where: string) =>
    prepare<ConversationRow>(`SELECT s.session_id, s.segments, s.revision, s.updated_at, m.meta
       FROM (SELECT session_id, updated_at FROM sessions WHERE website_id = :website AND ${AFTER("session_id")} ${where}
         ORDER BY updated_at DESC, session_id LIMIT :limit OFFSET :offset) AS p
       JOIN sessions s ON s.website_id = :website AND s.session_id = p.session_id
       LEFT JOIN conversation_metas m ON m.website_id = :website AND m.session_id = p.session_id
       ORDER BY p.updated_at DESC, p.session_id`);
  const contacts = (where: string) =>
    prepare<ContactRow>(`SELECT c.people_id, c.email, c.nickname, c.segments, c.created_at, c.updated_at
       FROM (SELECT people_id, updated_at FROM contacts WHERE website_id = :website AND ${AFTER("people_id")} ${where}
         ORDER BY updated_at DESC, people_id LIMIT :limit OFFSET :offset) AS p
       JOIN contacts c ON c.website_id = :website AND c.people_id = p.people_id
       ORDER BY p.updated_at DESC, p.people_id`);
  const suggest = prepare<SegmentCount>(`SELECT segment, count FROM segment_counts
     WHERE website_id = :website AND kind = :kind ORDER BY count DESC, segment LIMIT :limit OFFSET :offset`);
  const filtered = `AND ${matching("contact_segments", "people_id")}`;
  // A text of 3 characters or more is found through the trigrams; a shorter one only by reading each row.
  const texts = {
    none: "",
    short: "AND instr(search_key, :text) > 0",
    long: `AND instr(search_key, :text) > 0 AND ${SEARCHED}`,
  };
  const byText = (text: string) => ({ plain: contacts(text), filtered: contacts(`${filtered} ${text}`) });
  const contactLists = { none: byText(texts.none), short: byText(texts.short), long: byText(texts.long) };
  const list = {
    conversations: conversations(""),
    conversationsFiltered: conversations(`AND ${matching("session_segments", "session_id")}`),
  };
  return {
    conversations(websiteId: string, query: ConversationQuery): Conversation[] {
      const bound = bindings(websiteId, query);
      const statement = bound.need === 0 ? list.conversations : list.conversationsFiltered;
      return statement.all(bound).map((row) => ({
        sessionId: row.session_id,
        segments: readList(row.segments),
        revision: row.revision,
        updatedAt: row.updated_at,
        meta: row.meta === null ? {} : (JSON.parse(row.meta) as ConversationMeta),
      }));
    },
    contacts(websiteId: string, query: ContactQuery): Contact[] {
      const text = (query.text ?? "").toLowerCase();
      const bound = { ...bindings(websiteId, query), text, phrase: `"${text.replaceAll('"', '""')}"` };
      const length = [...text].length;
      const statements = contactLists[length === 0 ? "none" : length < 3 ? "short" : "long"];
      const statement = bound.need === 0 ? statements.plain : statements.filtered;
      return statement.all(bound).map(toContact);
    },
    suggest(websiteId: string, of: "conversations" | "contacts", page: PageQuery): SegmentCount[] {
      return suggest.all({ website: websiteId, kind: of, ...pageWindow(page) });
    },
  };
}

export function teamQueries(db: Database.Database) {
  return { ...metaQueries(db), ...contactQueries(db), ...listQueries(db) };
}

export type TeamQueries = ReturnType<typeof teamQueries>;
