/** The automations' side of the handler's store, when it has one (the memory, SQLite and PostgreSQL stores do). */
import type { AutomationsStore } from "../automations/automations-store.js";

const METHODS = [
  "listEndpoints",
  "createEndpoint",
  "setEndpointEnabled",
  "deleteEndpoint",
  "listDeliveries",
  "replayDeliveries",
] as const satisfies ReadonlyArray<keyof AutomationsStore>;

export type WebhookStore = Pick<AutomationsStore, (typeof METHODS)[number]>;

export function webhookStoreOf(store: object): WebhookStore | undefined {
  const methods = store as Partial<Record<(typeof METHODS)[number], unknown>>;
  return METHODS.every((method) => typeof methods[method] === "function") ? (store as WebhookStore) : undefined;
}

export const NO_WEBHOOKS_MESSAGE =
  "this service's store keeps no webhooks: use createMemoryStore(), createSqliteStore() or createPostgresStore()";
