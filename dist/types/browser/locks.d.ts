/**
 * Mutual exclusion across the tabs of an origin. Web Locks where the browser has them; elsewhere there is one
 * tab's word only, and the revision numbers keep a double send harmless.
 */
export interface Locks {
    /** Runs `task` while holding `name` exclusively; `task` must not await anything slow unless it means to. */
    run<T>(name: string, task: () => T | Promise<T>): Promise<T>;
    /** Holds `name` for the life of the page, so that other tabs can tell this one is alive. */
    holdForever(name: string): void;
    /** The names held by any tab of the origin, or null when that cannot be known. */
    held(): Promise<Set<string> | null>;
}
export declare function browserLocks(): Locks;
/** Locks within this page only: a promise chain per name. */
export declare function localLocks(): Locks;
