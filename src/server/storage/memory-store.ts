/** A store in a Map, for tests and throwaway services: JavaScript's single thread makes each call atomic. */

import type { AutomationsStore, SegmentsRecorder } from "../automations/automations-store.js";
import { createMemoryAutomations } from "../automations/memory-automations.js";
import { createChangeEmitter, sessionsOnly } from "./change-emitter.js";
import { createMemoryTeam, type MemoryRow } from "./memory-team.js";
import type { ChangeFeed, SegmentsStore, SessionState, SessionSummary } from "./segments-store.js";
import { decideChange, decideEdit, emptySession } from "./session-update.js";
import type { StoreChange, TeamStore } from "./team-store.js";

/** The sessions of every website, in Maps: any website or session id, `__proto__` included, is just a key. */
function sessionTable(now: () => number, emit: (change: StoreChange) => void, record: SegmentsRecorder["record"]) {
  const websites = new Map<string, Map<string, MemoryRow>>();
  return {
    websites,
    read: (websiteId: string, sessionId: string): SessionState =>
      websites.get(websiteId)?.get(sessionId) ?? emptySession(),
    write(websiteId: string, sessionId: string, next: SessionState): void {
      let sessions = websites.get(websiteId);
      if (sessions === undefined) {
        sessions = new Map();
        websites.set(websiteId, sessions);
      }
      const before = sessions.get(sessionId)?.segments ?? [];
      // Delete first so that Map order stays "least recently changed first".
      sessions.delete(sessionId);
      const updatedAt = now();
      sessions.set(sessionId, { segments: next.segments.slice(), revision: next.revision, updatedAt });
      record({ websiteId, sessionId, before, after: next.segments, at: updatedAt });
      emit({ websiteId, sessionId, segments: next.segments, revision: next.revision, updatedAt });
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
): SegmentsStore & ChangeFeed & TeamStore & AutomationsStore {
  const now = options.now ?? Date.now;
  const feed = createChangeEmitter<StoreChange>();
  const { record, ...automations } = createMemoryAutomations(now);
  const { websites, read, write, newestFirst } = sessionTable(now, feed.emit, record);
  function edit(websiteId: string, sessionId: string, change: Parameters<SegmentsStore["edit"]>[2]) {
    const { result, next } = decideEdit(read(websiteId, sessionId), change);
    if (next) write(websiteId, sessionId, next);
    return result;
  }
  const team = createMemoryTeam({
    now,
    emit: feed.emit,
    record,
    sessions: (websiteId) => websites.get(websiteId),
    edit,
  });
  return {
    ...team,
    ...automations,
    subscribe: sessionsOnly(feed.subscribe),
    subscribeAll: feed.subscribe,
    async get(websiteId, sessionId) {
      const { segments, revision } = read(websiteId, sessionId);
      return { segments: segments.slice(), revision };
    },
    async applyChange(websiteId, sessionId, revision, change) {
      const { result, next } = decideChange(read(websiteId, sessionId), revision, change);
      if (next) write(websiteId, sessionId, next);
      return result;
    },
    edit: async (websiteId, sessionId, change) => edit(websiteId, sessionId, change),
    listSessions: async (websiteId, limit) => newestFirst(websiteId, limit),
  };
}
