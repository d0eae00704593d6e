/**
 * Contacts (Crisp's people profiles): add, get, update (PATCH merges, PUT replaces), remove, and our atomic segment
 * edit. One email per website: a second contact with it is refused (409) and the message names both.
 */
import type { Hono, MiddlewareHandler } from "hono";
import type { SegmentsEnv } from "../http/options.js";
import type { TeamConfig } from "./team-config.js";
import type { TeamPaths } from "./team-paths.js";
export declare function addPeopleRoutes(app: Hono<SegmentsEnv>, { store }: TeamConfig, paths: TeamPaths, guard: MiddlewareHandler<SegmentsEnv>): void;
