/**
 * One website's SDK in one page: runs commands against the session store, answers `get` and `is`, emits events
 * and reports refusals. The `$crisp` queue and the npm API are two thin faces of this class.
 */
import { type EventName, type EventPayloads } from "../protocol/commands.js";
import type { CrispError } from "../protocol/errors.js";
import { type ClientConfig } from "./config.js";
import { type ClientEnvironment } from "./environment.js";
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
