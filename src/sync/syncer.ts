/**
 * Delivers every session's pending change: reads the session once on load, sends the first change of a burst
 * after a short delay, keeps one request per session on the wire, folds what arrives meanwhile into the next
 * request, and sends what is left at once, with keepalive, when the page goes away. Only the leader tab sends:
 * that is what keeps one request per session in flight across tabs.
 */

import { sleep } from "../platform/page-lifecycle.js";
import type { Change } from "../protocol/change.js";
import type { CrispError } from "../protocol/errors.js";
import { acknowledge, dropSent, nextSend } from "../session/record.js";
import { backoffDelay, jitter } from "./policy.js";
import { SessionReads } from "./reads.js";
import { changeRefused, ownChangeRefused, type RefusalAnswer, websiteRefused } from "./refusal-errors.js";
import type { SyncerOptions } from "./syncer-options.js";
import type { Answer } from "./transport.js";
import { Waiters } from "./waiters.js";

/** How long changes wait for the load's read before going out anyway. */
const LOAD_WAIT_MS = 500;

type Job = { revision: number; change: Change };

export class Syncer {
  readonly #options: SyncerOptions;
  #timer: unknown = null;
  #draining: Promise<void> | null = null;
  /** The website was refused: syncing stopped, for this error. */
  #stopped: CrispError | null = null;
  #disposed = false;
  /** The exit send on its way: the next send waits for its answer, so that two never overlap. */
  #exitFlight: Promise<void> | null = null;
  /** Aborts the drain's request while ky waits between retries, so that an exit send can take its place. */
  #drainRequest: AbortController | null = null;
  readonly #reads: SessionReads;
  #failures = 0;
  readonly #waiters = new Waiters<CrispError>();

  /** Starts at once: reads the current session, and sends whenever this tab leads. */
  constructor(options: SyncerOptions) {
    this.#options = options;
    const { store } = options;
    store.subscribe(() => {
      this.schedule();
      this.#resolveWaiters();
    });
    this.#reads = new SessionReads(
      { ...options, answered: (sessionId, answer) => this.#readAnswered(sessionId, answer), due: () => this.refresh() },
      store.sessionId,
    );
    store.onLeader(() => this.schedule());
    // The leader reports what it sent; another tab hears of a refusal of its own commands through the record.
    store.onRefusal((refusal) => this.#refused(ownChangeRefused(refusal)));
  }

  /** Ends for good: no timer, no read, no more requests (an answer already on its way is still recorded). */
  dispose(): void {
    this.#disposed = true;
    this.#clearTimer();
    this.#reads.dispose();
  }

  /**
   * Reads the session again, one attempt, for what changed at the service: only while the page is visible and
   * online, and nothing of it waits for the service (an answer to a change carries the whole list anyway).
   */
  refresh(): void {
    const { store, transport, network, hidden } = this.#options;
    if (this.#stopped || this.#disposed || this.#reads.busy || this.#draining || transport.onWire) return;
    if (hidden() || !network.isOnline() || !store.idle()) return;
    this.#reads.refresh(store.sessionId);
  }

  /** Sends pending changes after the burst delay; several calls within it make one request. */
  schedule(): void {
    if (this.#stopped || this.#disposed || this.#timer !== null || this.#draining || !this.#options.store.leader)
      return;
    if (this.#options.hidden()) {
      // A hidden leader sends for the visible tabs: a timer would wait for the browser's next second. The
      // commands of one task of another tab come in one outbox entry, so they still make one request.
      void Promise.resolve().then(() => this.#drain());
      return;
    }
    this.#timer = this.#options.clock.setTimeout(() => {
      this.#timer = null;
      void this.#drain();
    }, this.#options.delayMs);
  }

  /** Resolves once the service has acknowledged every pending change; rejects on a permanent refusal. */
  flush(): Promise<void> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    const done = this.#waiters.wait();
    void this.#drain();
    return done;
  }

  /** The page may be going away: send what is pending now, with keepalive, without waiting for anything. */
  exit(): void {
    const { store, transport, clock } = this.#options;
    // Another tab leads: this tab's commands are in its outbox, which the leader delivers.
    store.savePending();
    if (this.#stopped || this.#disposed || !store.leader || this.#exitFlight) return;
    // A request on the wire is keepalive already and will land; a second one could overtake it.
    if (transport.onWire) return;
    this.#clearTimer();
    // A request waiting between retries gives way: the exit send carries the same change now.
    this.#drainRequest?.abort();
    const sends: Promise<void>[] = [];
    for (const sessionId of store.sessionsWithWork()) {
      if (store.record(sessionId).retryAt > clock.now()) continue;
      const job = this.#takeJob(sessionId);
      if (!job) continue;
      const send = transport.write(sessionId, job.revision, job.change, { keepalive: true, once: true });
      // The page may live on (it was only hidden): then the answer counts like any other.
      sends.push(send.then((answer) => void this.#settle(sessionId, job, answer)));
    }
    if (sends.length === 0) return;
    this.#exitFlight = Promise.all(sends).then(() => {
      this.#exitFlight = null;
      this.schedule();
    });
  }

  /** The session's next request: its sent change, or its open one frozen under a new revision. */
  #takeJob(sessionId: string): Job | null {
    const { store, maxBodyBytes, clock } = this.#options;
    return store.update(sessionId, (record) => {
      const next = nextSend(record, maxBodyBytes, clock.now());
      return next ? [next.record, next] : [record, null];
    });
  }

  /** What a read's answer does: the service's state lands in the list, a refused website stops syncing. */
  #readAnswered(sessionId: string, answer: Answer): void {
    if (answer.verdict === "ok") this.#options.store.loadRead(sessionId, answer.state);
    else if (answer.verdict === "stop") this.#stopSyncing(answer);
  }

  #clearTimer(): void {
    if (this.#timer === null) return;
    this.#options.clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #drain(): Promise<void> {
    this.#clearTimer();
    this.#draining ??= this.#drainLoop().finally(() => {
      this.#draining = null;
      this.#resolveWaiters();
      // A command that arrived as the loop was ending found it still running and scheduled nothing.
      if (!this.#options.store.idle()) this.schedule();
    });
    return this.#draining;
  }

