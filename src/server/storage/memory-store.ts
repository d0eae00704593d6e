/** A store in a Map, for tests and throwaway services: JavaScript's single thread makes each call atomic. */

import { createChangeEmitter } from "./change-emitter.js";
import type { ChangeFeed, SegmentsStore, SessionChange, SessionState, SessionSummary } from "./segments-store.js";
import { decideChange, decideEdit, emptySession } from "./session-update.js";

interface Row extends SessionState {
  updatedAt: number;
}

/** The sessions of every website, in Maps: any website or session id, `__proto__` included, is just a key. */
function sessionTable(now: () => number, emit: (change: SessionChange) => void) {
  const websites = new Map<string, Map<string, Row>>();
  return {
    read: (websiteId: string, sessionId: string): SessionState =>
      websites.get(websiteId)?.get(sessionId) ?? emptySession(),
    write(websiteId: string, sessionId: string, next: SessionState): void {
      let sessions = websites.get(websiteId);
      if (sessions === undefined) {
        sessions = new Map();
        websites.set(websiteId, sessions);
      }
      // Delete first so that Map order stays "least recently changed first".
      sessions.delete(sessionId);
      const updatedAt = now();
      sessions.set(sessionId, { segments: next.segments.slice(), revision: next.revision, updatedAt });
      emit({ websiteId, sessionId, segments: next.segments, revision: next.revision, updatedAt });
    },
    newestFirst(websiteId: string, limit: number): SessionSummary[] {
      const rows = [...(websites.get(websiteId) ?? new Map<string, Row>())].reverse().slice(0, Math.max(0, limit));
      return rows.map(([sessionId, row]) => ({ sessionId, ...row, segments: row.segments.slice() }));
    },
  };
}

export function createMemoryStore(options: { now?: () => number } = {}): SegmentsStore & ChangeFeed {
  const feed = createChangeEmitter();
  const { read, write, newestFirst } = sessionTable(options.now ?? Date.now, feed.emit);
  return {
    subscribe: feed.subscribe,
    async get(websiteId, sessionId) {
      const { segments, revision } = read(websiteId, sessionId);
      return { segments: segments.slice(), revision };
    },
    async applyChange(websiteId, sessionId, revision, change) {
      const { result, next } = decideChange(read(websiteId, sessionId), revision, change);
      if (next) write(websiteId, sessionId, next);
      return result;
    },
    async edit(websiteId, sessionId, change) {
      const { result, next } = decideEdit(read(websiteId, sessionId), change);
      if (next) write(websiteId, sessionId, next);
      return result;
    },
    listSessions: async (websiteId, limit) => newestFirst(websiteId, limit),
  };
}
