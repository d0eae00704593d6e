// The demo's webhook from SEGMENTS_WEBHOOK_URL (and SEGMENTS_WEBHOOK_SECRET): an endpoint of the demo's first
// website, made at start when none has that URL, so that restarts reuse it (and its pending deliveries). A secret
// given that differs from the stored one replaces the endpoint: deliveries signed with the old secret would only
// be refused by a receiver that has the new one.

/**
 * @param {import("../src/server").AutomationsStore} store
 * @param {string} websiteId
 * @param {{ url: string, secret?: string }} wanted
 * @returns {Promise<{ endpointId: string, url: string, secret: string, source: "environment" | "stored" | "generated" }>}
 */
export async function demoWebhook(store, websiteId, { url, secret }) {
  let stored = (await store.listEndpoints(websiteId)).find((endpoint) => endpoint.url === url);
  if (stored && secret !== undefined && stored.secret !== secret) {
    await store.deleteEndpoint(websiteId, stored.endpointId);
    stored = undefined;
  }
  // The variable says to send there: an endpoint disabled meanwhile (by hand, or by a 410) is enabled again.
  if (stored && !stored.enabled) stored = await store.setEndpointEnabled(websiteId, stored.endpointId, true);
  const endpoint = stored ?? (await store.createEndpoint(websiteId, { url, secret }));
  const source = secret !== undefined ? "environment" : stored ? "stored" : "generated";
  return { endpointId: endpoint.endpointId, url: endpoint.url, secret: endpoint.secret, source };
}

/** The start-up lines: where events go, and the secret to verify them with (unless it came from the environment). */
export function webhookLines(webhook) {
  const secret =
    webhook.source === "environment"
      ? "from SEGMENTS_WEBHOOK_SECRET"
      : `${webhook.secret} (${webhook.source === "generated" ? "made at this start" : "kept from an earlier start"}: give it to your receiver as SEGMENTS_WEBHOOK_SECRET)`;
  return [`Webhooks: segment changes of the demo's website go to ${webhook.url}, signed with ${secret}`];
}
