/**
 * The webhooks' request bodies and queries, pure: a new endpoint (endpoints.ts' rules), enabling one, what a
 * replay takes back, and which deliveries a list shows. Unknown fields are ignored, as everywhere in the REST API.
 */
import { preview } from "../../protocol/preview.js";
import { checkEndpoint, type NewEndpoint } from "../automations/endpoints.js";
import type { DeliveryQuery, DeliveryState, ReplayTarget } from "../automations/outbox.js";
import { type Body, field } from "../http/parse-body.js";
import { accept, type Checked, refuse } from "./checked.js";
import { pageQuery, type QueryParam } from "./list-query.js";

const STORE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STATES: readonly DeliveryState[] = ["pending", "delivered", "failed"];

/** An endpoint's or a delivery's id as the stores make it (a lowercase UUID), checked before any store reads it. */
export function checkStoreId(value: unknown, name: string): Checked<string> {
  if (typeof value === "string" && STORE_ID.test(value)) return accept(value);
  return refuse("invalid_request", `${name} is ${preview(value)}; expected a lowercase UUID, as the service made it`);
}

/** A new endpoint, checked by endpoints.ts' rules; a bad segment filter is `invalid_segments`. */
export function parseNewEndpoint(body: Body): Checked<NewEndpoint> {
  const checked = checkEndpoint(body);
  if (checked.ok) return accept(checked.endpoint);
  return refuse(checked.field === "segments" ? "invalid_segments" : "invalid_request", checked.message);
}

export function parseEnabled(body: Body): Checked<boolean> {
  const enabled = field(body, "enabled");
  if (typeof enabled === "boolean") return accept(enabled);
  return refuse("invalid_request", `enabled is ${preview(enabled)}; expected true or false`);
}

const REPLAY_FORMS = '{"delivery_id": …}, {"endpoint_id": …} or {"all": true}';

/** Exactly one of a delivery, an endpoint, or all: a body that names none replays nothing by accident. */
export function parseReplay(body: Body): Checked<ReplayTarget> {
  const named = ["delivery_id", "endpoint_id", "all"].filter((name) => field(body, name) !== undefined);
  if (named.length !== 1) {
    const given = named.length === 0 ? "none of them" : named.join(" and ");
    return refuse("invalid_request", `the body names ${given}; expected one of ${REPLAY_FORMS}`);
  }
  if (named[0] === "all") {
    if (field(body, "all") === true) return accept({ all: true });
    return refuse("invalid_request", `all is ${preview(field(body, "all"))}; expected true`);
  }
  const id = checkStoreId(field(body, named[0] ?? ""), named[0] ?? "");
  if (!id.ok) return id;
  return accept(named[0] === "delivery_id" ? { deliveryId: id.value } : { endpointId: id.value });
}

/** `…/webhooks/deliveries/{page}?state=failed&endpoint_id=…&per_page=…`. */
export function deliveryQuery(page: string, param: QueryParam): Checked<DeliveryQuery> {
  const window = pageQuery(page, param);
  if (!window.ok) return window;
  const query: DeliveryQuery = { ...window.value };
  const state = param("state");
  if (state !== undefined && state !== "") {
    if (!(STATES as readonly string[]).includes(state)) {
      return refuse("invalid_request", `state is ${preview(state)}; expected "pending", "delivered" or "failed"`);
    }
    query.state = state as DeliveryState;
  }
  const endpoint = param("endpoint_id");
  if (endpoint !== undefined && endpoint !== "") {
    const id = checkStoreId(endpoint, "endpoint_id");
    if (!id.ok) return id;
    query.endpointId = id.value;
  }
  return accept(query);
}
