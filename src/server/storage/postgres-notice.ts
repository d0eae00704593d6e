/**
 * The change feed's NOTIFY payload, pure. PostgreSQL refuses payloads of 8,000 bytes or more, and a full list
 * (100 segments of up to 64 characters) can pass that: such a notice leaves the segments out, and the listening
 * instance reads them back. A contact's notice carries `p` (its people id) and `d` (deleted) instead of `s`, `r`.
 */
import type { SessionChange } from "./segments-store.js";
import { type ContactChange, isContactChange, type StoreChange } from "./team-store.js";

type Unlisted<C> = Omit<C, "segments"> & { segments?: string[] };
export type SessionNotice = Unlisted<SessionChange>;
export type ContactNotice = Unlisted<ContactChange>;
export type Notice = SessionNotice | ContactNotice;

const MAX_PAYLOAD_BYTES = 7_999;

export function encodeNotice(change: StoreChange): string {
  const { websiteId: w, updatedAt: u, segments: g } = change;
  const fields = isContactChange(change)
    ? { w, p: change.peopleId, u, d: change.deleted }
    : { w, s: change.sessionId, r: change.revision, u };
  const full = JSON.stringify({ ...fields, g });
  return Buffer.byteLength(full) <= MAX_PAYLOAD_BYTES ? full : JSON.stringify(fields);
}

/** Throws on a payload that is not one of ours: the channel is the store's own, so that is a bug to hear of. */
export function decodeNotice(payload: string): Notice {
  const { w, s, r, u, g, p, d } = JSON.parse(payload) as Record<string, unknown>;
  const segmentsOk = g === undefined || (Array.isArray(g) && g.every((x) => typeof x === "string"));
  const sessionOk = typeof s === "string" && typeof r === "number";
  const contactOk = typeof p === "string" && typeof d === "boolean";
  if (typeof w !== "string" || typeof u !== "number" || !segmentsOk || !(sessionOk || contactOk)) {
    throw new Error(`segments change feed: malformed notice ${payload.slice(0, 200)}`);
  }
  const notice: Notice = contactOk
    ? { websiteId: w, peopleId: p as string, updatedAt: u, deleted: d as boolean }
    : { websiteId: w, sessionId: s as string, revision: r as number, updatedAt: u };
  if (g !== undefined) notice.segments = g as string[];
  return notice;
}
