/**
 * The failure policy of docs/protocol.md as pure functions: what each answer means, how long to wait before trying
 * again, and how to read `Retry-After`.
 */

export interface BackoffPolicy {
  /** Delay before the first retry, in ms. */
  baseMs: number;
  /** No delay grows past this. */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 300, capMs: 30_000 };

/** Exponential delay for the `attempt`-th retry (1-based), capped. */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  return Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
}

/**
 * "Equal jitter": half of the delay is kept, the other half is random. Clients that failed together spread out,
 * yet none retries at once.
 */
export function jitter(delay: number, random: () => number = Math.random): number {
  return delay / 2 + random() * (delay / 2);
}

/** `Retry-After` as seconds or an HTTP date, in ms from `now`; null when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now: number): number | null {
  if (header === null || header === undefined) return null;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  // An HTTP date names a month and a four-digit year; Date.parse alone takes junk such as "-5" for a date.
  if (!/[A-Za-z]{3}/.test(value) || !/\d{4}/.test(value)) return null;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

export type Verdict =
  /** Acknowledged. */
  | "ok"
  /** Refused for good: drop the change, report it, never retry. */
  | "drop"
  /** The website is unknown or refuses this origin: stop syncing it. */
  | "stop"
  /** Not delivered yet: try again with backoff, and no sooner than `Retry-After` where the status has one. */
  | "later";

/** What an answer's status means; a 4xx the protocol does not name is a refusal of the change. */
export function verdict(status: number): Verdict {
  if (status >= 200 && status < 300) return "ok";
  if (status === 403 || status === 404) return "stop";
  if (status === 408 || status === 429 || status >= 500) return "later";
  return "drop";
}

/** Status codes ky retries for us, with backoff, and those after which it honours `Retry-After`. */
export const RETRIED_STATUSES = [408, 429, ...Array.from({ length: 100 }, (_, index) => 500 + index)];
export const RETRY_AFTER_STATUSES = [429, 503];
