/**
 * The REST API's door, as Crisp's: `Authorization: Basic base64(identifier:key)` with `X-Crisp-Tier: plugin`,
 * then the website checked against the key's list. Wrong keys are counted per client address; past the limit,
 * every request from there waits, a right key included, so that a guess cannot be told right by its answer.
 */
import type { MiddlewareHandler } from "hono";
import type { Config, SegmentsEnv } from "../http/options.js";
import type { TeamConfig } from "./team-config.js";
/** Middleware for every REST route: it answers the refusal itself, or lets the route run. */
export declare function requireOperator(config: Config, team: TeamConfig): MiddlewareHandler<SegmentsEnv>;
/** Crisp's clients name the tier of their key; this service has plugin keys only. Undefined when it is right. */
export declare function checkTier(header: string | undefined): string | undefined;
