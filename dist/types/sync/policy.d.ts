/**
 * The failure policy of docs/protocol.md as pure functions: what each answer means, how long to wait before trying
 * again, and how to read `Retry-After`.
 */
export interface BackoffPolicy {
    /** Delay before the first retry, in ms. */
    baseMs: number;
    /** No delay grows past this. */
    capMs: number;
}
export declare const DEFAULT_BACKOFF: BackoffPolicy;
/** Exponential delay for the `attempt`-th retry (1-based), capped. */
export declare function backoffDelay(attempt: number, policy?: BackoffPolicy): number;
/**
 * "Equal jitter": half of the delay is kept, the other half is random. Clients that failed together spread out,
 * yet none retries at once.
 */
export declare function jitter(delay: number, random?: () => number): number;
/** `Retry-After` as seconds or an HTTP date, in ms from `now`; null when absent or unreadable. */
export declare function retryAfterMs(header: string | null | undefined, now: number): number | null;
export type Verdict = 
/** Acknowledged. */
"ok"
/** Refused for good: drop the change, report it, never retry. */
 | "drop"
/** The website is unknown or refuses this origin: stop syncing it. */
 | "stop"
/** Not delivered yet: try again with backoff, and no sooner than `Retry-After` where the status has one. */
 | "later";
/** What an answer's status means; a 4xx the protocol does not name is a refusal of the change. */
export declare function verdict(status: number): Verdict;
/** Status codes ky retries for us, with backoff, and those after which it honours `Retry-After`. */
export declare const RETRIED_STATUSES: number[];
export declare const RETRY_AFTER_STATUSES: number[];
