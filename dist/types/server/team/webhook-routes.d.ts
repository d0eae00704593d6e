/**
 * Webhook endpoints per website: list, create (the answer tells the `whsec_` secret, once), read, enable or
 * disable, delete; their deliveries, newest first, by state; and the replay of failed ones. Nothing here sends:
 * the delivery worker does, from the store.
 */
import type { Hono, MiddlewareHandler } from "hono";
import type { SegmentsEnv } from "../http/options.js";
import type { Body } from "../http/parse-body.js";
import { type Checked } from "./checked.js";
import { type TeamContext } from "./route-table.js";
import type { WebhookPaths } from "./webhook-paths.js";
import type { WebhookStore } from "./webhook-store.js";
/** Each endpoint costs a delivery per event: a bound keeps one website's changes from fanning out without end. */
export declare const MAX_ENDPOINTS = 100;
/** The request's body through `parse`, or the refusal of either. */
export declare function readAs<T>(c: TeamContext, parse: (body: Body) => Checked<T>): Promise<Checked<T>>;
type EndpointHandler = (c: TeamContext, websiteId: string, endpointId: string) => Promise<Response>;
/** Runs `handler` for a well-formed endpoint id in the path, or answers 400. */
export declare const forEndpoint: (handler: EndpointHandler) => (c: TeamContext) => Promise<Response>;
/** Refuses a website that has its fill of endpoints already; undefined when there is room. */
export declare function refuseFull(c: TeamContext, store: WebhookStore, websiteId: string): Promise<Response | undefined>;
export declare function addWebhookRoutes(app: Hono<SegmentsEnv>, store: WebhookStore, paths: WebhookPaths, guard: MiddlewareHandler<SegmentsEnv>): void;
export {};
