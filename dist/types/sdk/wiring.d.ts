import type { CrispError } from "../protocol/errors.js";
import { SessionStore } from "../session/store.js";
import { Syncer } from "../sync/syncer.js";
import type { CheckedConfig } from "./config.js";
import type { ClientEnvironment } from "./environment.js";
/** A client with a bad configuration keeps its session in memory, under a name no website has. */
export declare function openStore(config: CheckedConfig, env: ClientEnvironment): SessionStore;
export declare function startSyncer(store: SessionStore, config: {
    websiteId: string;
    endpoint: string;
}, env: ClientEnvironment, hooks: {
    report(error: CrispError): void;
    onLoaded(sessionId: string): void;
}): Syncer;
/**
 * Follows the page's life: sends on exit, lets go of the locks in the back/forward cache, reads the session again
 * when the page is shown. Returns the removal.
 */
export declare function followPage(env: ClientEnvironment, syncer: Syncer, store: SessionStore): () => void;
