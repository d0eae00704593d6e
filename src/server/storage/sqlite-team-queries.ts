/** The SQLite store's team statements, each prepared once; what to write is decided in team-rules.ts. */
import type Database from "better-sqlite3";
import { readList } from "./sqlite-schema.js";
import { emailKey, filterSegments, pageWindow, searchKey } from "./team-rules.js";
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

/** The bindings of a page of rows matching a filter, or no filter. */
function bindings(websiteId: string, query: ConversationQuery) {
  const segments = filterSegments(query.filter);
  const need = query.filter?.match === "any" ? 1 : (segments?.length ?? 0);
  return { website: websiteId, segments: JSON.stringify(segments ?? []), need, ...pageWindow(query) };
}

function metaQueries(db: Database.Database) {
  const prepare = <R>(source: string) => db.prepare<Record<string, unknown>, R>(source);
  const meta = prepare<{ meta: string }>(
    "SELECT meta FROM conversation_metas WHERE website_id = :website AND session_id = :session",
  );
  const putMeta = prepare(`INSERT INTO conversation_metas (website_id, session_id, meta, email_key)
     VALUES (:website, :session, :meta, :email) ON CONFLICT (website_id, session_id)
     DO UPDATE SET meta = excluded.meta, email_key = excluded.email_key`);
  const owner = prepare<{ people_id: string }>(`SELECT c.people_id FROM conversation_metas m JOIN contacts c
     ON c.website_id = m.website_id AND c.email_key = m.email_key WHERE m.website_id = :website AND m.session_id = :session`);

  return {
    meta(websiteId: string, sessionId: string): ConversationMeta {
      const row = meta.get({ website: websiteId, session: sessionId });
      return row === undefined ? {} : (JSON.parse(row.meta) as ConversationMeta);
    },
    putMeta(websiteId: string, sessionId: string, value: ConversationMeta): void {
      const email = value.email === undefined ? null : emailKey(value.email);
      putMeta.run({ website: websiteId, session: sessionId, meta: JSON.stringify(value), email });
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

function listQueries(db: Database.Database) {
  const prepare = <R>(source: string) => db.prepare<Record<string, unknown>, R>(source);
  const conversations = (where: string) =>
    prepare<ConversationRow>(`SELECT s.session_id, s.segments, s.revision, s.updated_at, m.meta FROM sessions s
       LEFT JOIN conversation_metas m ON m.website_id = s.website_id AND m.session_id = s.session_id
       WHERE s.website_id = :website ${where} ORDER BY s.updated_at DESC, s.session_id LIMIT :limit OFFSET :offset`);
  const contacts = (where: string) =>
    prepare<ContactRow>(`SELECT ${CONTACT} FROM contacts WHERE website_id = :website AND instr(search_key, :text) > 0
       ${where} ORDER BY updated_at DESC, people_id LIMIT :limit OFFSET :offset`);
  const suggest = prepare<SegmentCount>(`SELECT segment, count FROM segment_counts
     WHERE website_id = :website AND kind = :kind ORDER BY count DESC, segment LIMIT :limit OFFSET :offset`);
  const [filtered, searched] = [`AND ${matching("contact_segments", "people_id")}`, `AND ${SEARCHED}`];
  const list = {
    conversations: conversations(""),
    conversationsFiltered: conversations(`AND s.${matching("session_segments", "session_id")}`),
    contacts: contacts(""),
    contactsSearched: contacts(searched),
    contactsFiltered: contacts(filtered),
    contactsFilteredSearched: contacts(`${filtered} ${searched}`),
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
      const searchable = [...text].length >= 3;
      const statement =
        bound.need === 0
          ? list[searchable ? "contactsSearched" : "contacts"]
          : list[searchable ? "contactsFilteredSearched" : "contactsFiltered"];
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
