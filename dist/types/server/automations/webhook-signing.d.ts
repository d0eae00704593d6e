export interface WebhookHeaders {
    "webhook-id": string;
    "webhook-timestamp": string;
    "webhook-signature": string;
}
export declare function signedHeaders(secret: string, messageId: string, body: string, now: number): WebhookHeaders;
