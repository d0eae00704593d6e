/**
 * The delivery worker, the outbox's effects: it claims due deliveries from the store, posts each to its endpoint
 * (webhook-post.ts) and stores the outcome (delivery-outcome.ts). It wakes when the store says deliveries were
 * recorded or replayed, and otherwise sleeps until the next one is due (at most `pollMs`, so that work another
 * process recorded is found even when its notice was missed). All its state is in the store: a worker started
 * after a stop or a crash takes up where the last left off (a crashed worker's claims come back when their lease
 * ends). Delivery is at least once: an attempt whose outcome is lost is made again, with the same `webhook-id`.
 */
import { randomUUID } from "node:crypto";
import type { AutomationsStore } from "./automations-store.js";
import { type BackoffPolicy, DEFAULT_BACKOFF } from "./backoff.js";
import { settle } from "./delivery-outcome.js";
import type { ClaimedDelivery } from "./outbox.js";
import { postWebhook } from "./webhook-post.js";

export interface DeliveryWorkerOptions {
  store: AutomationsStore;
  fetch?: typeof fetch;
  /** Milliseconds since the epoch: when deliveries are due, and the attempts' signing time. */
  now?: () => number;
  /** In [0, 1): the backoff's jitter. */
  random?: () => number;
  backoff?: Partial<BackoffPolicy>;
  /** An attempt not answered in this time is retried. Default 10 s. */
  timeoutMs?: number;
  /** The most attempts in flight at once. Default 8. */
  concurrency?: number;
  /** How long a claim holds a delivery; above `timeoutMs`. Default 60 s. */
  leaseMs?: number;
  /** The longest sleep between two looks at the store. Default 5 s. */
  pollMs?: number;
  /** Told when the store fails (the attempt is made again later). Default: console.error. */
  onError?: (error: unknown) => void;
}

export interface DeliveryWorker {
  /** Resolves once listening to the store's wake-ups; the first look at the store follows at once. */
  start(): Promise<void>;
  /** Stops claiming, and resolves once the attempts in flight have their outcomes stored. */
  stop(): Promise<void>;
  /** Looks at the store now (a wake-up from elsewhere than the store's own). */
  wake(): void;
}

type Settings = Required<Omit<DeliveryWorkerOptions, "store" | "fetch" | "backoff">> & {
  store: AutomationsStore;
  fetch: typeof fetch | undefined;
  backoff: BackoffPolicy;
};

function settings(options: DeliveryWorkerOptions): Settings {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    store: options.store,
    fetch: options.fetch,
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
    backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
    timeoutMs,
    concurrency: Math.max(1, options.concurrency ?? 8),
    leaseMs: Math.max(options.leaseMs ?? 60_000, timeoutMs + 1_000),
    pollMs: options.pollMs ?? 5_000,
    onError: options.onError ?? ((error) => console.error("crisp-segments: webhook delivery failed", error)),
  };
}

/** One attempt: post, judge the answer, store the outcome. */
async function attempt(delivery: ClaimedDelivery, s: Settings): Promise<void> {
  const { url, secret, eventId: messageId, body } = delivery;
  const answer = await postWebhook({ url, secret, messageId, body }, s);
  const settlement = settle(answer, delivery, s.now(), s.backoff, s.random());
  await s.store.settleDelivery(delivery, settlement, s.now());
}

export function createDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const s = settings(options);
  const inFlight = new Set<Promise<void>>();
  let running = false;
  let looking: Promise<void> | undefined;
  let lookAgain = false;
  let timer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => Promise<void>) | undefined;

  const send = (delivery: ClaimedDelivery) => {
    const sent: Promise<void> = attempt(delivery, s)
      .catch(s.onError)
      .finally(() => {
        inFlight.delete(sent);
        wake();
      });
    inFlight.add(sent);
  };

  /** Claims as many due deliveries as there is room for; true when more may be due at once. */
  const claimSome = async (): Promise<boolean> => {
    const room = s.concurrency - inFlight.size;
    if (room <= 0) return false;
    const claimed = await s.store.claimDeliveries({
      now: s.now(),
      limit: room,
      leaseMs: s.leaseMs,
      claim: randomUUID(),
    });
    for (const delivery of claimed) send(delivery);
    return claimed.length === room;
  };

  /** Sleeps until the next delivery is due, or `pollMs` at most. */
  const sleep = async () => {
    const next = await s.store.nextDeliveryAt();
    const delay = next === undefined ? s.pollMs : Math.min(s.pollMs, Math.max(0, next - s.now()));
    if (!running) return;
    clearTimeout(timer);
    timer = setTimeout(wake, delay).unref();
  };

  const look = async () => {
    try {
      while (running && (await claimSome()));
      if (running) await sleep();
    } catch (error) {
      s.onError(error);
      if (running) timer = setTimeout(wake, s.pollMs).unref();
    }
  };

  function wake(): void {
    if (!running) return;
    if (looking) {
      lookAgain = true;
      return;
    }
    clearTimeout(timer);
    looking = look().finally(() => {
      looking = undefined;
      if (lookAgain) {
        lookAgain = false;
        wake();
      }
    });
  }

  return {
    async start() {
      if (running) return;
      running = true;
      unsubscribe = await s.store.onDeliveries(wake);
      wake();
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await unsubscribe?.();
      unsubscribe = undefined;
      await looking;
      await Promise.all([...inFlight]);
    },
    wake,
  };
}
