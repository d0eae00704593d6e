/** The storage keys and lock names of one website, shared by all of its tabs. */
export interface StorageKeys {
    /** Every key of the website starts with this. */
    readonly prefix: string;
    /** The current session's id. */
    readonly current: string;
    readonly sessionPrefix: string;
    readonly outboxPrefix: string;
    /** The lock the leader holds. */
    readonly leader: string;
    session(sessionId: string): string;
    outbox(tabId: string): string;
    /** The lock a tab holds while it is open. */
    tab(tabId: string): string;
}
export declare function storageKeys(websiteId: string): StorageKeys;
