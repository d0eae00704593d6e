/**
 * Where the service keeps each session's list. A store decides nothing itself: it runs the pure rules of
 * `session-update.ts` inside one atomic read-modify-write per call, so every store behaves the same.
 */
import type { Change } from "../../protocol/change.js";

export interface SessionState {
  segments: string[];
  /** The highest SDK revision applied; 0 for a session never changed by the SDK. */
  revision: number;
}

export interface ChangeResult extends SessionState {
  /** `too_many`: the change would leave more than MAX_SEGMENTS segments; nothing was stored. */
  reason: "updated" | "stale" | "too_many";
}

export interface EditResult extends SessionState {
  reason: "updated" | "too_many";
}

export interface SessionSummary extends SessionState {
  sessionId: string;
  /** Milliseconds since the epoch of the last stored change. */
  updatedAt: number;
}

export interface SegmentsStore {
  /** A session never seen reads as no segments at revision 0. */
  get(websiteId: string, sessionId: string): Promise<SessionState>;
  /** An SDK change: applied, with its revision stored, only when `revision` is above the stored one. */
  applyChange(websiteId: string, sessionId: string, revision: number, change: Change): Promise<ChangeResult>;
  /** An operator or REST edit: changes the list, never the revision. */
  edit(websiteId: string, sessionId: string, change: Change): Promise<EditResult>;
  /** The most recently changed sessions of a website first, at most `limit` of them. */
  listSessions(websiteId: string, limit: number): Promise<SessionSummary[]>;
  close?(): void | Promise<void>;
}
