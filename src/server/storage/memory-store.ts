/** A store in a Map, for tests and throwaway services: JavaScript's single thread makes each call atomic. */

import type { AutomationsStore, SegmentsRecorder } from "../automations/automations-store.js";
import { isEventful } from "../automations/events.js";
import { createMemoryAutomations } from "../automations/memory-automations.js";
import { createMemoryRules } from "../automations/memory-rules.js";
import type { ChangeFacts, RulesOf } from "../automations/rule-run.js";
import { type SessionWrite, sessionWrite, withSegments } from "../automations/rules-on-writes.js";
import type { RulesStore } from "../automations/rules-store.js";
import { createChangeEmitter, sessionsOnly } from "./change-emitter.js";
import { createMemoryTeam, type MemoryRow } from "./memory-team.js";
import type { ChangeFeed, SegmentsStore, SessionState, SessionSummary } from "./segments-store.js";
import { decideChange, decideEdit, emptySession } from "./session-update.js";
import type { StoreChange, TeamStore } from "./team-store.js";

interface TableDeps {
  now(): number;
  emit(change: StoreChange): void;
  record: SegmentsRecorder["record"];
  rulesOf: RulesOf;
}

/** The sessions of every website, in Maps: any website or session id, `__proto__` included, is just a key. */
function sessionTable({ now, emit, record, rulesOf }: TableDeps) {
  const websites = new Map<string, Map<string, MemoryRow>>();
  const sessionsOf = (websiteId: string) => {
    let sessions = websites.get(websiteId);
    if (sessions === undefined) websites.set(websiteId, (sessions = new Map()));
    return sessions;
  };
  /** Stores `write.next` and records its changes (the write's own, then its rules'). */
  const store = (websiteId: string, sessionId: string, { next, changes }: SessionWrite, updatedAt: number) => {
    const sessions = sessionsOf(websiteId);
    // Delete first so that Map order stays "least recently changed first".
    sessions.delete(sessionId);
    sessions.set(sessionId, { segments: next.segments.slice(), revision: next.revision, updatedAt });
    for (const change of changes) record(change);
    emit({ websiteId, sessionId, segments: next.segments, revision: next.revision, updatedAt });
  };
  const read = (websiteId: string, sessionId: string): SessionState =>
    websites.get(websiteId)?.get(sessionId) ?? emptySession();
  return {
    websites,
    read,
    /** Writes `next` once the website's rules have run on it; answers the list stored. */
    write(websiteId: string, sessionId: string, next: SessionState): string[] {
      const before = websites.get(websiteId)?.get(sessionId)?.segments ?? [];
      const updatedAt = now();
      const written = sessionWrite(rulesOf(websiteId), { websiteId, sessionId }, before, next, updatedAt);
      store(websiteId, sessionId, written, updatedAt);
      return written.next.segments;
    },
    /** A conversation's email changed: runs the rules, and writes only if they changed or sent something. */
    emailChanged(websiteId: string, sessionId: string, facts: ChangeFacts): void {
      const rules = rulesOf(websiteId);
      if (rules.length === 0) return;
      const current = read(websiteId, sessionId);
      const at = now();
      const written = sessionWrite(rules, { websiteId, sessionId }, current.segments, current, at, facts);
      if (written.changes.some(isEventful)) store(websiteId, sessionId, written, at);
    },
    ensure(websiteId: string, sessionId: string): void {
      const sessions = sessionsOf(websiteId);
      if (!sessions.has(sessionId)) sessions.set(sessionId, { ...emptySession(), updatedAt: now() });
    },
    newestFirst(websiteId: string, limit: number): SessionSummary[] {
      const rows = [...(websites.get(websiteId) ?? new Map<string, MemoryRow>())]
        .reverse()
        .slice(0, Math.max(0, limit));
      return rows.map(([sessionId, row]) => ({ sessionId, ...row, segments: row.segments.slice() }));
    },
  };
}

export function createMemoryStore(
  options: { now?: () => number } = {},
): SegmentsStore & ChangeFeed & TeamStore & AutomationsStore & RulesStore {
  const now = options.now ?? Date.now;
  const feed = createChangeEmitter<StoreChange>();
  const { record, ...automations } = createMemoryAutomations(now);
  const { rulesOf, ...rules } = createMemoryRules();
  const table = sessionTable({ now, emit: feed.emit, record, rulesOf });
  const { websites, read, write, newestFirst } = table;
  function edit(websiteId: string, sessionId: string, change: Parameters<SegmentsStore["edit"]>[2]) {
    const { result, next } = decideEdit(read(websiteId, sessionId), change);
    return next ? withSegments(result, write(websiteId, sessionId, next)) : result;
  }
  const team = createMemoryTeam({
    now,
    emit: feed.emit,
    record,
    rulesOf,
    sessions: (websiteId) => websites.get(websiteId),
    edit,
    emailChanged: table.emailChanged,
    ensureSession: table.ensure,
  });
  return {
    ...team,
    ...automations,
    ...rules,
    subscribe: sessionsOnly(feed.subscribe),
    subscribeAll: feed.subscribe,
    async get(websiteId, sessionId) {
      const { segments, revision } = read(websiteId, sessionId);
      return { segments: segments.slice(), revision };
    },
    async applyChange(websiteId, sessionId, revision, change) {
      const { result, next } = decideChange(read(websiteId, sessionId), revision, change);
      return next ? withSegments(result, write(websiteId, sessionId, next)) : result;
    },
    edit: async (websiteId, sessionId, change) => edit(websiteId, sessionId, change),
    listSessions: async (websiteId, limit) => newestFirst(websiteId, limit),
  };
}
