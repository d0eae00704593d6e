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
}
export declare const USER_AGENT = "crisp-segments-webhooks/1";
export declare function postWebhook(request: WebhookRequest, options: PostOptions): Promise<Answer>;
