/**
 * Crisp's "Batch Update Conversations Segments" and "Batch Update People Segments" (one route, told apart by the
 * body): adds the segments to every session or contact listed, in one store transaction, and says who was
 * updated, who was not found and who would have passed 100 segments (left as they were).
 */
import type { Hono, MiddlewareHandler } from "hono";
import type { SegmentsEnv } from "../http/options.js";
import type { TeamConfig } from "./team-config.js";
import type { TeamPaths } from "./team-paths.js";
export declare function addBatchRoutes(app: Hono<SegmentsEnv>, { store }: TeamConfig, paths: TeamPaths, guard: MiddlewareHandler<SegmentsEnv>): void;
