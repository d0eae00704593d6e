/** How a client's parts are built from its checked configuration and its environment. */
import { localLocks } from "../platform/locks.js";
import { removeAll } from "../platform/page-lifecycle.js";
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
    ...env,
    ...(config.ok ? config : { websiteId: "unconfigured", storage: memoryStorage(), locks: localLocks() }),
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
    env.transport ?? kyTransport({ ...env, ...config, isOnline: env.network.isOnline, now: env.clock.now });
  // The environment's settings are the syncer's, by the same names.
  return new Syncer({ ...env, ...hooks, store, transport, maxBodyBytes: MAX_BODY_BYTES });
}

/**
 * Follows the page's life: sends on exit, lets go of the locks in the back/forward cache, reads the session again
 * when the page is shown. Returns the removal.
 */
export function followPage(env: ClientEnvironment, syncer: Syncer, store: SessionStore): () => void {
  // Exit first: the change goes out while this tab still leads; then the locks go, so that the page can be
  // cached and another tab can lead.
  return removeAll(
    env.onPageExit(() => syncer.exit()),
    env.onPageCached(
      () => store.suspend(),
      () => store.resume(),
    ),
    env.onPageShown(() => syncer.refresh()),
  );
}
