/** Promises given out to callers who wait for an outcome, settled all at once. */
export declare class Waiters<E> {
    #private;
    get any(): boolean;
    wait(): Promise<void>;
    resolve(): void;
    reject(error: E): void;
}
