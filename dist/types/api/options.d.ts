export interface RetryOptions {
    /** Retries after the first attempt of an idempotent call. Default 2; 0 turns retrying off. */
    limit?: number;
    /**
     * The longest `Retry-After` the client waits for, in ms. Default 60 000. An answer asking for longer is not
     * retried: its error carries `retryAfterMs` for the caller to schedule.
     */
    maxRetryAfterMs?: number;
}
export interface SegmentsApiOptions {
    /** The service's origin and base path, e.g. "https://segments.example.com" or "http://127.0.0.1:8787/segments". */
    baseUrl: string;
    /** The operator key's identifier, as configured on the service. */
    identifier: string;
    key: string;
    retry?: RetryOptions;
    /** Milliseconds an attempt may take before it is aborted (and retried when idempotent). Default 10 000. */
    timeoutMs?: number;
    /** A fetch to use instead of the global one (a test's, or a runtime's own). */
    fetch?: typeof globalThis.fetch;
}
export interface ApiConfig {
    /** With a trailing slash, so that ky's prefixUrl joins the routes to it. */
    baseUrl: string;
    identifier: string;
    key: string;
    retryLimit: number;
    maxRetryAfterMs: number;
    timeoutMs: number;
    fetch: typeof globalThis.fetch | undefined;
}
export declare function normalizeApiOptions(options: SegmentsApiOptions): ApiConfig;
