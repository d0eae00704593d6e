import type { Change } from "../protocol/change.js";
import type { ServiceState } from "../session/record.js";
import { type BackoffPolicy } from "./policy.js";
export type Answer = {
    verdict: "ok";
    state: ServiceState;
    reason: string;
}
/** Refused for good: `drop` the change, or `stop` syncing the website. */
 | {
    verdict: "drop" | "stop";
    status: number;
    reason: string;
    message: string;
}
/** Not delivered, to be tried again later (not before `retryAt`, when the service said so): offline, no retry allowed, or an unreadable answer. */
 | {
    verdict: "later";
    message: string;
    retryAt: number | null;
};
export interface RequestOptions {
    /** The request may outlive the page. */
    keepalive?: boolean;
    /** One attempt, no retries: for the page's last moments. */
    once?: boolean;
    signal?: AbortSignal;
    /** Told before each retry. */
    onRetry?: () => void;
    /** Told when the service asks not to retry before a time (ms since epoch). */
    onRetryAfter?: (retryAt: number) => void;
}
export interface Transport {
    read(sessionId: string, options?: RequestOptions): Promise<Answer>;
    write(sessionId: string, revision: number, change: Change, options?: RequestOptions): Promise<Answer>;
    /** Whether a change of this page is on the wire right now (not waiting between retries). */
    readonly onWire: boolean;
}
export interface TransportOptions {
    endpoint: string;
    websiteId: string;
    timeoutMs: number;
    backoff: BackoffPolicy;
    isOnline(): boolean;
    now(): number;
    fetch?: typeof globalThis.fetch;
}
export declare function kyTransport(options: TransportOptions): Transport;
