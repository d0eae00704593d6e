import type { TeamContext } from "./route-table.js";
import type { WebhookStore } from "./webhook-store.js";
export declare const NO_ENDPOINT = "this website has no webhook endpoint with that endpoint_id";
/** Deletes the endpoint and answers `deleted()`, or refuses: 409 while rules send to it, 404 when unknown. */
export declare function deleteEndpoint(c: TeamContext, store: WebhookStore, { websiteId, endpointId }: {
    websiteId: string;
    endpointId: string;
}, deleted: () => Response): Promise<Response>;
