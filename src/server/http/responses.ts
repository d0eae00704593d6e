/** The response envelope of docs/protocol.md: `{error, reason, data}` as JSON, never cached. */
import type { SessionState } from "../storage/segments-store.js";

export type ErrorReason =
  | "invalid_json"
  | "invalid_segments"
  | "invalid_revision"
  | "invalid_session"
  | "origin_not_allowed"
  | "website_not_found"
  | "payload_too_large"
  | "rate_limited"
  | "not_found"
  | "method_not_allowed"
  | "unauthorized"
  | "internal_error";

const STATUS: Record<ErrorReason, number> = {
  invalid_json: 400,
  invalid_segments: 400,
  invalid_revision: 400,
  invalid_session: 400,
  unauthorized: 401,
  origin_not_allowed: 403,
  website_not_found: 404,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  rate_limited: 429,
  internal_error: 500,
};

function json(status: number, body: unknown, headers: HeadersInit = {}): Response {
  const all = new Headers(headers);
  all.set("Content-Type", "application/json; charset=utf-8");
  // Session lists are private to their visitor; no shared cache may keep them.
  all.set("Cache-Control", "no-store");
  return new Response(JSON.stringify(body), { status, headers: all });
}

export function success(reason: string, data: unknown, headers?: HeadersInit): Response {
  return json(200, { error: false, reason, data }, headers);
}

export function failure(reason: ErrorReason, message: string, headers?: HeadersInit): Response {
  return json(STATUS[reason], { error: true, reason, data: { message } }, headers);
}

/** The wire shape of a session: exactly these two fields, whatever else a store returns. */
export function sessionData(state: SessionState): SessionState {
  return { segments: state.segments, revision: state.revision };
}
