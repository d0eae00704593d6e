/**
 * What is persisted for one session, shared by every tab of the website, and the pure transitions the sync
 * engine makes on it. A change is `open` while commands fold into it; it becomes `sent` (frozen, with its own
 * revision) when a request carries it, and stays so until acknowledged. Commands that arrive meanwhile fold into
 * a new `open` change, never into the sent one: re-applying a sent change is not always harmless
 * ("remove x, add x" moves x again), so only its revision can make a repeat harmless.
 */
import { applyChange, type Change, compose, isEmptyChange } from "../protocol/change.js";
import { isStoredRevision, isWholeNumber } from "../protocol/revision.js";
import { checkSegments } from "../protocol/segments.js";

export interface SessionRecord {
  /** The list as the service last reported it, and the revision it reported with it. */
  acked: string[];
  ackedRevision: number;
  /** The last revision given to a change of this session. While `sent` is set, it is that change's. */
  revision: number;
  sent: Change | null;
  open: Change | null;
  /** No request before this time (ms since epoch): the service's `Retry-After`. */
  retryAt: number;
  /** When `acked` was last heard from the service (ms since epoch). */
  ackedAt: number;
  /** Per tab id, the last outbox entry folded in. */
  merged: Record<string, number>;
  /** `merged` when the change before the sent one was frozen, and when the sent one was: its commands lie between. */
  sentFrom: Record<string, number>;
  sentTo: Record<string, number>;
  /** The last change the service refused for good, for the tabs whose commands it held. */
  refusal: RefusedChange | null;
}

export interface RefusedChange {
  revision: number;
  status: number;
  reason: string;
  message: string;
  /** Per tab id, its commands in the refused change: entries after `from`, up to `to`. */
  from: Record<string, number>;
  to: Record<string, number>;
}

export interface ServiceState {
  segments: string[];
  revision: number;
}

export const NEW_RECORD: SessionRecord = {
  acked: [],
  ackedRevision: 0,
  revision: 0,
  sent: null,
  open: null,
  retryAt: 0,
  ackedAt: 0,
  merged: {},
  sentFrom: {},
  sentTo: {},
  refusal: null,
};

export function recordView(record: SessionRecord): string[] {
  let list = record.acked;
  if (record.sent) list = applyChange(list, record.sent);
  if (record.open) list = applyChange(list, record.open);
  return list;
}

export function hasWork(record: SessionRecord): boolean {
  return record.sent !== null || record.open !== null;
}

export function withOpen(record: SessionRecord, change: Change): SessionRecord {
  if (isEmptyChange(change)) return record;
  return { ...record, open: compose(record.open ?? { overwrite: false, segments: [], remove: [] }, change) };
}

/**
 * The change to send next, freezing the open one under a new revision when nothing is sent yet. A revision is
 * at least the time in ms: a record that was lost (storage full or wiped) cannot make a revision the service
 * has already taken from this session, which would be answered "stale" and lost.
 */
export function nextSend(
  record: SessionRecord,
  maxBodyBytes: number,
  now: number,
): { record: SessionRecord; revision: number; change: Change } | null {
  if (record.sent) return { record, revision: record.revision, change: record.sent };
  if (!record.open) return null;
  const revision = Math.max(record.revision + 1, record.ackedRevision + 1, Math.floor(now));
  const [first, rest] = splitChange(record.open, (change) => bodyBytes(revision, change) <= maxBodyBytes);
  const marks = { sentFrom: record.sentTo, sentTo: record.merged };
  return { record: { ...record, ...marks, revision, sent: first, open: rest }, revision, change: first };
}

/** Folds one tab's outbox entry into the record, unless it is in already. */
export function mergeEntry(record: SessionRecord, tabId: string, seq: number, change: Change): SessionRecord {
  if ((record.merged[tabId] ?? 0) >= seq) return record;
  return { ...withOpen(record, change), merged: { ...record.merged, [tabId]: seq } };
}

/** A 2xx for `revision`: the service holds `state`, which includes the sent change. */
export function acknowledge(record: SessionRecord, revision: number, state: ServiceState, now: number): SessionRecord {
  // A late answer (to an exit send, say) may describe an older state than the one already heard.
  const heard =
    state.revision < record.ackedRevision ? {} : { acked: state.segments, ackedRevision: state.revision, ackedAt: now };
  if (!record.sent || record.revision !== revision) return { ...record, ...heard };
  if (state.revision > revision) {
    // The service's revision is ahead of a change it never saw: our counter was lost (storage wiped or full).
    // Give the same change a revision the service will take.
    return { ...record, ...heard, revision: state.revision + 1 };
  }
  return { ...record, ...heard, sent: null };
}

