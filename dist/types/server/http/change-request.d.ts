/**
 * What the SDK's route and the operators' routes share: checking a path's ids, and turning a body into a stored
 * change (read within a size limit, parse, apply, refuse what would exceed the segment cap).
 */
import type { Context } from "hono";
import type { ChangeResult, EditResult } from "../storage/segments-store.js";
import type { OriginCheck } from "./cors.js";
import type { Config } from "./options.js";
import type { ParsedBody } from "./parse-body.js";
/** The origins a known website allows; undefined for an id that is malformed or not configured. */
export declare function findWebsite(config: Config, websiteId: string): OriginCheck | undefined;
export declare function unknownWebsite(c: Context): Response;
/** The 400 for a session id that is not one; undefined when it is. */
export declare function refuseSessionId(c: Context, sessionId: string): Response | undefined;
/**
 * Reads and parses the body, lets `store` apply the change, and answers: the stored list, or the refusal of a body
 * that is too large or malformed, or of a change that would leave more than MAX_SEGMENTS segments.
 */
export declare function applyBody<T>(c: Context, maxBytes: number, parse: (text: string) => ParsedBody<T>, store: (parsed: T) => Promise<ChangeResult | EditResult>): Promise<Response>;
