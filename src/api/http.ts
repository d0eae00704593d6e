/**
 * The one ky instance of a client: Basic auth and `X-Crisp-Tier: plugin` on every request, the envelope read on
 * every answer, and every failure turned into a SegmentsApiError naming the method and path.
 *
 * Retries (ky's): every method this client sends but POST is idempotent here. GET reads; PUT and DELETE are by
 * definition; and each PATCH of the REST API sets fields, replaces a list, or adds or removes a set of segments,
 * so that sending it twice leaves what sending it once does. POST creates a contact and is never retried: an answer
 * lost on the way would otherwise create it twice (or answer 409 for the contact it did create).
 */
import ky, { HTTPError, type KyInstance, type Options, TimeoutError } from "ky";
import { preview } from "../protocol/preview.js";
import { backoffDelay, DEFAULT_BACKOFF, jitter, retryAfterMs } from "../sync/policy.js";
import { isRecord } from "./decode.js";
import { ResponseShapeError, SegmentsApiError } from "./errors.js";
import type { ApiConfig } from "./options.js";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface Call {
  method: Method;
  /** Relative to the base URL, ids already encoded, e.g. "v1/website/w1/people/profile". */
  path: string;
  json?: unknown;
  searchParams?: URLSearchParams;
}

export interface Http {
  /** Sends the call and resolves the answer's envelope `data`, checked and typed by `decode`. */
  data<T>(call: Call, decode: (data: unknown) => T): Promise<T>;
  /** As `data`, with the cursor of the page that follows when the service answered one (X-Next-Cursor). */
  page<T>(call: Call, decode: (data: unknown) => T): Promise<{ data: T; next: string | undefined }>;
  /** Sends the call asking for CSV and resolves the body. */
  csv(call: Call): Promise<string>;
}

const RETRIED_METHODS: NonNullable<Options["retry"] & object>["methods"] = ["get", "put", "patch", "delete"];
// 413 is left out of ky's list: a body too large stays too large. 501 and 505 will not change either.
const RETRIED_STATUSES = [408, 429, 500, 502, 503, 504];

export function createHttp(config: ApiConfig): Http {
  const client = createKy(config);
  const pathOf = (call: Call): string => new URL(call.path, config.baseUrl).pathname;
  const where = (call: Call) => ({ method: call.method, path: pathOf(call) });

  async function send(call: Call, accept: string): Promise<Response> {
    try {
      return await client(call.path, {
        method: call.method,
        json: call.json,
        searchParams: call.searchParams,
        headers: { Accept: accept },
      });
    } catch (error) {
      throw await failureOf(error, call.method, pathOf(call), config.timeoutMs);
    }
  }

  async function page<T>(call: Call, decode: (data: unknown) => T) {
    const response = await send(call, "application/json");
    const body = await bodyOf(response, where(call));
    try {
      return { data: decode(envelopeData(body)), next: response.headers.get("X-Next-Cursor") ?? undefined };
    } catch (error) {
      if (!(error instanceof ResponseShapeError)) throw error;
      const detail = error.message;
      throw new SegmentsApiError({ status: response.status, reason: "invalid_response", detail, ...where(call) });
    }
  }

  return {
    page,
    data: async (call, decode) => (await page(call, decode)).data,
    async csv(call) {
      const response = await send(call, "text/csv");
      const type = response.headers.get("Content-Type") ?? "";
      if (!type.startsWith("text/csv")) {
        void response.body?.cancel().catch(() => undefined);
        const detail = `answered ${preview(type)} where text/csv was asked for`;
        throw new SegmentsApiError({ status: response.status, reason: "invalid_response", detail, ...where(call) });
      }
      return bodyOf(response, where(call));
    },
  };
}

/** The body, read to its end; a connection lost on the way is a network error too. */
async function bodyOf(response: Response, at: { method: string; path: string }): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    const detail = `the answer was cut before its end: ${describe(error)}`;
    throw new SegmentsApiError({ status: response.status, reason: "network_error", detail, ...at });
  }
}

function createKy(config: ApiConfig): KyInstance {
  const credentials = base64(new TextEncoder().encode(`${config.identifier}:${config.key}`));
  return ky.create({
    prefixUrl: config.baseUrl,
    headers: { Authorization: `Basic ${credentials}`, "X-Crisp-Tier": "plugin" },
    timeout: config.timeoutMs,
    ...(config.fetch ? { fetch: config.fetch } : {}),
    retry: {
      methods: RETRIED_METHODS,
      limit: config.retryLimit,
      statusCodes: RETRIED_STATUSES,
      afterStatusCodes: [429, 503],
      maxRetryAfter: config.maxRetryAfterMs,
      retryOnTimeout: true,
      delay: (attempt) => jitter(backoffDelay(attempt, DEFAULT_BACKOFF)),
      // ky would wait `maxRetryAfter` and try again where the service asked for longer: give up instead, and
      // let the error's retryAfterMs tell the caller when to come back.
      shouldRetry: ({ error }) => {
        if (!(error instanceof HTTPError)) return undefined;
        const wait = retryAfterMs(error.response.headers.get("Retry-After"), Date.now());
        return wait !== null && wait > config.maxRetryAfterMs ? false : undefined;
      },
    },
  });
}

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The `data` of a successful envelope; throws ResponseShapeError for anything else. */
function envelopeData(text: string): unknown {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ResponseShapeError("the answer is not JSON");
  }
  if (!isRecord(body) || body.error !== false || !("data" in body)) {
    throw new ResponseShapeError("the answer is not the service's {error, reason, data} envelope");
  }
  return body.data;
}

async function failureOf(error: unknown, method: string, path: string, timeoutMs: number): Promise<SegmentsApiError> {
  if (error instanceof HTTPError) return refusal(error.response, method, path);
  if (error instanceof TimeoutError) {
    const detail = `no answer within ${timeoutMs} ms`;
    return new SegmentsApiError({ status: null, reason: "timeout", detail, method, path, cause: error });
  }
  const detail = `the request failed before any answer: ${describe(error)}`;
  return new SegmentsApiError({ status: null, reason: "network_error", detail, method, path, cause: error });
}

/** An error answer: the service's reason and message from its envelope, or `invalid_response` without one. */
async function refusal(response: Response, method: string, path: string): Promise<SegmentsApiError> {
  const retryAfter = retryAfterMs(response.headers.get("Retry-After"), Date.now());
  const fields = { status: response.status, method, path, retryAfterMs: retryAfter };
  const body = await response.text().then(parseOrNull, () => null);
  if (isRecord(body) && body.error === true && typeof body.reason === "string") {
    const message = isRecord(body.data) && typeof body.data.message === "string" ? body.data.message : "";
    return new SegmentsApiError({ ...fields, reason: body.reason, detail: message || "no message" });
  }
  const detail = `answered ${response.status} without the service's envelope; is baseUrl the segments service?`;
  return new SegmentsApiError({ ...fields, reason: "invalid_response", detail });
}

function parseOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Node's fetch says only "fetch failed"; the cause names the socket's error (ECONNREFUSED, ENOTFOUND, ...). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return `${error.message}${cause}`;
}
