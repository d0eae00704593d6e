/**
 * Token buckets keyed by a string (a session, a client address). Pure apart from the clock it is given, so that
 * tests drive time by hand.
 */
export interface RateLimit {
    /** Requests allowed per second, on average. */
    rate: number;
    /** The largest burst: how many requests a fresh key may make at once. */
    burst: number;
}
export type RateDecision = {
    ok: true;
} | {
    ok: false;
    retryAfterSeconds: number;
};
export interface RateLimiter {
    take(key: string): RateDecision;
    /** What `take` would decide, without taking: for limits that count only some requests (wrong keys). */
    peek(key: string): RateDecision;
    /** How many keys are remembered, for tests of the memory bound. */
    readonly size: number;
}
export declare function createRateLimiter(limit: RateLimit, now: () => number, maxKeys?: number): RateLimiter;
