/** The browser a client runs in: the effects it uses and the settings it runs with. Tests replace them. */
import { browserLocks, type Locks } from "../platform/locks.js";
import {
  afterThisTask,
  browserNetwork,
  type Clock,
  type Network,
  onPageCached,
  onPageExit,
  onPageShown,
  systemClock,
} from "../platform/page-lifecycle.js";
import { browserStorage, type KeyValueStore } from "../platform/storage.js";
import { newSessionId } from "../session/session-id.js";
import { type BackoffPolicy, DEFAULT_BACKOFF } from "../sync/policy.js";
import type { Transport } from "../sync/transport.js";

export interface ClientEnvironment {
  storage: KeyValueStore;
  locks: Locks;
  clock: Clock;
  network: Network;
  /** Replaces the ky transport (tests); otherwise `fetch`, when given, is what ky calls. */
  transport?: Transport;
  fetch?: typeof globalThis.fetch;
  newSessionId(): string;
  tabId: string;
  /** Registers the page-exit callback; returns its removal. */
  onPageExit(callback: () => void): () => void;
  /** Registers the back/forward cache callbacks; returns their removal. */
  onPageCached(hide: () => void, show: () => void): () => void;
  /** Registers a callback for the page becoming visible again or regaining focus; returns its removal. */
  onPageShown(callback: () => void): () => void;
  console: Pick<Console, "error">;
  /**
   * Where the client's start waits (the locks, the other tabs' events, the first read, the page's callbacks): in
   * the browser, the task after the one that made the client, so that the page's first task stays short.
   */
  startLater(start: () => void): void;
  /** Whether the page is hidden (its timers run once a second at most). */
  hidden(): boolean;
  /** From the first command of a burst to its request. */
  delayMs: number;
  timeoutMs: number;
  backoff: BackoffPolicy;
}

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
    onPageShown,
    console: globalThis.console,
    startLater: afterThisTask,
    hidden: () => globalThis.document?.visibilityState === "hidden",
    delayMs: 100,
    timeoutMs: 10_000,
    backoff: DEFAULT_BACKOFF,
  };
}
