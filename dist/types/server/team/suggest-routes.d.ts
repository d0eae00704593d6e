/**
 * Crisp's "List Suggested … Segments": each segment in use with how many conversations or contacts carry it, most
 * used first, for an inbox's filter menu and autocomplete. The stores keep the counts, so a page reads one page.
 */
import type { Hono, MiddlewareHandler } from "hono";
import type { SegmentsEnv } from "../http/options.js";
import type { TeamConfig } from "./team-config.js";
import type { TeamPaths } from "./team-paths.js";
export declare function addSuggestRoutes(app: Hono<SegmentsEnv>, { store }: TeamConfig, paths: TeamPaths, guard: MiddlewareHandler<SegmentsEnv>): void;
