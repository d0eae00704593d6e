/**
 * The operators' REST routes, for a backend or an inbox: read, replace and edit one session's list, and list a
 * website's sessions. Behind a bearer token; without a configured token they do not exist (404). Their edits
 * change the list, never the revision, which counts the SDK's changes alone.
 */
import type { Hono } from "hono";
import type { Config, SegmentsEnv } from "./options.js";
import type { RoutePaths } from "./routes.js";
/** Operators may send a full list with long, multi-byte segments: more room than the SDK's 16 KiB. */
export declare const MAX_EDIT_BYTES: number;
export declare function addApiRoutes(app: Hono<SegmentsEnv>, config: Config, paths: RoutePaths): void;
