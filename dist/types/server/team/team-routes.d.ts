/**
 * The REST API, shaped as Crisp's REST API v1 under `/v1/website/{website_id}/…`, for backends (no CORS: a page
 * never calls it). Without operator keys every one of its paths answers 404 with how to turn it on.
 */
import type { Hono } from "hono";
import type { Config, SegmentsEnv } from "../http/options.js";
export declare const REST_OFF_MESSAGE = "the REST API is off: configure operator keys (the demo: SEGMENTS_OPERATOR_IDENTIFIER and SEGMENTS_OPERATOR_KEY)";
export declare function addTeamRoutes(app: Hono<SegmentsEnv>, config: Config): void;
