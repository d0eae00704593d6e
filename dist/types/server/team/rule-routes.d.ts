/**
 * A website's rules (ours, not Crisp's): GET the ordered list, PUT a whole new one (how rules are reordered), POST
 * one more (it runs last), DELETE one by id. Every answer carries the list as stored; a refusal changes nothing.
 */
import type { Hono, MiddlewareHandler } from "hono";
import type { SegmentsEnv } from "../http/options.js";
import type { TeamConfig } from "./team-config.js";
export declare function rulePaths(basePath: string): {
    rules: string;
    rule: string;
};
export declare function addRuleRoutes(app: Hono<SegmentsEnv>, { store }: TeamConfig, basePath: string, guard: MiddlewareHandler<SegmentsEnv>): void;
