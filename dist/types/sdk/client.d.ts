/**
 * One website's SDK in one page: runs commands against the session store, answers `get` and `is`, emits events
 * and reports refusals. The `$crisp` queue and the npm API are two thin faces of this class.
 */
import { type Locks } from "../platform/locks.js";
import { type Clock, type Network } from "../platform/page-lifecycle.js";
import { type KeyValueStore } from "../platform/storage.js";
import { type EventName, type EventPayloads } from "../protocol/commands.js";
import type { CrispError } from "../protocol/errors.js";
import { type BackoffPolicy } from "../sync/policy.js";
import { type Transport } from "../sync/transport.js";
export interface ClientConfig {
    websiteId: string;
    /** Base URL of the segments service, no trailing slash. */
    endpoint: string;
}
/** The effects a client uses; tests replace them. */
export interface ClientEnvironment {
    storage: KeyValueStore;
    locks: Locks;
    clock: Clock;
    network: Network;
    transport?: Transport;
    fetch?: typeof globalThis.fetch;
    newSessionId(): string;
    tabId: string;
    /** Registers the page-exit callback; returns its removal. */
    onPageExit(callback: () => void): () => void;
    /** Registers the back/forward cache callbacks; returns their removal. */
    onPageCached(hide: () => void, show: () => void): () => void;
    console: Pick<Console, "error">;
    delayMs: number;
    /** Whether the page is hidden (its timers run once a second at most). */
    hidden(): boolean;
    timeoutMs: number;
    backoff: BackoffPolicy;
}
export declare function browserEnvironment(): ClientEnvironment;
export declare class CrispClient {
    #private;
    constructor(config: ClientConfig, env?: ClientEnvironment);
    /** Runs one command; never throws. */
    run(command: unknown): void;
    get(key: unknown): unknown;
    is(key: unknown): boolean;
    on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
    flush(): Promise<void>;
    /** Reports a problem once: to `error` listeners, and to the console unless in safe mode. */
    report(error: CrispError): void;
    /** Stops this client for good: it sends nothing more, and lets go of its locks for a client that follows. */
    dispose(): void;
}
