/** The REST API's part of the handler's configuration, checked once: its operators, its store, its wrong-key limit. */
import type { RateLimit, RateLimiter } from "../http/rate-limit.js";
import type { SegmentsStore } from "../storage/segments-store.js";
import type { TeamStore } from "../storage/team-store.js";
import { checkOperators, type Operator } from "./operators.js";

export interface TeamConfig {
  operators: readonly Operator[];
  store: SegmentsStore & TeamStore;
  /** Counts wrong keys per client address; past its burst, every request from there waits (429). */
  wrongKeys?: RateLimiter;
}

/** Ten wrong keys from one address, then one more a minute. */
export const DEFAULT_WRONG_KEY_LIMIT: RateLimit = { rate: 10 / 60, burst: 10 };

const TEAM_METHODS = [
  "getMeta",
  "mergeMeta",
  "createContact",
  "getContact",
  "updateContact",
  "deleteContact",
  "listConversations",
  "listContacts",
  "suggestSegments",
  "addSegments",
] as const satisfies ReadonlyArray<keyof TeamStore>;

/** Undefined when no operator is configured: the REST API is then off. */
export function teamConfig(
  operators: unknown,
  websites: ReadonlyMap<string, unknown>,
  store: SegmentsStore,
  wrongKeys: RateLimiter | undefined,
): TeamConfig | undefined {
  const checked = checkOperators(operators, websites);
  if (checked.length === 0) return undefined;
  const missing = TEAM_METHODS.find((method) => typeof (store as Partial<TeamStore>)[method] !== "function");
  if (missing !== undefined) {
    throw new TypeError(
      `the store has no ${missing}(): operators need a team store, e.g. createSqliteStore() or createPostgresStore()`,
    );
  }
  return { operators: checked, store: store as SegmentsStore & TeamStore, wrongKeys };
}
