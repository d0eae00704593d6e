/**
 * The npm entry: `import { Crisp } from "crisp-segments"`. Safe to import and call during server-side rendering:
 * nothing touches a browser global until `configure` runs in a browser.
 */

import type { Command, EventName, EventPayloads, Listener } from "./protocol/commands.js";
import type { CrispError } from "./protocol/errors.js";
import { CrispClient } from "./sdk/client.js";

export type { Command, EventName, EventPayloads, Listener } from "./protocol/commands.js";
export type { CrispError, CrispErrorCode } from "./protocol/errors.js";

type ArgsOf<Verb, Method> = Extract<Command, [Verb, Method, unknown]>[2];

export interface ConfigureOptions {
  /** Base URL of the segments service; `location.origin` when absent. */
  endpoint?: string;
}

let client: CrispClient | null = null;
/** Commands given before `configure`, replayed in order once it runs. */
let waiting: Command[] = [];
/** `flush` calls made before `configure`, answered once it runs. */
const flushesWaiting: (() => void)[] = [];

const inBrowser = (): boolean => typeof window !== "undefined" && typeof document !== "undefined";

function run(command: Command): void {
  if (client) client.run(command);
  else if (inBrowser()) waiting.push(command);
}

function on<E extends EventName>(event: E, listener: Listener<E>): () => void {
  // The tuple is sound for every E; the compiler cannot pair a generic event with its listener in the union.
  run(["on", event, listener] as unknown as Command);
  return () => run(["off", event, listener] as unknown as Command);
}

export const Crisp = {
  /** Starts the SDK for a website; commands given earlier run now, in order. Does nothing outside a browser. */
  configure(websiteId: string, options: ConfigureOptions = {}): void {
    if (!inBrowser()) return;
    client?.dispose();
    client = new CrispClient({ websiteId, endpoint: options.endpoint ?? location.origin });
    const replay = waiting;
    waiting = [];
    for (const command of replay) client.run(command);
    for (const flushed of flushesWaiting.splice(0)) flushed();
  },

  /** Runs any command of the `$crisp` queue, typed. */
  push(command: Command): void {
    run(command);
  },

  /** `true`: the SDK writes nothing to the console; errors still reach `onError` listeners. */
  safe(enabled = true): void {
    run(["safe", enabled]);
  },

  onError(listener: (error: CrispError) => void): () => void {
    return on("error", listener);
  },

  session: {
    /** Appends the segments not present, or replaces the list when `overwrite` is true. */
    setSegments(...args: ArgsOf<"set", "session:segments">): void {
      run(["set", "session:segments", args]);
    },
    removeSegments(...args: ArgsOf<"do", "session:segments:remove">): void {
      run(["do", "session:segments:remove", args]);
    },
    /** Starts a new session with an empty list; the old session's pending change is still delivered. */
    reset(): void {
      run(["do", "session:reset"]);
    },
    getSegments(): string[] {
      return (client?.get("session:segments") as string[] | undefined) ?? [];
    },
    getIdentifier(): string | null {
      return (client?.get("session:identifier") as string | undefined) ?? null;
    },
    /** Whether no change of the session waits for the service. */
    isSynced(): boolean {
      return client ? client.is("session:synced") : waiting.length === 0;
    },
    onLoaded(listener: (sessionId: EventPayloads["session:loaded"]) => void): () => void {
      return on("session:loaded", listener);
    },
    onSegmentsChanged(listener: (segments: EventPayloads["session:segments:changed"]) => void): () => void {
      return on("session:segments:changed", listener);
    },
    /** Called when no change of the session waits for the service any more. */
    onSynced(listener: (sessionId: EventPayloads["session:synced"]) => void): () => void {
      return on("session:synced", listener);
    },
    /** Resolves once the service has acknowledged every change; rejects on a permanent refusal. */
    flush(): Promise<void> {
      if (client) return client.flush();
      if (waiting.length === 0) return Promise.resolve();
      return new Promise<void>((resolve) => flushesWaiting.push(resolve)).then(() => Crisp.session.flush());
    },
  },
};
