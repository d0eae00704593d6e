/**
 * The change feed's NOTIFY payload, pure. PostgreSQL refuses payloads of 8,000 bytes or more, and a full list
 * (100 segments of up to 64 characters) can pass that: such a notice leaves the segments out, and the listening
 * instance reads them back. A contact's notice carries `p` (its people id) and `d` (deleted) instead of `s`, `r`.
 */
import type { SessionChange } from "./segments-store.js";
import { type ContactChange, type StoreChange } from "./team-store.js";
type Unlisted<C> = Omit<C, "segments"> & {
    segments?: string[];
};
export type SessionNotice = Unlisted<SessionChange>;
export type ContactNotice = Unlisted<ContactChange>;
export type Notice = SessionNotice | ContactNotice;
export declare function encodeNotice(change: StoreChange): string;
/** Throws on a payload that is not one of ours: the channel is the store's own, so that is a bug to hear of. */
export declare function decodeNotice(payload: string): Notice;
export {};
