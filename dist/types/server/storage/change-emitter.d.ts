/** The in-process half of a change feed: listeners of one store object, told in the order changes are stored. */
import type { ChangeFeed, SessionChange } from "./segments-store.js";
import { type TeamStore } from "./team-store.js";
type Listener<C> = (change: C) => void;
export interface ChangeEmitter<C extends {
    segments: string[];
} = SessionChange> {
    subscribe(listener: Listener<C>): Promise<() => Promise<void>>;
    emit(change: C): void;
}
export declare function createChangeEmitter<C extends {
    segments: string[];
} = SessionChange>(): ChangeEmitter<C>;
/** `subscribe` over a feed that also tells contacts' changes: its listeners hear sessions' alone, as they always have. */
export declare function sessionsOnly(subscribeAll: TeamStore["subscribeAll"]): ChangeFeed["subscribe"];
export {};
