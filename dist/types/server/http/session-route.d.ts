/** The protocol route the SDK calls: GET and POST `/v1/website/{website_id}/session/{session_id}/segments`. */
import type { Hono } from "hono";
import type { Config, SegmentsEnv } from "./options.js";
/** docs/protocol.md: a change body is at most 16 KiB. */
export declare const MAX_CHANGE_BYTES: number;
export declare function addSessionRoute(app: Hono<SegmentsEnv>, config: Config, path: string): void;
