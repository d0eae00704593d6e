/**
 * The two requests of docs/protocol.md over ky. ky retries failed attempts (backoff with jitter for 5xx, network
 * errors and timeouts; `Retry-After` for 429 and 503) for as long as the page lives; this module only says which
 * answers are final, and stops retrying while the browser is offline so that the caller can wait for `online`.
 */
import ky, { HTTPError } from "ky";
import type { Change } from "../protocol/change.js";
import { isStoredRevision } from "../protocol/revision.js";
import { checkSegments } from "../protocol/segments.js";
import type { ServiceState } from "../session/record.js";
import {
  type BackoffPolicy,
  backoffDelay,
  jitter,
  RETRIED_STATUSES,
  RETRY_AFTER_STATUSES,
  retryAfterMs,
  verdict,
} from "./policy.js";

export type Answer =
  | { verdict: "ok"; state: ServiceState; reason: string }
  /** Refused for good: `drop` the change, or `stop` syncing the website. */
  | { verdict: "drop" | "stop"; status: number; reason: string; message: string }
  /** Not delivered, to be tried again later (not before `retryAt`, when the service said so): offline, no retry allowed, or an unreadable answer. */
  | { verdict: "later"; message: string; retryAt: number | null };

export interface RequestOptions {
  /** The request may outlive the page. */
  keepalive?: boolean;
  /** One attempt, no retries: for the page's last moments. */
  once?: boolean;
  signal?: AbortSignal;
  /** Told before each retry. */
  onRetry?: () => void;
  /** Told when the service asks not to retry before a time (ms since epoch). */
  onRetryAfter?: (retryAt: number) => void;
}

export interface Transport {
  read(sessionId: string, options?: RequestOptions): Promise<Answer>;
  write(sessionId: string, revision: number, change: Change, options?: RequestOptions): Promise<Answer>;
  /** Whether a change of this page is on the wire right now (not waiting between retries). */
  readonly onWire: boolean;
}

export interface TransportOptions {
  endpoint: string;
  websiteId: string;
  timeoutMs: number;
  backoff: BackoffPolicy;
  isOnline(): boolean;
  now(): number;
  fetch?: typeof globalThis.fetch;
}

export function kyTransport(options: TransportOptions): Transport {
  const wire = trackWire(options.fetch ?? ((input, init) => globalThis.fetch(input, init)));
  const client = kyClient(options, wire.fetch);
  const url = (sessionId: string): string =>
    `${options.endpoint}/v1/website/${encodeURIComponent(options.websiteId)}/session/${encodeURIComponent(sessionId)}/segments`;

  async function request(send: () => Promise<Response>): Promise<Answer> {
    try {
      return await readState(await send());
    } catch (error) {
      if (error instanceof HTTPError) return refusal(error.response, options.now());
      return { verdict: "later", message: error instanceof Error ? error.message : String(error), retryAt: null };
    }
  }

  return {
    get onWire() {
      return wire.count() > 0;
    },
    read: (sessionId, requestOptions = {}) =>
      request(() => client.get(url(sessionId), perRequest(requestOptions, options.now))),
    write: (sessionId, revision, change, requestOptions = {}) =>
      request(() =>
        client.post(url(sessionId), {
          ...perRequest(requestOptions, options.now),
          // A string body goes as text/plain;charset=UTF-8: a CORS-simple request, no preflight.
          body: JSON.stringify({ revision, ...change }),
        }),
      ),
  };
}

/** Counts changes on the wire, not reads: a read in flight must not stop the page-exit send. */
function trackWire(fetch: typeof globalThis.fetch) {
  let onWire = 0;
  const tracked: typeof globalThis.fetch = async (input, init) => {
    const post = (input instanceof Request ? input.method : init?.method) === "POST";
    if (post) onWire++;
    try {
      return await fetch(input, init);
    } finally {
      if (post) onWire--;
    }
  };
  return { fetch: tracked, count: () => onWire };
}

function kyClient(options: TransportOptions, fetch: typeof globalThis.fetch) {
  return ky.create({
    credentials: "omit",
    timeout: options.timeoutMs,
    fetch,
    retry: {
      limit: Number.POSITIVE_INFINITY,
      methods: ["get", "post"],
      statusCodes: RETRIED_STATUSES,
      afterStatusCodes: RETRY_AFTER_STATUSES,
      maxRetryAfter: Number.POSITIVE_INFINITY,
      delay: (attempt) => backoffDelay(attempt, options.backoff),
      jitter: (delay) => jitter(delay),
      backoffLimit: options.backoff.capMs,
      retryOnTimeout: true,
      shouldRetry: () => (options.isOnline() ? undefined : false),
    },
  });
}

/** ky's options for one request. */
function perRequest(requestOptions: RequestOptions, now: () => number) {
  return {
    signal: requestOptions.signal,
    keepalive: requestOptions.keepalive === true,
    ...(requestOptions.once ? { retry: 0 } : {}),
    hooks: {
      // Seen as the answer arrives, before ky waits: a reload during the wait still honours it.
      afterResponse: [
        (_request: Request, _options: unknown, response: Response) => {
          if (!RETRY_AFTER_STATUSES.includes(response.status)) return;
          const after = retryAfterMs(response.headers.get("Retry-After"), now());
          if (after !== null) requestOptions.onRetryAfter?.(now() + after);
        },
      ],
      beforeRetry: [() => requestOptions.onRetry?.()],
    },
  };
}

async function readState(response: Response): Promise<Answer> {
  const body = (await response.json().catch(() => null)) as {
    reason?: unknown;
    data?: { segments?: unknown; revision?: unknown };
  } | null;
  const segments = checkSegments(body?.data?.segments, Number.POSITIVE_INFINITY);
  const revision = body?.data?.revision;
  if (!segments.ok || !isStoredRevision(revision)) {
    return {
      verdict: "later",
      message: `the service answered ${response.status} without a segments list and revision`,
      retryAt: null,
    };
  }
  return { verdict: "ok", state: { segments: segments.segments, revision }, reason: String(body?.reason ?? "") };
}

async function refusal(response: Response, now: number): Promise<Answer> {
  const body = (await response.json().catch(() => null)) as { reason?: unknown; data?: { message?: unknown } } | null;
  const reason = typeof body?.reason === "string" ? body.reason : `http_${response.status}`;
  const message = typeof body?.data?.message === "string" ? body.data.message : response.statusText;
  const kind = verdict(response.status);
  if (kind === "drop" || kind === "stop") return { verdict: kind, status: response.status, reason, message };
  const after = retryAfterMs(response.headers.get("Retry-After"), now);
  return {
    verdict: "later",
    message: `${response.status} ${reason}: ${message}`,
    retryAt: after === null ? null : now + after,
  };
}
