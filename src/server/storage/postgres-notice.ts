/**
 * The change feed's NOTIFY payload, pure. PostgreSQL refuses payloads of 8,000 bytes or more, and a full list
 * (100 segments of up to 64 characters) can pass that: such a notice leaves the segments out, and the listening
 * instance reads them back.
 */
import type { SessionChange } from "./segments-store.js";

export type Notice = Omit<SessionChange, "segments"> & { segments?: string[] };

const MAX_PAYLOAD_BYTES = 7_999;

export function encodeNotice(change: SessionChange): string {
  const { websiteId: w, sessionId: s, revision: r, updatedAt: u, segments: g } = change;
  const full = JSON.stringify({ w, s, r, u, g });
  return Buffer.byteLength(full) <= MAX_PAYLOAD_BYTES ? full : JSON.stringify({ w, s, r, u });
}

/** Throws on a payload that is not one of ours: the channel is the store's own, so that is a bug to hear of. */
export function decodeNotice(payload: string): Notice {
  const { w, s, r, u, g } = JSON.parse(payload) as Record<string, unknown>;
  const segmentsOk = g === undefined || (Array.isArray(g) && g.every((x) => typeof x === "string"));
  if (typeof w !== "string" || typeof s !== "string" || typeof r !== "number" || typeof u !== "number" || !segmentsOk) {
    throw new Error(`segments change feed: malformed notice ${payload.slice(0, 200)}`);
  }
  const notice: Notice = { websiteId: w, sessionId: s, revision: r, updatedAt: u };
  if (g !== undefined) notice.segments = g as string[];
  return notice;
}
