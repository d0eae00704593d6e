/**
 * One attempt at a webhook, the effect: a POST of the signed body, answered by its status, or by why none came.
 * Redirects are not followed (a receiver's 3xx is an answer to retry, not a place to send a signed body to), and
 * the answer's body is not read.
 */
import type { Answer } from "./delivery-outcome.js";
import { signedHeaders } from "./webhook-signing.js";

export interface WebhookRequest {
  url: string;
  secret: string;
  messageId: string;
  body: string;
}

export interface PostOptions {
  /** An attempt not answered in this time is retried. */
  timeoutMs: number;
  /** Milliseconds since the epoch: the attempt's signing time. */
  now: () => number;
  fetch?: typeof fetch;
}

export const USER_AGENT = "crisp-segments-webhooks/1";

export async function postWebhook(request: WebhookRequest, options: PostOptions): Promise<Answer> {
  const { url, secret, messageId, body } = request;
  try {
    const response = await (options.fetch ?? fetch)(url, {
      method: "POST",
      headers: {
        ...signedHeaders(secret, messageId, body, options.now()),
        "content-type": "application/json",
        "user-agent": USER_AGENT,
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    await response.body?.cancel();
    return { status: response.status };
  } catch (error) {
    return { error: describeFailure(error, options.timeoutMs) };
  }
}

/** A line for the operators: fetch's "fetch failed" hides the reason in its cause (ECONNREFUSED, ...). */
function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === "TimeoutError") return `no answer within ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const detail = cause?.code ?? cause?.message;
  const message = error instanceof Error ? error.message : String(error);
  return detail === undefined ? message : `${message}: ${String(detail)}`;
}
