/** The identifiers of docs/protocol.md, one definition for the SDK and the service. */

const WEBSITE_ID = /^[A-Za-z0-9_-]{1,64}$/;
// `session_` and a lowercase UUID v4, as the SDK makes it from crypto.randomUUID().
const SESSION_ID = /^session_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export const WEBSITE_ID_RULE = "1 to 64 characters of A-Z a-z 0-9 _ -";

export function isWebsiteId(value: unknown): value is string {
  return typeof value === "string" && WEBSITE_ID.test(value);
}

export function isSessionId(value: unknown): value is string {
  return typeof value === "string" && SESSION_ID.test(value);
}
