/**
 * Webhook endpoints per website: list, create (the answer tells the `whsec_` secret, once), read, enable or
 * disable, delete; their deliveries, newest first, by state; and the replay of failed ones. Nothing here sends:
 * the delivery worker does, from the store.
 */
import type { Hono, MiddlewareHandler } from "hono";
import type { SegmentsEnv } from "../http/options.js";
import type { Body } from "../http/parse-body.js";
import { failure, success } from "../http/responses.js";
import { answerRefusal, type Checked } from "./checked.js";
import { deleteEndpoint, NO_ENDPOINT } from "./endpoint-delete.js";
import { MAX_WRITE_BYTES, readJsonObject } from "./json-body.js";
import { addRoute, type TeamContext } from "./route-table.js";
import { checkStoreId, deliveryQuery, parseEnabled, parseNewEndpoint, parseReplay } from "./webhook-body.js";
import type { WebhookPaths } from "./webhook-paths.js";
import type { WebhookStore } from "./webhook-store.js";
import { deliveryWire, endpointWire, newEndpointWire } from "./webhook-wire.js";

/** Each endpoint costs a delivery per event: a bound keeps one website's changes from fanning out without end. */
export const MAX_ENDPOINTS = 100;

/** The request's body through `parse`, or the refusal of either. */
export async function readAs<T>(c: TeamContext, parse: (body: Body) => Checked<T>): Promise<Checked<T>> {
  const body = await readJsonObject(c.req.raw, MAX_WRITE_BYTES);
  return body.ok ? parse(body.value) : body;
}

type EndpointHandler = (c: TeamContext, websiteId: string, endpointId: string) => Promise<Response>;

/** Runs `handler` for a well-formed endpoint id in the path, or answers 400. */
export const forEndpoint =
  (handler: EndpointHandler) =>
  async (c: TeamContext): Promise<Response> => {
    const id = checkStoreId(c.req.param("endpoint"), "the endpoint_id");
    if (!id.ok) return answerRefusal(c, id);
    return handler(c, c.req.param("website") ?? "", id.value);
  };

/** Refuses a website that has its fill of endpoints already; undefined when there is room. */
export async function refuseFull(c: TeamContext, store: WebhookStore, websiteId: string) {
  if ((await store.listEndpoints(websiteId)).length < MAX_ENDPOINTS) return undefined;
  const message = `this website has ${MAX_ENDPOINTS} webhook endpoints already: delete one first`;
  return failure(c, "invalid_request", message);
}

export function addWebhookRoutes(
  app: Hono<SegmentsEnv>,
  store: WebhookStore,
  paths: WebhookPaths,
  guard: MiddlewareHandler<SegmentsEnv>,
): void {
  addRoute(app, paths.webhooks, guard, {
    GET: async (c) =>
      success(c, "resolved", (await store.listEndpoints(c.req.param("website") ?? "")).map(endpointWire)),
  });

  addRoute(app, paths.newWebhook, guard, {
    POST: async (c) => {
      const websiteId = c.req.param("website") ?? "";
      const parsed = await readAs(c, parseNewEndpoint);
      if (!parsed.ok) return answerRefusal(c, parsed);
      const full = await refuseFull(c, store, websiteId);
      if (full !== undefined) return full;
      return success(c, "added", newEndpointWire(await store.createEndpoint(websiteId, parsed.value)));
    },
  });

  addRoute(app, paths.webhook, guard, {
    GET: forEndpoint(async (c, websiteId, endpointId) => {
      const endpoint = (await store.listEndpoints(websiteId)).find((one) => one.endpointId === endpointId);
      return endpoint ? success(c, "resolved", endpointWire(endpoint)) : failure(c, "webhook_not_found", NO_ENDPOINT);
    }),
    PATCH: forEndpoint(async (c, websiteId, endpointId) => {
      const enabled = await readAs(c, parseEnabled);
      if (!enabled.ok) return answerRefusal(c, enabled);
      const endpoint = await store.setEndpointEnabled(websiteId, endpointId, enabled.value);
      return endpoint ? success(c, "updated", endpointWire(endpoint)) : failure(c, "webhook_not_found", NO_ENDPOINT);
    }),
    DELETE: forEndpoint((c, websiteId, endpointId) =>
      deleteEndpoint(c, store, { websiteId, endpointId }, () => success(c, "deleted", {})),
    ),
  });

  addDeliveryRoutes(app, store, paths, guard);
}

function addDeliveryRoutes(
  app: Hono<SegmentsEnv>,
  store: WebhookStore,
  paths: WebhookPaths,
  guard: MiddlewareHandler<SegmentsEnv>,
): void {
  addRoute(app, paths.deliveries, guard, {
    GET: async (c) => {
      const query = deliveryQuery(c.req.param("page") ?? "", (name) => c.req.query(name));
      if (!query.ok) return answerRefusal(c, query);
      const deliveries = await store.listDeliveries(c.req.param("website") ?? "", query.value);
      return success(c, "resolved", deliveries.map(deliveryWire));
    },
  });

  addRoute(app, paths.replay, guard, {
    POST: async (c) => {
      const websiteId = c.req.param("website") ?? "";
      const target = await readAs(c, parseReplay);
      if (!target.ok) return answerRefusal(c, target);
      if ("endpointId" in target.value) {
        const { endpointId } = target.value;
        const known = (await store.listEndpoints(websiteId)).some((one) => one.endpointId === endpointId);
        if (!known) return failure(c, "webhook_not_found", NO_ENDPOINT);
      }
      return success(c, "replayed", { replayed: await store.replayDeliveries(websiteId, target.value) });
    },
  });
}
