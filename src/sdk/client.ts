/**
 * One website's SDK in one page: runs commands against the session store, answers `get` and `is`, emits events
 * and reports refusals. The `$crisp` queue and the npm API are two thin faces of this class.
 */

import { browserLocks, type Locks, localLocks } from "../platform/locks.js";
import {
  browserNetwork,
  type Clock,
  type Network,
  onPageCached,
  onPageExit,
  systemClock,
} from "../platform/page-lifecycle.js";
import { browserStorage, type KeyValueStore, memoryStorage } from "../platform/storage.js";
import { type EventName, type EventPayloads, parseCommand } from "../protocol/commands.js";
import type { CrispError } from "../protocol/errors.js";
import { isWebsiteId, WEBSITE_ID_RULE } from "../protocol/ids.js";
import { preview } from "../protocol/preview.js";
import { MAX_SEGMENTS } from "../protocol/segments.js";
import { newSessionId } from "../session/session-id.js";
import { SessionStore } from "../session/store.js";
import { type BackoffPolicy, DEFAULT_BACKOFF } from "../sync/policy.js";
import { Syncer } from "../sync/syncer.js";
import { kyTransport, type Transport } from "../sync/transport.js";
import { Emitter } from "./emitter.js";

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

/** The protocol's body limit, less a margin for the revision and keys. */
const MAX_BODY_BYTES = 16 * 1024 - 64;

export function browserEnvironment(): ClientEnvironment {
  return {
    storage: browserStorage(),
    locks: browserLocks(),
    clock: systemClock,
    network: browserNetwork,
    newSessionId,
    tabId: newSessionId().slice("session_".length),
    onPageExit,
    onPageCached,
    console: globalThis.console,
    delayMs: 100,
    hidden: () => globalThis.document?.visibilityState === "hidden",
    timeoutMs: 10_000,
    backoff: DEFAULT_BACKOFF,
  };
}

export class CrispClient {
  readonly #events: Emitter<EventPayloads>;
  readonly #store: SessionStore;
  readonly #syncer: Syncer | null = null;
  readonly #env: ClientEnvironment;
  #safe = false;
  #loadedSessionId: string | null = null;
  #shown: string[];
  #changeQueued = false;
  #detachExit: () => void = () => {};

  constructor(config: ClientConfig, env: ClientEnvironment = browserEnvironment()) {
    this.#env = env;
    this.#events = new Emitter<EventPayloads>((error, event) => this.#listenerFailed(error, event));
    const problem = configProblem(config);
    const usable = problem === null;
    this.#store = new SessionStore({
      websiteId: usable ? config.websiteId : "unconfigured",
      storage: usable ? env.storage : memoryStorage(),
      locks: usable ? env.locks : localLocks(),
      tabId: env.tabId,
      newSessionId: env.newSessionId,
      now: () => env.clock.now(),
    });
    this.#shown = this.#store.segments();
    this.#store.subscribe(() => this.#queueChanged());
    if (!usable) {
      this.report(problem);
      queueMicrotask(() => this.#announceLoaded(this.#store.sessionId));
      return;
    }
    const endpoint = config.endpoint.replace(/\/+$/, "");
    const transport =
      env.transport ??
      kyTransport({
        endpoint,
        websiteId: config.websiteId,
        timeoutMs: env.timeoutMs,
        backoff: env.backoff,
        isOnline: env.network.isOnline,
        now: env.clock.now,
        fetch: env.fetch,
      });
    this.#syncer = new Syncer({
      store: this.#store,
      transport,
      delayMs: env.delayMs,
      hidden: env.hidden,
      maxBodyBytes: MAX_BODY_BYTES,
      backoff: env.backoff,
      clock: env.clock,
      network: env.network,
      report: (error) => this.report(error),
      loaded: (sessionId) => this.#announceLoaded(sessionId),
    });
    this.#syncer.start();
    const syncer = this.#syncer;
    const store = this.#store;
    // Exit first: the change goes out while this tab still leads; then the locks go, so that the page can be
    // cached and another tab can lead.
    const detachExit = env.onPageExit(() => syncer.exit());
    const detachCache = env.onPageCached(
      () => store.suspend(),
      () => store.resume(),
    );
    this.#detachExit = () => {
      detachExit();
      detachCache();
    };
  }

  /** Runs one command; never throws. */
  run(command: unknown): void {
    try {
      this.#run(command);
    } catch (error) {
      this.#internal(error, command);
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
      this.#internal(error, ["get", key]);
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
      this.#internal(error, ["is", key]);
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
    return this.#syncer ? this.#syncer.flush() : Promise.resolve();
  }

  /** Reports a problem once: to `error` listeners, and to the console unless in safe mode. */
  report(error: CrispError): void {
    if (!this.#safe) this.#env.console.error(`[crisp-segments] ${error.message}`, error);
    this.#events.emit("error", error);
  }

  /** Stops this client for good: it sends nothing more, and lets go of its locks for a client that follows. */
  dispose(): void {
    this.#detachExit();
    this.#syncer?.stop();
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
    this.#queueChanged();
  }

  /** Emits `session:segments:changed` once per task, when the list differs from the one last shown. */
  #queueChanged(): void {
    if (this.#changeQueued) return;
    this.#changeQueued = true;
    queueMicrotask(() => {
      this.#changeQueued = false;
      const segments = this.#store.segments();
      if (sameList(segments, this.#shown)) return;
      this.#shown = segments;
      this.#events.emit("session:segments:changed", segments.slice());
    });
  }

  #listenerFailed(error: unknown, event: EventName): void {
    // A failing `error` listener is not reported to itself again.
    if (!this.#safe) this.#env.console.error(`[crisp-segments] a listener of "${event}" threw`, error);
  }

  #internal(error: unknown, command: unknown): void {
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

function configProblem(config: ClientConfig): CrispError | null {
  if (!isWebsiteId(config.websiteId)) {
    return {
      code: "invalid_configuration",
      value: config.websiteId,
      position: "websiteId",
      expected: WEBSITE_ID_RULE,
      message: `the website id ${preview(config.websiteId)} is not valid (expected ${WEBSITE_ID_RULE}); segments stay on this page only`,
    };
  }
  try {
    const url = new URL(config.endpoint);
    if (url.protocol === "http:" || url.protocol === "https:") return null;
  } catch {
    // Reported below.
  }
  return {
    code: "invalid_configuration",
    value: config.endpoint,
    position: "endpoint",
    expected: "an absolute http(s) URL",
    message: `the endpoint ${preview(config.endpoint)} is not an absolute http(s) URL; segments stay on this page only`,
  };
}
