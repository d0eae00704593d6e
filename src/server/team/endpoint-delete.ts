/**
 * Deleting a webhook endpoint, by its route and by Zapier's unsubscribe alike. An endpoint that rules send to is
 * not deleted: the rules would go on firing without their `send_webhook` action, and nothing would say so. The
 * refusal (409 `webhook_in_use`) names the rules, which the operator edits or deletes first.
 */
import { isRulesStore } from "../automations/rules-store.js";
import { failure } from "../http/responses.js";
import type { TeamContext } from "./route-table.js";
import type { WebhookStore } from "./webhook-store.js";

export const NO_ENDPOINT = "this website has no webhook endpoint with that endpoint_id";

/** The ids of the website's rules with a `send_webhook` action to `endpointId`, in the rules' order. */
async function rulesSendingTo(store: WebhookStore, websiteId: string, endpointId: string): Promise<string[]> {
  if (!isRulesStore(store)) return [];
  const rules = await store.listRules(websiteId);
  const sends = (rule: (typeof rules)[number]) =>
    rule.then.some((action) => action.do === "send_webhook" && action.endpoint === endpointId);
  return rules.filter(sends).map((rule) => rule.id);
}

/** Deletes the endpoint and answers `deleted()`, or refuses: 409 while rules send to it, 404 when unknown. */
export async function deleteEndpoint(
  c: TeamContext,
  store: WebhookStore,
  { websiteId, endpointId }: { websiteId: string; endpointId: string },
  deleted: () => Response,
): Promise<Response> {
  const using = await rulesSendingTo(store, websiteId, endpointId);
  if (using.length > 0) {
    const names = using.map((id) => `"${id}"`).join(", ");
    const message =
      `rule${using.length > 1 ? "s" : ""} ${names} send${using.length > 1 ? "" : "s"} to this endpoint: ` +
      "remove the send_webhook action (PUT rules) or delete the rule first";
    return failure(c, "webhook_in_use", message);
  }
  if (await store.deleteEndpoint(websiteId, endpointId)) return deleted();
  return failure(c, "webhook_not_found", NO_ENDPOINT);
}
