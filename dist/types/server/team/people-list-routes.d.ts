/**
 * Crisp's "List People Profiles": a page of contacts filtered by segments (all of / any of) and by text, newest
 * changed first. With `Accept: text/csv` the same filter answers every matching contact as one CSV download (the
 * path's page and per_page are then ignored; a cursor starts it after that row), read from the store a page at a
 * time, each after the last row of the one before.
 */
import type { Hono, MiddlewareHandler } from "hono";
import type { SegmentsEnv } from "../http/options.js";
import type { TeamConfig } from "./team-config.js";
import type { TeamPaths } from "./team-paths.js";
export declare function addPeopleListRoutes(app: Hono<SegmentsEnv>, { store }: TeamConfig, paths: TeamPaths, guard: MiddlewareHandler<SegmentsEnv>, onError: (error: unknown) => void): void;
