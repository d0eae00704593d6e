/**
 * The webhooks' REST paths under a base path: endpoints (ours, in Crisp's singular/plural style), their
 * deliveries, and Zapier's REST hooks (subscribe, unsubscribe, sample), which are endpoints too.
 */
export interface WebhookPaths {
    webhooks: string;
    newWebhook: string;
    webhook: string;
    deliveries: string;
    replay: string;
    subscriptions: string;
    subscription: string;
    sample: string;
}
export declare function webhookPaths(basePath: string): WebhookPaths;
