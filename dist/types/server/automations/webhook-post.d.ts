/**
 * One attempt at a webhook, the effect: a POST of the signed body, answered by its status, or by why none came.
 * Redirects are not followed (a receiver's 3xx is an answer to retry, not a place to send a signed body to), and
 * the answer's body is not read.
 */
import type { Answer } from "./delivery-outcome.js";
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
export declare const USER_AGENT = "crisp-segments-webhooks/1";
export declare function postWebhook(request: WebhookRequest, options: PostOptions): Promise<Answer>;