/** The state read on load: the service's list, and whether the sent change already reached it. */
export function afterLoadRead(record: SessionRecord, state: ServiceState, now: number): SessionRecord {
  if (state.revision < record.ackedRevision) return record;
  const applied = record.sent !== null && state.revision >= record.revision;
  return {
    ...record,
    acked: state.segments,
    ackedRevision: state.revision,
    ackedAt: now,
    sent: applied ? null : record.sent,
    revision: applied ? record.revision : Math.max(record.revision, state.revision),
  };
}

/** A permanent refusal of the sent change: drop it, keep what follows, and say whose commands it held. */
export function dropSent(
  record: SessionRecord,
  revision: number,
  why: { status: number; reason: string; message: string },
): SessionRecord {
  if (!record.sent || record.revision !== revision) return record;
  return { ...record, sent: null, refusal: { revision, ...why, from: record.sentFrom, to: record.sentTo } };
}

export function bodyBytes(revision: number, change: Change): number {
  return new TextEncoder().encode(JSON.stringify({ revision, ...change })).length;
}

/**
 * Splits a change into a first part that `fits` and the rest, so that applying the two in turn equals applying
 * the whole: removals first, then additions, as the change itself is applied.
 */
export function splitChange(change: Change, fits: (change: Change) => boolean): [Change, Change | null] {
  if (fits(change)) return [change, null];
  const remove = change.overwrite ? [] : change.remove;
  const take = (count: number): [Change, Change] => {
    const removeCount = Math.min(count, remove.length);
    const addCount = count - removeCount;
    const first: Change = change.overwrite
      ? { overwrite: true, segments: change.segments.slice(0, addCount) }
      : { overwrite: false, segments: change.segments.slice(0, addCount), remove: remove.slice(0, removeCount) };
    const rest: Change = {
      overwrite: false,
      segments: change.segments.slice(addCount),
      remove: remove.slice(removeCount),
    };
    return [first, rest];
  };
  let low = change.overwrite ? 0 : 1;
  let high = remove.length + change.segments.length;
  // Largest prefix that fits; a single segment always fits the protocol's body limit.
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(take(middle)[0])) low = middle;
    else high = middle - 1;
  }
  return take(Math.max(low, 1));
}

/** Whether a value read back from storage is a well-formed change. */
export function isChange(value: unknown): value is Change {
  if (typeof value !== "object" || value === null) return false;
  const change = value as Record<string, unknown>;
  if (!checkSegments(change.segments, Infinity).ok) return false;
  if (change.overwrite === true) return true;
  return change.overwrite === false && checkSegments(change.remove, Infinity).ok;
}

function isRefusedChange(value: unknown): value is RefusedChange {
  if (typeof value !== "object" || value === null) return false;
  const refusal = value as Record<string, unknown>;
  return (
    isStoredRevision(refusal.revision) &&
    isWholeNumber(refusal.status) &&
    typeof refusal.reason === "string" &&
    typeof refusal.message === "string" &&
    isMarks(refusal.from) &&
    isMarks(refusal.to)
  );
}

function isMarks(value: unknown): value is Record<string, number> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  return Object.values(value).every(isWholeNumber);
}

/** Reads a stored record; anything corrupted or foreign gives a new record rather than an error. */
export function parseRecord(text: string | null): SessionRecord {
  if (!text) return NEW_RECORD;
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    const acked = checkSegments(value.acked, Infinity);
    if (
      !acked.ok ||
      !isStoredRevision(value.ackedRevision) ||
      !isStoredRevision(value.revision) ||
      !isWholeNumber(value.retryAt) ||
      !isWholeNumber(value.ackedAt) ||
      !isMarks(value.merged) ||
      (value.sent !== null && !isChange(value.sent)) ||
      (value.open !== null && !isChange(value.open))
    ) {
      return NEW_RECORD;
    }
    return {
      acked: acked.segments,
      ackedRevision: value.ackedRevision,
      revision: value.revision,
      sent: value.sent as Change | null,
      open: value.open as Change | null,
      retryAt: value.retryAt,
      ackedAt: value.ackedAt,
      merged: value.merged,
      sentFrom: isMarks(value.sentFrom) ? value.sentFrom : {},
      // Records stored before `sentTo` had its name call it `sentMarks`.
      sentTo: isMarks(value.sentTo) ? value.sentTo : isMarks(value.sentMarks) ? value.sentMarks : {},
      refusal: isRefusedChange(value.refusal) ? value.refusal : null,
    };
  } catch {
    return NEW_RECORD;
  }
}
