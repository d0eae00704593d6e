/** The response envelope of docs/protocol.md: `{error, reason, data}` as JSON, never cached. */
import type { Context } from "hono";
import type { SessionState } from "../storage/segments-store.js";
export type ErrorReason = "invalid_request" | "invalid_json" | "invalid_segments" | "invalid_revision" | "invalid_session" | "origin_not_allowed" | "website_not_allowed" | "website_not_found" | "people_not_found" | "people_exists" | "webhook_not_found" | "webhook_in_use" | "payload_too_large" | "rate_limited" | "not_found" | "method_not_allowed" | "unauthorized" | "internal_error";
/**
 * Answers through the context, so that the headers the middleware set beforehand (CORS, Vary) are kept without
 * copying a finished Response.
 */
export declare function success(c: Context, reason: string, data: unknown): Response;
/** A bare JSON answer, without the envelope: for clients that read their own shape (Zapier's REST hooks). */
export declare function bareJson(c: Context, data: unknown, status?: 200 | 201): Response;
export declare function failure(c: Context, reason: ErrorReason, message: string, headers?: Record<string, string>): Response;
/** The same envelope without a context, for requests refused before any routing (a hostile Host, say). */
export declare function failureResponse(reason: ErrorReason, message: string): Response;
/** The wire shape of a session: exactly these two fields, whatever else a store returns. */
export declare function sessionData(state: SessionState): SessionState;
