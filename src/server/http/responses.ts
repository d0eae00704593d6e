/** The response envelope of docs/protocol.md: `{error, reason, data}` as JSON, never cached. */
import type { Context } from "hono";
import type { SessionState } from "../storage/segments-store.js";

export type ErrorReason =
  | "invalid_request"
  | "invalid_json"
  | "invalid_segments"
  | "invalid_revision"
  | "invalid_session"
  | "origin_not_allowed"
  | "website_not_allowed"
  | "website_not_found"
  | "people_not_found"
  | "people_exists"
  | "webhook_not_found"
  | "webhook_in_use"
  | "payload_too_large"
  | "rate_limited"
  | "not_found"
  | "method_not_allowed"
  | "unauthorized"
  | "internal_error";

const STATUS = {
  invalid_request: 400,
  invalid_json: 400,
  invalid_segments: 400,
  invalid_revision: 400,
  invalid_session: 400,
  unauthorized: 401,
  origin_not_allowed: 403,
  website_not_allowed: 403,
  website_not_found: 404,
  people_not_found: 404,
  webhook_not_found: 404,
  not_found: 404,
  method_not_allowed: 405,
  people_exists: 409,
  webhook_in_use: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal_error: 500,
} as const satisfies Record<ErrorReason, number>;

// Session lists are private to their visitor; no shared cache may keep them.
const JSON_HEADERS = { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" };

/**
 * Answers through the context, so that the headers the middleware set beforehand (CORS, Vary) are kept without
 * copying a finished Response.
 */
export function success(c: Context, reason: string, data: unknown): Response {
  return c.body(JSON.stringify({ error: false, reason, data }), 200, JSON_HEADERS);
}

/** A bare JSON answer, without the envelope: for clients that read their own shape (Zapier's REST hooks). */
export function bareJson(c: Context, data: unknown, status: 200 | 201 = 200): Response {
  return c.body(JSON.stringify(data), status, JSON_HEADERS);
}

export function failure(c: Context, reason: ErrorReason, message: string, headers?: Record<string, string>): Response {
  return c.body(JSON.stringify(refusalBody(reason, message)), STATUS[reason], { ...JSON_HEADERS, ...headers });
}

/** The same envelope without a context, for requests refused before any routing (a hostile Host, say). */
export function failureResponse(reason: ErrorReason, message: string): Response {
  return new Response(JSON.stringify(refusalBody(reason, message)), {
    status: STATUS[reason],
    headers: { ...JSON_HEADERS, "X-Content-Type-Options": "nosniff" },
  });
}

function refusalBody(reason: ErrorReason, message: string) {
  return { error: true, reason, data: { message } };
}

/** The wire shape of a session: exactly these two fields, whatever else a store returns. */
export function sessionData(state: SessionState): SessionState {
  return { segments: state.segments, revision: state.revision };
}
