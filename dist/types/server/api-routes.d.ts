import type { Config } from "./options.js";
import type { Route } from "./routes.js";
/** Operators may send a full list with long, multi-byte segments: more room than the SDK's 16 KiB. */
export declare const MAX_EDIT_BYTES: number;
export declare function handleApi(config: Config, request: Request, route: Extract<Route, {
    kind: "api-session" | "api-sessions";
}>): Promise<Response>;
