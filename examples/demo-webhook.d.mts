// Types of demo-webhook.mjs, for its tests.
import type { AutomationsStore } from "../src/server";
import type { DemoWebhook } from "./demo-server.mjs";

export function demoWebhook(
  store: Pick<AutomationsStore, "listEndpoints" | "createEndpoint" | "deleteEndpoint" | "setEndpointEnabled">,
  websiteId: string,
  wanted: { url: string; secret?: string },
): Promise<DemoWebhook>;

export function webhookLines(webhook: DemoWebhook): string[];
