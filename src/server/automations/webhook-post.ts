/**
 * One attempt at a webhook, the effect: a POST of the signed body, answered by its status, or by why none came.
 * Redirects are not followed (a receiver's 3xx is an answer to retry, not a place to send a signed body to), and
 * the answer's body is read only to be dropped, so that its connection serves the next attempt. node:http with a
 * keep-alive agent rather than fetch: the worker shares its process with the service, and fetch's streams and
 * signals cost it about three times the CPU per attempt (bench/groups/webhooks.mjs, profiled).
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
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
}

export const USER_AGENT = "crisp-segments-webhooks/1";

// An idle connection is closed after 4 s, before Node's servers' default 5 s keep-alive drops it under a request.
const IDLE_MS = 4_000;
const agents = {
  http: new HttpAgent({ keepAlive: true, timeout: IDLE_MS, scheduling: "lifo" }),
  https: new HttpsAgent({ keepAlive: true, timeout: IDLE_MS, scheduling: "lifo" }),
};

export function postWebhook(request: WebhookRequest, options: PostOptions): Promise<Answer> {
  const { url, secret, messageId, body } = request;
  return new Promise((resolve) => {
    const target = new URL(url);
    const secure = target.protocol === "https:";
    const headers = {
      ...signedHeaders(secret, messageId, body, options.now()),
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(body)),
      "user-agent": USER_AGENT,
    };
    const answered = (response: IncomingMessage) => {
      resolve({ status: response.statusCode ?? 0 });
      response.on("close", () => clearTimeout(timer)).resume();
    };
    const sent = (secure ? httpsRequest : httpRequest)(
      target,
      { method: "POST", headers, agent: secure ? agents.https : agents.http },
      answered,
    );
    // Also bounds the reading of the answer's body: a receiver that never ends it loses the connection.
    const timer = setTimeout(() => sent.destroy(new AttemptTimeout(options.timeoutMs)), options.timeoutMs);
    sent.on("error", (error) => {
      clearTimeout(timer);
      resolve({ error: describeFailure(error) });
    });
    sent.end(body);
  });
}

class AttemptTimeout extends Error {
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}

/** A line for the operators: the socket's message, with its code when the message does not name it. */
function describeFailure(error: Error): string {
  if (error instanceof AttemptTimeout) return error.message;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
}
