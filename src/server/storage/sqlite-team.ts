/**
 * The SQLite store's team side. Each write is one IMMEDIATE transaction, run at once: better-sqlite3 is
 * synchronous, so it never interleaves with the group commit's; the feed hears it once committed.
 */
import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import type { Change } from "../../protocol/change.js";
import type { SegmentsRecorder } from "../automations/automations-store.js";
import type { EditResult, SessionChange, SessionState } from "./segments-store.js";
import { decideEdit } from "./session-update.js";
import { type TeamQueries, teamQueries } from "./sqlite-team-queries.js";
import { addition, batchBucket, decideCreate, decideUpdate, mergeMeta, tally } from "./team-rules.js";
import type { Contact, ContactPatch, ContactResult, NewContact, StoreChange, TeamStore } from "./team-store.js";

interface Deps {
  now(): number;
  emit(change: StoreChange): void;
  /** Records a list's change, inside the write's transaction. */
  record: SegmentsRecorder["record"];
  /** The session statements of the store, run inside the team's transactions. */
  sessions: {
    read(websiteId: string, sessionId: string): SessionState;
    write(websiteId: string, sessionId: string, next: SessionState): SessionChange;
  };
  /** Brings the sessions' segment index up to date, before it is read. */
  index(): void;
}

/** The writes that run inside a transaction, each recording in `told` what the feed will hear. */
function sqliteWrites(sql: TeamQueries, deps: Deps) {
  const store = (websiteId: string, contact: Contact, before: readonly string[], told: StoreChange[]): void => {
    sql.putContact(websiteId, contact);
    const { peopleId, segments, updatedAt } = contact;
    deps.record({ websiteId, peopleId, before, after: segments, at: updatedAt });
    told.push({ websiteId, peopleId, segments, updatedAt, deleted: false });
  };
  return {
    create(websiteId: string, input: NewContact, told: StoreChange[]): ContactResult {
      const holder = sql.holder(websiteId, input.email);
      const { result, next } = decideCreate(input, randomUUID(), deps.now(), holder);
      if (next) store(websiteId, next, [], told);
      return result;
    },
    update(websiteId: string, peopleId: string, patch: ContactPatch, told: StoreChange[]): ContactResult {
      const current = sql.contact(websiteId, peopleId);
      if (current === undefined) return { reason: "not_found" };
      const { result, next } = decideUpdate(current, patch, deps.now(), sql.holder(websiteId, patch.email));
      if (next) store(websiteId, next, current.segments, told);
      return result;
    },
    edit(websiteId: string, sessionId: string, change: Change, told: StoreChange[]): EditResult {
      const current = deps.sessions.read(websiteId, sessionId);
      const { result, next } = decideEdit(current, change);
      if (next === undefined) return result;
      const stored = deps.sessions.write(websiteId, sessionId, next);
      deps.record({ websiteId, sessionId, before: current.segments, after: stored.segments, at: stored.updatedAt });
      told.push(stored);
      return result;
    },
  };
}

export function createSqliteTeam(db: Database.Database, deps: Deps): Omit<TeamStore, "subscribeAll"> {
  const sql = teamQueries(db);
  const { create, update, edit } = sqliteWrites(sql, deps);
  /** Runs `work` in one IMMEDIATE transaction, then tells the feed what it stored. */
  const transact = <R>(work: (told: StoreChange[]) => R): R => {
    const told: StoreChange[] = [];
    const result = db.transaction(() => work(told)).immediate();
    for (const change of told) deps.emit(change);
    return result;
  };

  return {
    getMeta: async (websiteId, sessionId) => sql.meta(websiteId, sessionId),
    mergeMeta: async (websiteId, sessionId, patch) =>
      transact(() => {
        const merged = mergeMeta(sql.meta(websiteId, sessionId), patch);
        sql.putMeta(websiteId, sessionId, merged);
        return merged;
      }),
    createContact: async (websiteId, input) => transact((told) => create(websiteId, input, told)),
    getContact: async (websiteId, peopleId) => sql.contact(websiteId, peopleId),
    updateContact: async (websiteId, peopleId, patch) => transact((told) => update(websiteId, peopleId, patch, told)),
    deleteContact: async (websiteId, peopleId) =>
      transact((told) => {
        const deleted = sql.deleteContact(websiteId, peopleId);
        if (deleted) told.push({ websiteId, peopleId, segments: [], updatedAt: deps.now(), deleted });
        return deleted;
      }),
    async contactOfConversation(websiteId, sessionId) {
      const owner = sql.owner(websiteId, sessionId);
      return owner === undefined ? undefined : sql.contact(websiteId, owner);
    },
    async listConversations(websiteId, query) {
      deps.index();
      return sql.conversations(websiteId, query);
    },
    listContacts: async (websiteId, query) => sql.contacts(websiteId, query),
    async suggestSegments(websiteId, of, page) {
      if (of === "conversations") deps.index();
      return sql.suggest(websiteId, of, page);
    },
    addSegments: async (websiteId, target, segments) =>
      transact((told) => {
        const ids = "sessions" in target ? target.sessions : target.contacts;
        const add = (id: string) =>
          "sessions" in target
            ? edit(websiteId, id, addition(segments), told).reason
            : update(websiteId, id, { segments: addition(segments) }, told).reason;
        return tally(ids, new Map([...new Set(ids)].map((id) => [id, batchBucket(add(id))])));
      }),
  };
}
