/**
 * The syncer's reads of the current session: one on load, then one attempt now and then (every minute, and when
 * the page is shown) for what changed at the service (operators, REST API). One read at a time.
 */
import type { Clock } from "../platform/page-lifecycle.js";
import type { Answer, RequestOptions, Transport } from "./transport.js";

/** A visible page reads its session this often. */
export const REFRESH_MS = 60_000;

export interface ReadsOptions {
  transport: Transport;
  clock: Clock;
  /** What an answer does: the service's state lands in the list, a refused website stops syncing. */
  answered(sessionId: string, answer: Answer): void;
  /** Told once, when the load's read has an answer or has failed a first time. */
  onLoaded(sessionId: string): void;
  /** Called every minute; decides whether to `refresh`. */
  due(): void;
}

export class SessionReads {
  readonly #options: ReadsOptions;
  #read: AbortController | null = null;
  #timer: unknown = null;
  /**
   * Settles when the load's read has an answer or has failed a first time: the page goes on with the cached list
   * meanwhile, and the read keeps trying.
   */
  readonly loaded: Promise<void>;

  /** Reads the session at once, and calls `due` every minute until `dispose`. */
  constructor(options: ReadsOptions, sessionId: string) {
    this.#options = options;
    this.loaded = new Promise((settled) => {
      let announced = false;
      const announce = (): void => {
        if (!announced) {
          announced = true;
          options.onLoaded(sessionId);
        }
        settled();
      };
      void this.#send(sessionId, { onRetry: announce }).then(announce);
    });
    this.#every();
  }

  /** Whether a read is under way. */
  get busy(): boolean {
    return this.#read !== null;
  }

  /** Reads the session again, one attempt; nothing waits for it. */
  refresh(sessionId: string): void {
    void this.#send(sessionId, { once: true });
  }

  /** A change goes out: its answer carries the whole list, and the read under way could only bring an older one. */
  abort(): void {
    this.#read?.abort();
    this.#read = null;
  }

  dispose(): void {
    this.#options.clock.clearTimeout(this.#timer);
    this.abort();
  }

  #every(): void {
    this.#timer = this.#options.clock.setTimeout(() => {
      this.#every();
      this.#options.due();
    }, REFRESH_MS);
  }

  #send(sessionId: string, options: RequestOptions): Promise<void> {
    const read = (this.#read = new AbortController());
    return this.#options.transport.read(sessionId, { ...options, signal: read.signal }).then((answer) => {
      if (this.#read === read) this.#read = null;
      this.#options.answered(sessionId, answer);
    });
  }
}
