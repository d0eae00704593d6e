/** The REST API's part of the handler's configuration, checked once: its operators, its store, its wrong-key limit. */
import type { RateLimit, RateLimiter } from "../http/rate-limit.js";
import type { SegmentsStore } from "../storage/segments-store.js";
import type { TeamStore } from "../storage/team-store.js";
import { type Operator } from "./operators.js";
export interface TeamConfig {
    operators: readonly Operator[];
    store: SegmentsStore & TeamStore;
    /** Counts wrong keys per client address; past its burst, every request from there waits (429). */
    wrongKeys?: RateLimiter;
}
/** Ten wrong keys from one address, then one more a minute. */
export declare const DEFAULT_WRONG_KEY_LIMIT: RateLimit;
/** Undefined when no operator is configured: the REST API is then off. */
export declare function teamConfig(operators: unknown, websites: ReadonlyMap<string, unknown>, store: SegmentsStore, wrongKeys: RateLimiter | undefined): TeamConfig | undefined;