  async #drainLoop(): Promise<void> {
    const { store, clock, network, backoff } = this.#options;
    // A slow read must not hold changes back for long; an answer to a change carries the whole list anyway.
    await Promise.race([this.#reads.loaded, sleep(clock, LOAD_WAIT_MS)]);
    store.savePending();
    if (store.sessionsWithWork().length === 0) return;
    this.#reads.abort();
    for (;;) {
      if (this.#stopped || this.#disposed || !store.leader) return;
      await this.#exitFlight;
      store.savePending();
      const sessionId = store.sessionsWithWork()[0];
      if (sessionId === undefined) return;
      const delivered = await this.#sendOnce(sessionId);
      if (delivered) {
        this.#failures = 0;
        this.#resolveWaiters();
        continue;
      }
      this.#failures++;
      if (!network.isOnline()) await network.whenOnline();
      else await sleep(clock, jitter(backoffDelay(this.#failures, backoff)));
    }
  }

  /** One request for the session; false when it did not get through and should be tried again later. */
  async #sendOnce(sessionId: string): Promise<boolean> {
    const { store, transport, clock, network } = this.#options;
    const job = this.#takeJob(sessionId);
    if (!job) return true;
    const wait = store.record(sessionId).retryAt - clock.now();
    if (wait > 0) await sleep(clock, wait);
    if (!network.isOnline()) return false;
    this.#drainRequest = new AbortController();
    const signal = this.#drainRequest.signal;
    const answer = await transport.write(sessionId, job.revision, job.change, {
      keepalive: true,
      onRetryAfter: (retryAt) => this.#retryNotBefore(sessionId, retryAt),
      signal,
    });
    this.#drainRequest = null;
    // Given way to an exit send, which carried the same change: its answer settles it.
    if (signal.aborted) return true;
    return this.#settle(sessionId, job, answer);
  }

  #settle(sessionId: string, job: Job, answer: Answer): boolean {
    const { store } = this.#options;
    // A tab that no longer leads writes nothing: the leader sends the same revision again, harmlessly.
    if (!store.leader) return answer.verdict !== "later";
    switch (answer.verdict) {
      case "ok":
        store.update(sessionId, (record) => [
          acknowledge(record, job.revision, answer.state, this.#options.clock.now()),
          null,
        ]);
        return true;
      case "drop": {
        const error = changeRefused(job.change, answer);
        // Waiters hear of the refusal before dropping the change makes the session look settled.
        this.#refused(error);
        const why = { status: answer.status, reason: answer.reason, message: error.message };
        store.update(sessionId, (record) => [dropSent(record, job.revision, why), null]);
        return true;
      }
      case "stop":
        this.#stopSyncing(answer);
        return true;
      case "later":
        if (answer.retryAt !== null) this.#retryNotBefore(sessionId, answer.retryAt);
        return false;
    }
  }

  /** The website was refused: nothing more is sent for it from this page. */
  #stopSyncing(answer: RefusalAnswer): void {
    if (this.#stopped) return;
    this.#stopped = websiteRefused(answer);
    this.#options.report(this.#stopped);
    this.#waiters.reject(this.#stopped);
  }

  /** The service's `Retry-After`: no request for the session before `retryAt`. */
  #retryNotBefore(sessionId: string, retryAt: number): void {
    this.#options.store.update(sessionId, (record) => [{ ...record, retryAt }, null]);
  }

  #resolveWaiters(): void {
    if (this.#waiters.any && this.#options.store.idle()) this.#waiters.resolve();
  }

  /** A change was refused for good: its waiters fail, and the refusal is reported. */
  #refused(error: CrispError): void {
    this.#waiters.reject(error);
    this.#options.report(error);
  }
}
