/**
 * One website's SDK in one page: runs commands against the session store, answers `get` and `is`, emits events
 * and reports refusals. The `$crisp` queue and the npm API are two thin faces of this class.
 */

import { type EventName, type EventPayloads, parseCommand } from "../protocol/commands.js";
import type { CrispError } from "../protocol/errors.js";
import { preview } from "../protocol/preview.js";
import { MAX_SEGMENTS } from "../protocol/segments.js";
import type { SessionStore } from "../session/store.js";
import type { Syncer } from "../sync/syncer.js";
import { type ClientConfig, checkConfig } from "./config.js";
import { Emitter } from "./emitter.js";
import { browserEnvironment, type ClientEnvironment } from "./environment.js";
import { followPage, openStore, startSyncer } from "./wiring.js";

export class CrispClient {
  readonly #events: Emitter<EventPayloads>;
  readonly #store: SessionStore;
  #syncer: Syncer | null = null;
  /** Starts syncing and following the page; null once done (or for a bad configuration). */
  #start: (() => void) | null = null;
  readonly #env: ClientEnvironment;
  #safe = false;
  #loadedSessionId: string | null = null;
  #shown: string[];
  #synced: boolean;
  #changeQueued = false;
  /** Removes the page-exit and back/forward cache callbacks. */
  #detachPage: () => void = () => {};

  constructor(config: ClientConfig, env: ClientEnvironment = browserEnvironment()) {
    this.#env = env;
    this.#events = new Emitter<EventPayloads>((error, event) => this.#listenerFailed(error, event));
    const checked = checkConfig(config);
    this.#store = openStore(checked, env);
    this.#shown = this.#store.segments();
    this.#synced = this.#store.synced();
    this.#store.subscribe(() => this.#queueEvents());
    if (!checked.ok) {
      const { error } = checked;
      // After the task that made this client: the queued `on` and `safe` commands have run by then.
      queueMicrotask(() => {
        this.report(error);
        this.#announceLoaded(this.#store.sessionId);
      });
      return;
    }
    this.#start = () => {
      this.#start = null;
      const syncer = (this.#syncer = startSyncer(this.#store, checked, env, {
        report: (error) => this.report(error),
        onLoaded: (sessionId) => this.#announceLoaded(sessionId),
      }));
      this.#detachPage = followPage(env, syncer, this.#store);
    };
    // Until it starts this tab does not lead (the store's locks wait too) and sends nothing: its commands wait in
    // its outbox, written each task.
    env.startLater(() => this.#start?.());
  }

  /** Runs one command; never throws. */
  run(command: unknown): void {
    try {
      this.#run(command);
    } catch (error) {
      this.#reportInternalError(error, command);
    }
  }

  get(key: unknown): unknown {
    try {
      if (key === "session:segments") return this.#store.segments();
      if (key === "session:identifier") return this.#store.sessionId;
      this.report({
        code: "unsupported_command",
        value: key,
        message: `get ${preview(key)} is not supported; expected "session:segments" or "session:identifier"`,
      });
    } catch (error) {
      this.#reportInternalError(error, ["get", key]);
    }
    return undefined;
  }

  is(key: unknown): boolean {
    try {
      if (key === "session:synced") return this.#store.synced();
      this.report({
        code: "unsupported_command",
        value: key,
        message: `is ${preview(key)} is not supported; expected "session:synced"`,
      });
    } catch (error) {
      this.#reportInternalError(error, ["is", key]);
    }
    return false;
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
    const off = this.#events.on(event, listener);
    // `session:loaded` happens once per page; a listener that comes later still hears of it.
    const loadedId = this.#loadedSessionId;
    if (event === "session:loaded" && loadedId !== null) {
      queueMicrotask(() => {
        try {
          (listener as (payload: string) => void)(loadedId);
        } catch (error) {
          this.#listenerFailed(error, event);
        }
      });
    }
    return off;
  }

  flush(): Promise<void> {
    this.#start?.();
    return this.#syncer ? this.#syncer.flush() : Promise.resolve();
  }

  /** Reports a problem once: to `error` listeners, and to the console unless in safe mode. */
  report(error: CrispError): void {
    if (!this.#safe) this.#env.console.error(`[crisp-segments] ${error.message}`, error);
    this.#events.emit("error", error);
  }

  /** Stops this client for good: it sends nothing more, and lets go of its locks for a client that follows. */
  dispose(): void {
    this.#start = null;
    this.#detachPage();
    this.#syncer?.dispose();
    this.#store.suspend();
    this.#store.dispose();
  }

  #run(command: unknown): void {
    const parsed = parseCommand(command);
    if (!parsed.ok) {
      this.report(parsed.error);
      return;
    }
    const { action } = parsed;
    switch (action.type) {
      case "operation":
        if (!this.#store.apply(action.operation)) {
          this.report({
            code: "invalid_command",
            command,
            value: action.operation.segments,
            position: "segments",
            expected: `a session of at most ${MAX_SEGMENTS} segments`,
            message: `${preview(command)} refused: the session would hold more than ${MAX_SEGMENTS} segments`,
          });
        }
        return;
      case "reset":
        this.#store.reset();
        return;
      case "on":
        this.on(action.event, action.listener);
        return;
      case "off":
        this.#events.off(action.event, action.listener);
        return;
      case "safe":
        this.#safe = action.enabled;
        return;
    }
  }

  #announceLoaded(sessionId: string): void {
    if (this.#loadedSessionId !== null) return;
    this.#loadedSessionId = sessionId;
    this.#events.emit("session:loaded", sessionId);
    this.#queueEvents();
  }

  /**
   * Once per task: `session:segments:changed` when the list differs from the one last shown, `session:synced`
   * when the session has just become synced.
   */
  #queueEvents(): void {
    if (this.#changeQueued) return;
    this.#changeQueued = true;
    queueMicrotask(() => {
      this.#changeQueued = false;
      const segments = this.#store.segments();
      if (!sameList(segments, this.#shown)) {
        this.#shown = segments;
        this.#events.emit("session:segments:changed", segments.slice());
      }
      const synced = this.#store.synced();
      if (synced && !this.#synced) this.#events.emit("session:synced", this.#store.sessionId);
      this.#synced = synced;
    });
  }

  #listenerFailed(error: unknown, event: EventName): void {
    // A failing `error` listener is not reported to itself again.
    if (!this.#safe) this.#env.console.error(`[crisp-segments] a listener of "${event}" threw`, error);
  }

  #reportInternalError(error: unknown, command: unknown): void {
    let reason: string;
    try {
      reason = String(error);
    } catch {
      reason = "an unprintable error";
    }
    this.report({
      code: "internal_error",
      command,
      message: `unexpected failure running ${preview(command)}: ${reason}`,
    });
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((segment, index) => segment === b[index]);
}
