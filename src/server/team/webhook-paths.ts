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

export function webhookPaths(basePath: string): WebhookPaths {
  const website = `${basePath}/v1/website/:website`;
  return {
    webhooks: `${website}/webhooks`,
    newWebhook: `${website}/webhook`,
    webhook: `${website}/webhook/:endpoint`,
    deliveries: `${website}/webhooks/deliveries/:page`,
    replay: `${website}/webhooks/replay`,
    subscriptions: `${website}/subscriptions`,
    subscription: `${website}/subscription/:endpoint`,
    sample: `${website}/subscriptions/sample`,
  };
}
