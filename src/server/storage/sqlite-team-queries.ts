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
  SegmentFilter,
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
 * The keys of a page of rows carrying segments, in list order, walked through the side table's index in that order
 * (website, segment, updated_at DESC, id): "all of" walks its rarest segment's entries and checks the others by
 * key; "any of" merges each segment's walk (a compound SELECT ordered by the index: SQLite merges the arms, one
 * row at a time, and the UNION drops a row met twice). Rows skipped by an offset cost an index entry each.
 */
function segmentWalks(table: string, id: string, check = "") {
  const after = `x.updated_at <= :before AND (x.updated_at < :before OR x.${id} > :after)`;
  const all = `SELECT x.${id} AS id, x.updated_at FROM ${table} x
    WHERE x.website_id = :website AND x.segment = :first AND ${after} ${check}
      AND NOT EXISTS (SELECT 1 FROM json_each(:others) AS j WHERE NOT EXISTS (SELECT 1 FROM ${table} y
        WHERE y.website_id = :website AND y.segment = j.value AND y.${id} = x.${id}))
    ORDER BY x.updated_at DESC, x.${id} LIMIT :limit OFFSET :offset`;
  const arm = (n: number) => `SELECT x.${id} AS id, x.updated_at FROM ${table} x
    WHERE x.website_id = :website AND x.segment = :s${n} AND ${after} ${check}`;
  const any = (count: number) =>
    `${Array.from({ length: count }, (_, n) => arm(n)).join(" UNION ")}
     ORDER BY 2 DESC, 1 LIMIT :limit OFFSET :offset`;
  return { all, any };
}

/** A walk's bindings: the rarest segment first (by segment_counts), or each segment by position for "any of". */
function walkBindings(segments: string[], match: SegmentFilter["match"], counts: (s: string) => number) {
  if (match === "any") return Object.fromEntries(segments.map((segment, n) => [`s${n}`, segment]));
  const [first, ...others] = segments.slice().sort((a, b) => counts(a) - counts(b));
  return { first, others: JSON.stringify(others) };
}

/**
 * A page is found first, on keys alone (the newest-first index, or the segment side tables' ordered index for a
 * filter), and only its rows are then read whole and joined: rows skipped by an offset cost an index entry each.
 */
function listQueries(db: Database.Database) {
  const prepare = <R>(source: string) => db.prepare<Record<string, unknown>, R>(source);
  const cached = new Map<string, Database.Statement<Record<string, unknown>, unknown>>();
  const prepared = <R>(source: string) => {
    const statement = cached.get(source) ?? prepare<R>(source);
    cached.set(source, statement);
    return statement as Database.Statement<Record<string, unknown>, R>;
  };
  const conversations = (keys: string) =>
    prepared<ConversationRow>(`SELECT s.session_id, s.segments, s.revision, s.updated_at, m.meta
       FROM (${keys}) AS p
       JOIN sessions s ON s.website_id = :website AND s.session_id = p.id
       LEFT JOIN conversation_metas m ON m.website_id = :website AND m.session_id = p.id
       ORDER BY p.updated_at DESC, p.id`);
  const contacts = (keys: string) =>
    prepared<ContactRow>(`SELECT c.people_id, c.email, c.nickname, c.segments, c.created_at, c.updated_at
       FROM (${keys}) AS p
       JOIN contacts c ON c.website_id = :website AND c.people_id = p.id
       ORDER BY p.updated_at DESC, p.id`);
  const newest = (table: string, id: string, where = "") =>
    `SELECT ${id} AS id, updated_at FROM ${table} WHERE website_id = :website AND ${AFTER(id)} ${where}
     ORDER BY updated_at DESC, ${id} LIMIT :limit OFFSET :offset`;
  const suggest = prepare<SegmentCount>(`SELECT segment, count FROM segment_counts
     WHERE website_id = :website AND kind = :kind ORDER BY count DESC, segment LIMIT :limit OFFSET :offset`);
  const count = prepare<{ count: number }>(
    "SELECT count FROM segment_counts WHERE website_id = :website AND kind = :kind AND segment = :segment",
  );
  const sessionWalks = segmentWalks("session_segments", "session_id");
  // A short text is checked on each contact walked; a longer one is found through its trigrams first.
  const shortText = "AND instr(search_key, :text) > 0";
  const contactWalks = {
    none: segmentWalks("contact_segments", "people_id"),
    short: segmentWalks(
      "contact_segments",
      "people_id",
      `AND EXISTS (SELECT 1 FROM contacts c WHERE c.website_id = :website AND c.people_id = x.people_id
        AND instr(c.search_key, :text) > 0)`,
    ),
  };
  const long = `${shortText} AND ${SEARCHED}`;
  const filteredLong = newest("contacts", "people_id", `AND ${matching("contact_segments", "people_id")} ${long}`);

  /** The page's keys: the newest-first walk unfiltered, else the segments' walks. */
  const walk = (websiteId: string, kind: "conversations" | "contacts", query: ConversationQuery) => {
    const bound = bindings(websiteId, query);
    const segments = filterSegments(query.filter);
    if (segments === undefined) return { bound, segments, match: "all" as const };
    const counts = (segment: string) => count.get({ website: websiteId, kind, segment })?.count ?? 0;
    const match = query.filter?.match ?? "all";
    return { bound: { ...bound, ...walkBindings(segments, match, counts) }, segments, match };
  };
  const pick = (walks: ReturnType<typeof segmentWalks>, match: SegmentFilter["match"], segments: string[]) =>
    match === "any" ? walks.any(segments.length) : walks.all;

  return {
    conversations(websiteId: string, query: ConversationQuery): Conversation[] {
      const { bound, segments, match } = walk(websiteId, "conversations", query);
      const keys = segments === undefined ? newest("sessions", "session_id") : pick(sessionWalks, match, segments);
      return conversations(keys)
        .all(bound)
        .map((row) => ({
          sessionId: row.session_id,
          segments: readList(row.segments),
          revision: row.revision,
          updatedAt: row.updated_at,
          meta: row.meta === null ? {} : (JSON.parse(row.meta) as ConversationMeta),
        }));
    },
    contacts(websiteId: string, query: ContactQuery): Contact[] {
      const text = (query.text ?? "").toLowerCase();
      const { bound, segments, match } = walk(websiteId, "contacts", query);
      const length = [...text].length;
      const kind = length === 0 ? "none" : length < 3 ? "short" : "long";
      const keys =
        segments === undefined
          ? newest("contacts", "people_id", kind === "none" ? "" : kind === "short" ? shortText : long)
          : kind === "long"
            ? filteredLong
            : pick(contactWalks[kind], match, segments);
      const phrase = `"${text.replaceAll('"', '""')}"`;
      return contacts(keys)
        .all({ ...bound, text, phrase })
        .map(toContact);
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
