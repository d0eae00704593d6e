/**
 * The REST API, shaped as Crisp's REST API v1 under `/v1/website/{website_id}/…`, for backends (no CORS: a page
 * never calls it). Without operator keys every one of its paths answers 404 with how to turn it on.
 */
import type { Hono } from "hono";
import type { Config, SegmentsEnv } from "../http/options.js";
import { failure } from "../http/responses.js";
import { addBatchRoutes } from "./batch-routes.js";
import { addConversationRoutes } from "./conversation-routes.js";
import { requireOperator } from "./operator-auth.js";
import { addPeopleListRoutes } from "./people-list-routes.js";
import { addPeopleRoutes } from "./people-routes.js";
import { addRuleRoutes } from "./rule-routes.js";
import { addSubscriptionRoutes } from "./subscription-routes.js";
import { addSuggestRoutes } from "./suggest-routes.js";
import { teamPaths } from "./team-paths.js";
import { webhookPaths } from "./webhook-paths.js";
import { addWebhookRoutes } from "./webhook-routes.js";
import { NO_WEBHOOKS_MESSAGE, webhookStoreOf } from "./webhook-store.js";

export const REST_OFF_MESSAGE =
  "the REST API is off: configure operator keys (the demo: SEGMENTS_OPERATOR_IDENTIFIER and SEGMENTS_OPERATOR_KEY)";

export function addTeamRoutes(app: Hono<SegmentsEnv>, config: Config): void {
  const paths = teamPaths(config.basePath);
  const hooks = webhookPaths(config.basePath);
  const team = config.team;
  if (team === undefined) {
    for (const path of [...Object.values(paths), ...Object.values(hooks)]) {
      app.all(path, (c) => failure(c, "not_found", REST_OFF_MESSAGE));
    }
    return;
  }
  const guard = requireOperator(config, team);
  addConversationRoutes(app, team, paths, guard);
  addSuggestRoutes(app, team, paths, guard);
  addPeopleRoutes(app, team, paths, guard);
  addPeopleListRoutes(app, team, paths, guard, config.onError);
  addBatchRoutes(app, team, paths, guard);
  addRuleRoutes(app, team, config.basePath, guard);
  const webhooks = webhookStoreOf(team.store);
  if (webhooks === undefined) {
    for (const path of Object.values(hooks)) app.all(path, guard, (c) => failure(c, "not_found", NO_WEBHOOKS_MESSAGE));
    return;
  }
  addWebhookRoutes(app, webhooks, hooks, guard);
  addSubscriptionRoutes(app, team, webhooks, hooks, guard, config.now);
}
