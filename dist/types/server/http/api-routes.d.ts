/**
 * The operators' REST routes, for a backend or an inbox: read, replace and edit one session's list, and list a
 * website's sessions. Behind a bearer token; without a configured token they do not exist (404). Their edits
 * change the list, never the revision, which counts the SDK's changes alone.
 */
import type { Config } from "./options.js";
import type { Route } from "./routes.js";
/** Operators may send a full list with long, multi-byte segments: more room than the SDK's 16 KiB. */
export declare const MAX_EDIT_BYTES: number;
export declare function handleApi(config: Config, request: Request, route: Extract<Route, {
    kind: "api-session" | "api-sessions";
}>): Promise<Response>;
