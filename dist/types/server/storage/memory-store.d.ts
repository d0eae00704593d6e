/** A store in a Map, for tests and throwaway services: JavaScript's single thread makes each call atomic. */
import type { AutomationsStore } from "../automations/automations-store.js";
import type { RulesStore } from "../automations/rules-store.js";
import type { ChangeFeed, SegmentsStore } from "./segments-store.js";
import type { TeamStore } from "./team-store.js";
export declare function createMemoryStore(options?: {
    now?: () => number;
}): SegmentsStore & ChangeFeed & TeamStore & AutomationsStore & RulesStore;
