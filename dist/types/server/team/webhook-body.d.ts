import { type NewEndpoint } from "../automations/endpoints.js";
import type { DeliveryQuery, ReplayTarget } from "../automations/outbox.js";
import { type Body } from "../http/parse-body.js";
import { type Checked } from "./checked.js";
import { type QueryParam } from "./list-query.js";
/** An endpoint's or a delivery's id as the stores make it (a lowercase UUID), checked before any store reads it. */
export declare function checkStoreId(value: unknown, name: string): Checked<string>;
/** A new endpoint, checked by endpoints.ts' rules; a bad segment filter is `invalid_segments`. */
export declare function parseNewEndpoint(body: Body): Checked<NewEndpoint>;
export declare function parseEnabled(body: Body): Checked<boolean>;
/** Exactly one of a delivery, an endpoint, or all: a body that names none replays nothing by accident. */
export declare function parseReplay(body: Body): Checked<ReplayTarget>;
/** `…/webhooks/deliveries/{page}?state=failed&endpoint_id=…&per_page=…`. */
export declare function deliveryQuery(page: string, param: QueryParam): Checked<DeliveryQuery>;
