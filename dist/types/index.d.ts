/**
 * The npm entry: `import { Crisp } from "crisp-segments"`. Safe to import and call during server-side rendering:
 * nothing touches a browser global until `configure` runs in a browser.
 */
import type { Command, EventPayloads } from "./protocol/commands.js";
import type { CrispError } from "./protocol/errors.js";
export type { Command, EventName, EventPayloads, Listener } from "./protocol/commands.js";
export type { CrispError, CrispErrorCode } from "./protocol/errors.js";
type ArgsOf<Verb, Method> = Extract<Command, [Verb, Method, unknown]>[2];
export interface ConfigureOptions {
    /** Base URL of the segments service; `location.origin` when absent. */
    endpoint?: string;
}
export declare const Crisp: {
    /** Starts the SDK for a website; commands given earlier run now, in order. Does nothing outside a browser. */
    configure(websiteId: string, options?: ConfigureOptions): void;
    /** Runs any command of the `$crisp` queue, typed. */
    push(command: Command): void;
    /** `true`: the SDK writes nothing to the console; errors still reach `onError` listeners. */
    safe(enabled?: boolean): void;
    onError(listener: (error: CrispError) => void): () => void;
    session: {
        /** Appends the segments not present, or replaces the list when `overwrite` is true. */
        setSegments(segments: string[], overwrite?: boolean | undefined): void;
        removeSegments(segments: string[]): void;
        /** Starts a new session with an empty list; the old session's pending change is still delivered. */
        reset(): void;
        getSegments(): string[];
        getIdentifier(): string | null;
        /** Whether no change of the session waits for the service. */
        isSynced(): boolean;
        onLoaded(listener: (sessionId: EventPayloads["session:loaded"]) => void): () => void;
        onSegmentsChanged(listener: (segments: EventPayloads["session:segments:changed"]) => void): () => void;
        /** Called when no change of the session waits for the service any more. */
        onSynced(listener: (sessionId: EventPayloads["session:synced"]) => void): () => void;
        /** Resolves once the service has acknowledged every change; rejects on a permanent refusal. */
        flush(): Promise<void>;
    };
};
