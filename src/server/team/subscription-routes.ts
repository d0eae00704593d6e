/**
 * Zapier's REST hooks (an instant trigger, no polling): `POST …/subscriptions` with `{target_url, event?,
 * segments?}` answers 201 `{"id": …}`, which Zapier keeps as `bundle.subscribeData.id`; `DELETE
 * …/subscription/{id}` when the Zap is turned off; `GET …/subscriptions/sample` answers an array of webhooks as
 * delivered, for the Zap editor. A subscription is a webhook endpoint like any other (listed, replayed and signed
 * alike, with a secret made for it and never told: Zapier does not check signatures; a 410 from Zapier disables
 * it). Successes answer bare JSON, as Zapier reads it; refusals keep the envelope.
 */
import type { Hono, MiddlewareHandler } from "hono";
import type { Config, SegmentsEnv } from "../http/options.js";
import { bareJson } from "../http/responses.js";
import { answerRefusal } from "./checked.js";
import { deleteEndpoint } from "./endpoint-delete.js";
import { addRoute } from "./route-table.js";
import { sampleEvents } from "./sample-events.js";
import { parseSubscription, sampleQuery } from "./subscription-body.js";
import type { TeamConfig } from "./team-config.js";
import type { WebhookPaths } from "./webhook-paths.js";
import { forEndpoint, readAs, refuseFull } from "./webhook-routes.js";
import type { WebhookStore } from "./webhook-store.js";

export function addSubscriptionRoutes(
  app: Hono<SegmentsEnv>,
  { store }: TeamConfig,
  webhooks: WebhookStore,
  paths: WebhookPaths,
  guard: MiddlewareHandler<SegmentsEnv>,
  now: Config["now"],
): void {
  addRoute(app, paths.subscriptions, guard, {
    POST: async (c) => {
      const websiteId = c.req.param("website") ?? "";
      const parsed = await readAs(c, parseSubscription);
      if (!parsed.ok) return answerRefusal(c, parsed);
      const full = await refuseFull(c, webhooks, websiteId);
      if (full !== undefined) return full;
      const { event, ...endpoint } = parsed.value;
      const created = await webhooks.createEndpoint(websiteId, endpoint);
      const answer = {
        id: created.endpointId,
        target_url: created.url,
        event: event ?? null,
        segments: created.segments,
      };
      return bareJson(c, answer, 201);
    },
  });

  addRoute(app, paths.subscription, guard, {
    DELETE: forEndpoint((c, websiteId, endpointId) =>
      deleteEndpoint(c, webhooks, { websiteId, endpointId }, () => bareJson(c, { id: endpointId })),
    ),
  });

  addRoute(app, paths.sample, guard, {
    GET: async (c) => {
      const query = sampleQuery((name) => c.req.query(name));
      if (!query.ok) return answerRefusal(c, query);
      return bareJson(c, await sampleEvents(store, { websiteId: c.req.param("website") ?? "", ...query.value }, now()));
    },
  });
}
