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
import type { TeamConfig } from "./team-config.js";
import type { WebhookPaths } from "./webhook-paths.js";
import type { WebhookStore } from "./webhook-store.js";
export declare function addSubscriptionRoutes(app: Hono<SegmentsEnv>, { store }: TeamConfig, webhooks: WebhookStore, paths: WebhookPaths, guard: MiddlewareHandler<SegmentsEnv>, now: Config["now"]): void;
