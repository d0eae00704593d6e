/**
 * Key-value persistence that never throws. `localStorage` can be missing (server-side rendering), forbidden
 * (sandboxed frames, some private modes) or full (quota): then values live in memory for the life of the page.
 */
export interface KeyValueStore {
    get(key: string): string | null;
    /** Returns false when the value could only be kept in memory. */
    set(key: string, value: string): boolean;
    remove(key: string): void;
    keys(prefix: string): string[];
}
export declare function memoryStorage(): KeyValueStore;
/** `localStorage`, with an in-memory overlay for the values it refused to hold. */
export declare function browserStorage(): KeyValueStore;
