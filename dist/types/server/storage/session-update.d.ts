/** The service's rules for changing a stored session, pure, shared by every store. */
import { type Change } from "../../protocol/change.js";
import type { ChangeResult, EditResult, SessionState } from "./segments-store.js";
/** A session the service has never seen. */
export declare function emptySession(): SessionState;
/** What an SDK change does to `current`; `next` is what to store, absent when nothing is. */
export declare function decideChange(current: SessionState, revision: number, change: Change): {
    result: ChangeResult;
    next?: SessionState;
};
/** What an operator edit does to `current`: the list changes, the revision stays the SDK's. */
export declare function decideEdit(current: SessionState, change: Change): {
    result: EditResult;
    next?: SessionState;
};
