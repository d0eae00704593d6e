/**
 * The Standard Webhooks headers of one attempt, signed with the `standardwebhooks` package: `webhook-signature`
 * is `v1,` and the base64 HMAC-SHA256, under the endpoint's secret, of `id.timestamp.body`. The timestamp is the
 * attempt's (receivers refuse one more than five minutes off), the id the event's, the same at every attempt.
 */
import { Webhook } from "standardwebhooks";

export interface WebhookHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

export function signedHeaders(secret: string, messageId: string, body: string, now: number): WebhookHeaders {
  const at = new Date(now);
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(messageId, at, body),
  };
}
