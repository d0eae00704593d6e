/** How a client's parts are built from its checked configuration and its environment. */
import { localLocks } from "../platform/locks.js";
import { memoryStorage } from "../platform/storage.js";
import type { CrispError } from "../protocol/errors.js";
import { SessionStore } from "../session/store.js";
import { Syncer } from "../sync/syncer.js";
import { kyTransport } from "../sync/transport.js";
import type { CheckedConfig } from "./config.js";
import type { ClientEnvironment } from "./environment.js";

/** The protocol's body limit, less a margin for the revision and keys. */
const MAX_BODY_BYTES = 16 * 1024 - 64;

/** A client with a bad configuration keeps its session in memory, under a name no website has. */
export function openStore(config: CheckedConfig, env: ClientEnvironment): SessionStore {
  return new SessionStore({
    websiteId: config.ok ? config.websiteId : "unconfigured",
    storage: config.ok ? env.storage : memoryStorage(),
    locks: config.ok ? env.locks : localLocks(),
    tabId: env.tabId,
    newSessionId: env.newSessionId,
    now: () => env.clock.now(),
  });
}

export function startSyncer(
  store: SessionStore,
  config: { websiteId: string; endpoint: string },
  env: ClientEnvironment,
  hooks: { report(error: CrispError): void; onLoaded(sessionId: string): void },
): Syncer {
  const transport =
    env.transport ??
    kyTransport({
      ...config,
      timeoutMs: env.timeoutMs,
      backoff: env.backoff,
      isOnline: env.network.isOnline,
      now: env.clock.now,
      fetch: env.fetch,
    });
  return new Syncer({
    ...hooks,
    store,
    transport,
    delayMs: env.delayMs,
    hidden: env.hidden,
    maxBodyBytes: MAX_BODY_BYTES,
    backoff: env.backoff,
    clock: env.clock,
    network: env.network,
  });
}

/**
 * Follows the page's life: sends on exit, lets go of the locks in the back/forward cache, reads the session again
 * when the page is shown. Returns the removal.
 */
export function followPage(env: ClientEnvironment, syncer: Syncer, store: SessionStore): () => void {
  // Exit first: the change goes out while this tab still leads; then the locks go, so that the page can be
  // cached and another tab can lead.
  const detachExit = env.onPageExit(() => syncer.exit());
  const detachCache = env.onPageCached(
    () => store.suspend(),
    () => store.resume(),
  );
  const detachShown = env.onPageShown(() => syncer.refresh());
  return () => {
    detachExit();
    detachCache();
    detachShown();
  };
}
