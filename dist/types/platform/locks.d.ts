/**
 * Web Locks, for what must be true of one tab at a time: being the leader, being alive. Where the browser has
 * none, every tab takes every lock at once: each is then its own leader, and revisions keep double sends harmless.
 */
export interface Locks {
    /** Whether a lock excludes the other tabs (Web Locks), or only stands for this page. */
    readonly exclusive: boolean;
    /** Takes `name` until `releaseAll`, calling `onGranted` once this page holds it. */
    holdForever(name: string, onGranted?: () => void): void;
    /** Lets go of every lock held or waited for: a page holding one cannot enter the back/forward cache. */
    releaseAll(): void;
    /** The names held by any tab of the origin, or null when that cannot be known. */
    held(): Promise<Set<string> | null>;
}
export declare function browserLocks(): Locks;
/** Locks within this page only: every lock is granted at once. */
export declare function localLocks(): Locks;
