/**
 * The change feed's NOTIFY payload, pure. PostgreSQL refuses payloads of 8,000 bytes or more, and a full list
 * (100 segments of up to 64 characters) can pass that: such a notice leaves the segments out, and the listening
 * instance reads them back.
 */
import type { SessionChange } from "./segments-store.js";
export type Notice = Omit<SessionChange, "segments"> & {
    segments?: string[];
};
export declare function encodeNotice(change: SessionChange): string;
/** Throws on a payload that is not one of ours: the channel is the store's own, so that is a bug to hear of. */
export declare function decodeNotice(payload: string): Notice;
