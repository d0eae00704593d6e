/** Session stores of one test website, closed by `closeStores` (call it after each test). */

import { localLocks } from "../../src/platform/locks";
import { memoryStorage } from "../../src/platform/storage";
import type { Operation } from "../../src/protocol/change";
import { newSessionId } from "../../src/session/session-id";
import { SessionStore, type StoreOptions } from "../../src/session/store";

export const SITE = "site_1";
export const PREFIX = `crisp-segments:${SITE}:`;
export const add = (...segments: string[]): Operation => ({ kind: "add", segments });
export const remove = (...segments: string[]): Operation => ({ kind: "remove", segments });

const opened: SessionStore[] = [];
let tabs = 0;

export function openStore(overrides: Partial<StoreOptions> = {}): SessionStore {
  const store = new SessionStore({
    websiteId: SITE,
    storage: memoryStorage(),
    locks: localLocks(),
    tabId: `tab${++tabs}`,
    newSessionId,
    now: () => Date.now(),
    ...overrides,
  });
  opened.push(store);
  return store;
}

export function closeStores(): void {
  for (const store of opened.splice(0)) store.dispose();
}
