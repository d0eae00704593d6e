/**
 * The SQLite store's team side. Each write is one IMMEDIATE transaction, run at once: better-sqlite3 is
 * synchronous, so it never interleaves with the group commit's; the feed hears it once committed.
 */
import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import type { Change } from "../../protocol/change.js";
import type { SegmentsRecorder } from "../automations/automations-store.js";
import { isEventful } from "../automations/events.js";
import type { ChangeFacts, RulesOf } from "../automations/rule-run.js";
import {
  contactWrite,
  emailFacts,
  type SessionWrite,
  sessionWrite,
  withSegments,
} from "../automations/rules-on-writes.js";
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
  /** The website's rules, fresh once `refresh` has run in the transaction. */
  rules: { rulesOf: RulesOf; refresh(): void };
  /** The session statements of the store, run inside the team's transactions. */
  sessions: {
    read(websiteId: string, sessionId: string): SessionState;
    write(websiteId: string, sessionId: string, next: SessionState, at?: number): SessionChange;
  };
  /** Brings the sessions' segment index up to date, before it is read. */
  index(): void;
}

/** The writes that run inside a transaction, each recording in `told` what the feed will hear. */
function sqliteWrites(sql: TeamQueries, deps: Deps) {
  /** Stores `decided` once the website's rules have run on it (`previous`: absent when created); answers it. */
  const store = (websiteId: string, decided: Contact, previous: Contact | undefined, told: StoreChange[]) => {
    const { result, next, changes } = contactWrite(deps.rules.rulesOf(websiteId), websiteId, previous, decided);
    sql.putContact(websiteId, next);
    for (const change of changes) deps.record(change);
    const { peopleId, segments, updatedAt } = next;
    told.push({ websiteId, peopleId, segments, updatedAt, deleted: false });
    return result;
  };
  const storeSession = (websiteId: string, sessionId: string, written: SessionWrite, told: StoreChange[]) => {
    const stored = deps.sessions.write(websiteId, sessionId, written.next, written.changes[0]?.at);
    for (const change of written.changes) deps.record(change);
    told.push(stored);
    return stored;
  };
  return {
    create(websiteId: string, input: NewContact, told: StoreChange[]): ContactResult {
      const holder = sql.holder(websiteId, input.email);
      const { result, next } = decideCreate(input, randomUUID(), deps.now(), holder);
      return next ? store(websiteId, next, undefined, told) : result;
    },
    update(websiteId: string, peopleId: string, patch: ContactPatch, told: StoreChange[]): ContactResult {
      const current = sql.contact(websiteId, peopleId);
      if (current === undefined) return { reason: "not_found" };
      const { result, next } = decideUpdate(current, patch, deps.now(), sql.holder(websiteId, patch.email));
      return next ? store(websiteId, next, current, told) : result;
    },
    edit(websiteId: string, sessionId: string, change: Change, told: StoreChange[]): EditResult {
      const current = deps.sessions.read(websiteId, sessionId);
      const { result, next } = decideEdit(current, change);
      if (next === undefined) return result;
      const rules = deps.rules.rulesOf(websiteId);
      const written = sessionWrite(rules, { websiteId, sessionId }, current.segments, next, deps.now());
      return withSegments(result, storeSession(websiteId, sessionId, written, told).segments);
    },
    /** A conversation's email changed: runs the rules, and writes only if they changed or sent something. */
    emailChanged(websiteId: string, sessionId: string, facts: ChangeFacts, told: StoreChange[]): void {
      const rules = deps.rules.rulesOf(websiteId);
      if (rules.length === 0) return;
      const current = deps.sessions.read(websiteId, sessionId);
      const ids = { websiteId, sessionId };
      const written = sessionWrite(rules, ids, current.segments, current, deps.now(), facts);
      if (written.changes.some(isEventful)) storeSession(websiteId, sessionId, written, told);
    },
  };
}

export function createSqliteTeam(db: Database.Database, deps: Deps): Omit<TeamStore, "subscribeAll"> {
  const sql = teamQueries(db);
  const { create, update, edit, emailChanged } = sqliteWrites(sql, deps);
  /** Runs `work` in one IMMEDIATE transaction, then tells the feed what it stored. */
  const transact = <R>(work: (told: StoreChange[]) => R): R => {
    const told: StoreChange[] = [];
    const result = db
      .transaction(() => {
        deps.rules.refresh();
        return work(told);
      })
      .immediate();
    for (const change of told) deps.emit(change);
    return result;
  };

  return {
    getMeta: async (websiteId, sessionId) => sql.meta(websiteId, sessionId),
    mergeMeta: async (websiteId, sessionId, patch) =>
      transact((told) => {
        const previous = sql.meta(websiteId, sessionId);
        const merged = mergeMeta(previous, patch);
        sql.putMeta(websiteId, sessionId, merged, deps.now());
        if (merged.email !== previous.email) emailChanged(websiteId, sessionId, emailFacts(merged, previous), told);
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
