/**
 * Webhook endpoints, pure: what one is, how a new one is checked, and which events it wants. A secret is in the
 * Standard Webhooks form, `whsec_` and the base64 of 24 to 64 random bytes.
 */
import { randomBytes } from "node:crypto";
import { preview } from "../../protocol/preview.js";
import { checkSegments, describeSegmentProblem } from "../../protocol/segments.js";
import { EVENT_NAMES, type EventName, isEventName } from "./events.js";

export interface WebhookEndpoint {
  /** A UUID, made by the store. */
  endpointId: string;
  url: string;
  secret: string;
  /** The events it wants; empty: every event. */
  events: EventName[];
  /** Sent only when the change adds at least one of these; empty: whatever the change. */
  segments: string[];
  /** A disabled endpoint is sent nothing; its pending deliveries wait. */
  enabled: boolean;
  /** Why it was disabled by the service (`gone`: it answered 410); absent when enabled or disabled by hand. */
  disabledReason?: "gone";
  /** Milliseconds since the epoch. */
  createdAt: number;
}

/** What a caller gives to create an endpoint, checked by `checkEndpoint`. */
export interface NewEndpoint {
  url: string;
  /** Made by the store when absent. */
  secret?: string;
  events?: EventName[];
  segments?: string[];
  enabled?: boolean;
}

export type EndpointCheck = { ok: true; endpoint: NewEndpoint } | { ok: false; field: string; message: string };

export const MAX_URL_LENGTH = 2048;
const SECRET_FORM = /^whsec_([A-Za-z0-9+/]+={0,2})$/;
const MIN_KEY_BYTES = 24;
const MAX_KEY_BYTES = 64;

export function newSecret(): string {
  return `whsec_${randomBytes(MIN_KEY_BYTES).toString("base64")}`;
}

export function isSecret(value: unknown): value is string {
  const base64 = typeof value === "string" ? SECRET_FORM.exec(value)?.[1] : undefined;
  if (base64 === undefined || base64.length % 4 !== 0) return false;
  const bytes = Buffer.from(base64, "base64").length;
  return bytes >= MIN_KEY_BYTES && bytes <= MAX_KEY_BYTES;
}

function isWebUrl(value: unknown): value is string {
  if (typeof value !== "string" || value.length > MAX_URL_LENGTH || !URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === "http:" || protocol === "https:";
}

type FieldCheck<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

const EVENT_LIST = EVENT_NAMES.map((name) => JSON.stringify(name)).join(" or ");

function checkEvents(value: unknown): FieldCheck<EventName[]> {
  if (value === undefined) return { ok: true, value: [] };
  if (!Array.isArray(value)) {
    return { ok: false, field: "events", message: `events is ${preview(value)}; expected an array of ${EVENT_LIST}` };
  }
  const index = value.findIndex((name) => !isEventName(name));
  if (index >= 0) {
    return {
      ok: false,
      field: "events",
      message: `events[${index}] is ${preview(value[index])}; expected ${EVENT_LIST}`,
    };
  }
  return { ok: true, value: [...new Set(value as EventName[])] };
}

function checkFilterSegments(value: unknown): FieldCheck<string[]> {
  if (value === undefined) return { ok: true, value: [] };
  const checked = checkSegments(value);
  if (!checked.ok) return { ok: false, field: "segments", message: describeSegmentProblem(checked.problem) };
  return { ok: true, value: checked.segments };
}

/** An endpoint as given (a request's body), checked field by field; unknown fields are dropped. */
export function checkEndpoint(value: unknown): EndpointCheck {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return {
      ok: false,
      field: "endpoint",
      message: "the endpoint is not an object; expected {url, secret?, events?, segments?}",
    };
  }
  const given = value as Record<string, unknown>;
  if (!isWebUrl(given.url)) {
    return { ok: false, field: "url", message: `url is ${preview(given.url)}; expected an http:// or https:// URL` };
  }
  if (given.secret !== undefined && !isSecret(given.secret)) {
    const message = "secret is not whsec_ and the base64 of 24 to 64 bytes; leave it out to have one made";
    return { ok: false, field: "secret", message };
  }
  if (given.enabled !== undefined && typeof given.enabled !== "boolean") {
    return { ok: false, field: "enabled", message: `enabled is ${preview(given.enabled)}; expected true or false` };
  }
  const events = checkEvents(given.events);
  if (!events.ok) return events;
  const segments = checkFilterSegments(given.segments);
  if (!segments.ok) return segments;
  const endpoint: NewEndpoint = { url: given.url, events: events.value, segments: segments.value };
  if (given.secret !== undefined) endpoint.secret = given.secret as string;
  if (given.enabled !== undefined) endpoint.enabled = given.enabled;
  return { ok: true, endpoint };
}

/** The stored form of a checked endpoint: its secret made when none was given. */
export function makeEndpoint(input: NewEndpoint, endpointId: string, now: number): WebhookEndpoint {
  return {
    endpointId,
    url: input.url,
    secret: input.secret ?? newSecret(),
    events: [...new Set(input.events ?? [])],
    segments: [...new Set(input.segments ?? [])],
    enabled: input.enabled ?? true,
    createdAt: now,
  };
}

/** Whether `endpoint` wants an event named `event` that added `added`. */
export function wantsEvent(
  endpoint: Pick<WebhookEndpoint, "enabled" | "events" | "segments">,
  event: EventName,
  added: readonly string[],
): boolean {
  if (!endpoint.enabled) return false;
  if (endpoint.events.length > 0 && !endpoint.events.includes(event)) return false;
  return endpoint.segments.length === 0 || endpoint.segments.some((segment) => added.includes(segment));
}
