/** The response envelope of PROTOCOL.md: `{error, reason, data}` as JSON, never cached. */
import type { SessionState } from "../storage/segments-store.js";
export type ErrorReason = "invalid_json" | "invalid_segments" | "invalid_revision" | "invalid_session" | "origin_not_allowed" | "website_not_found" | "payload_too_large" | "rate_limited" | "not_found" | "method_not_allowed" | "unauthorized" | "internal_error";
export declare function success(reason: string, data: unknown, headers?: HeadersInit): Response;
export declare function failure(reason: ErrorReason, message: string, headers?: HeadersInit): Response;
/** The wire shape of a session: exactly these two fields, whatever else a store returns. */
export declare function sessionData(state: SessionState): SessionState;
