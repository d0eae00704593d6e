/**
 * `GET /v1/website/{website_id}/live`: the store's change feed for one website, as server-sent events, for an
 * inbox that shows changes as they happen. `ready` once listening (a client re-reads what it shows then: changes
 * made while it was away are not replayed), then `session` and `people` per stored change, and a comment line as a
 * heartbeat so that proxies and clients can tell a quiet stream from a dead one. On PostgreSQL the feed is
 * LISTEN/NOTIFY, so a stream on any instance hears every instance's changes.
 */
import type { Hono, MiddlewareHandler } from "hono";
import { type SSEMessage } from "hono/streaming";
import type { Config, SegmentsEnv } from "../http/options.js";
import { type StoreChange, type TeamStore } from "../storage/team-store.js";
export declare const LIVE_HEARTBEAT_MS = 25000;
/** A client that reads slower than the website changes is dropped past this many unsent events; it reconnects. */
export declare const MAX_UNSENT_EVENTS = 1000;
export interface LiveRouteOptions {
    /** The route's path, with a `:website` parameter. */
    path: string;
    feed: Pick<TeamStore, "subscribeAll">;
    /** The operators' auth, as the REST routes have it: it answers 401/403/404 itself or calls next. */
    guard: MiddlewareHandler<SegmentsEnv>;
    heartbeatMs?: number;
}
/** The wire form of a change: Crisp's snake_case names, times in ms since the epoch. */
export declare function liveMessage(change: StoreChange): SSEMessage;
/** The live route of the handler: behind the REST API's operator auth, and off (404) when the REST API is. */
export declare function addLiveRoute(app: Hono<SegmentsEnv>, config: Config): void;
/** The route itself, over any feed and guard. */
export declare function addLiveStream(app: Hono<SegmentsEnv>, options: LiveRouteOptions): void;
