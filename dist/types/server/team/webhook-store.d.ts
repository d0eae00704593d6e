/** The automations' side of the handler's store, when it has one (the memory, SQLite and PostgreSQL stores do). */
import type { AutomationsStore } from "../automations/automations-store.js";
declare const METHODS: readonly ["listEndpoints", "createEndpoint", "setEndpointEnabled", "deleteEndpoint", "listDeliveries", "replayDeliveries"];
export type WebhookStore = Pick<AutomationsStore, (typeof METHODS)[number]>;
export declare function webhookStoreOf(store: object): WebhookStore | undefined;
export declare const NO_WEBHOOKS_MESSAGE = "this service's store keeps no webhooks: use createMemoryStore(), createSqliteStore() or createPostgresStore()";
export {};
