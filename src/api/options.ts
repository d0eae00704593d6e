/** The client's options, checked and normalised once here so that the rest of src/api can trust them. */
import { preview } from "../protocol/preview.js";

export interface RetryOptions {
  /** Retries after the first attempt of an idempotent call. Default 2; 0 turns retrying off. */
  limit?: number;
  /**
   * The longest `Retry-After` the client waits for, in ms. Default 60 000. An answer asking for longer is not
   * retried: its error carries `retryAfterMs` for the caller to schedule.
   */
  maxRetryAfterMs?: number;
}

export interface SegmentsApiOptions {
  /** The service's origin and base path, e.g. "https://segments.example.com" or "http://127.0.0.1:8787/segments". */
  baseUrl: string;
  /** The operator key's identifier, as configured on the service. */
  identifier: string;
  key: string;
  retry?: RetryOptions;
  /** Milliseconds an attempt may take before it is aborted (and retried when idempotent). Default 10 000. */
  timeoutMs?: number;
  /** A fetch to use instead of the global one (a test's, or a runtime's own). */
  fetch?: typeof globalThis.fetch;
}

export interface ApiConfig {
  /** With a trailing slash, so that ky's prefixUrl joins the routes to it. */
  baseUrl: string;
  identifier: string;
  key: string;
  retryLimit: number;
  maxRetryAfterMs: number;
  timeoutMs: number;
  fetch: typeof globalThis.fetch | undefined;
}

const fail = (name: string, value: unknown, expected: string): never => {
  throw new TypeError(`crisp-segments/api: ${name} is ${preview(value)}; expected ${expected}`);
};

function checkWhole(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    return fail(name, value, `a whole number from ${min} to ${max}`);
  }
  return value;
}

function checkBaseUrl(value: unknown): string {
  let url: URL | undefined;
  try {
    url = typeof value === "string" ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.search || url.hash) {
    return fail("baseUrl", value, 'an absolute http(s) URL without query, e.g. "https://segments.example.com"');
  }
  // Credentials go in the Authorization header only, never in a URL that logs may keep.
  if (url.username || url.password) return fail("baseUrl", value, "a URL without user name or password");
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}/`;
}

export function normalizeApiOptions(options: SegmentsApiOptions): ApiConfig {
  if (typeof options !== "object" || options === null) fail("the options", options, "an object");
  const { identifier, key, retry = {}, timeoutMs = 10_000 } = options;
  // Basic auth splits on the first colon: an identifier holding one could never be read back.
  if (typeof identifier !== "string" || identifier === "" || identifier.includes(":")) {
    fail("identifier", identifier, "a non-empty string without a colon");
  }
  if (typeof key !== "string" || key === "") fail("key", key, "a non-empty string");
  if (options.fetch !== undefined && typeof options.fetch !== "function") fail("fetch", options.fetch, "a function");
  return {
    baseUrl: checkBaseUrl(options.baseUrl),
    identifier,
    key,
    retryLimit: checkWhole("retry.limit", retry.limit ?? 2, 0, 10),
    maxRetryAfterMs: checkWhole("retry.maxRetryAfterMs", retry.maxRetryAfterMs ?? 60_000, 0, 3_600_000),
    timeoutMs: checkWhole("timeoutMs", timeoutMs, 1, 600_000),
    fetch: options.fetch,
  };
}
