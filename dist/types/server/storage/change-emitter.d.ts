/** The in-process half of a change feed: listeners of one store object, told in the order changes are stored. */
import type { ChangeFeed, SessionChange } from "./segments-store.js";
export interface ChangeEmitter extends ChangeFeed {
    emit(change: SessionChange): void;
}
export declare function createChangeEmitter(): ChangeEmitter;
