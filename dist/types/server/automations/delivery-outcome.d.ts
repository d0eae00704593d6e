/**
 * What one attempt's answer does to a delivery, pure. A 2xx delivers it; 410 Gone fails it and disables its
 * endpoint (the receiver says it is gone for good); any other answer, a network error or a timeout tries again
 * later (backoff.ts) until the retry period is over, then fails it.
 */
import { type BackoffPolicy } from "./backoff.js";
/** How a receiver answered an attempt: an HTTP status, or why no status came (refused, timed out, ...). */
export type Answer = {
    status: number;
} | {
    error: string;
};
/** What to store of an attempt. `lastStatus` and `lastError` describe it for the operators. */
export type Settlement = {
    lastStatus: number | null;
    lastError: string | null;
    /** Set on 410: the endpoint is disabled, so that nothing more is sent to it until it is enabled again. */
    disableEndpoint: boolean;
} & ({
    state: "delivered";
} | {
    state: "pending";
    nextAttemptAt: number;
} | {
    state: "failed";
});
export interface AttemptedDelivery {
    /** Attempts made, this one included. */
    attempts: number;
    /** When its attempts began: when its event was recorded, or when it was last replayed. */
    startedAt: number;
}
export declare const MAX_ERROR_LENGTH = 500;
export declare function settle(answer: Answer, delivery: AttemptedDelivery, now: number, policy: BackoffPolicy, random: number): Settlement;
