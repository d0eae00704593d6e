import type { Clock } from "../platform/page-lifecycle.js";
/** A visible page reads its session this often, for the changes made at the service (operators, REST API). */
export declare const REFRESH_MS = 60000;
/** Calls `refresh` every minute until the returned stop is called; `refresh` decides whether to read. */
export declare function refreshEveryMinute(clock: Clock, refresh: () => void): () => void;
