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

const HOUR = 3_600_000;

export interface DeliveryWorkerOptions {
  store: AutomationsStore;
  /** Milliseconds since the epoch: when deliveries are due, and the attempts' signing time. */
  now?: () => number;
  /** In [0, 1): the backoff's jitter. */
  random?: () => number;
  backoff?: Partial<BackoffPolicy>;
  /** An attempt not answered in this time is retried. Default 10 s. */
  timeoutMs?: number;
  /** The most attempts in flight at once. Default 16. */
  concurrency?: number;
  /** How long a claim holds a delivery; above `timeoutMs`. Default 60 s. */
  leaseMs?: number;
  /** The longest sleep between two looks at the store. Default 5 s. */
  pollMs?: number;
  /** How long delivered deliveries stay listed before they are pruned (hourly). Default 7 days. */
  keepDeliveredMs?: number;
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

type Settings = Required<Omit<DeliveryWorkerOptions, "store" | "backoff">> & {
  store: AutomationsStore;
  backoff: BackoffPolicy;
};

function settings(options: DeliveryWorkerOptions): Settings {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    store: options.store,
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
    backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
    timeoutMs,
    concurrency: Math.max(1, options.concurrency ?? 16),
    leaseMs: Math.max(options.leaseMs ?? 60_000, timeoutMs + 1_000),
    pollMs: options.pollMs ?? 5_000,
    keepDeliveredMs: options.keepDeliveredMs ?? 7 * 24 * HOUR,
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

/** Runs `look` when woken, one at a time (a wake-up during a look runs one more after it), then after the delay it answers. */
function lookLoop(look: () => Promise<number>) {
  let running = true;
  let looking: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  const wake = (): void => {
    if (!running) return;
    if (looking) {
      again = true;
      return;
    }
    clearTimeout(timer);
    looking = look()
      .then((delay) => {
        if (running) timer = setTimeout(wake, delay).unref();
      })
      .finally(() => {
        looking = undefined;
        if (again) {
          again = false;
          wake();
        }
      });
  };
  const stop = async () => {
    running = false;
    clearTimeout(timer);
    await looking;
  };
  return { wake, stop, running: () => running };
}

/** How long to sleep: until the next delivery is due, `pollMs` at most. */
async function untilNext(s: Settings): Promise<number> {
  const next = await s.store.nextDeliveryAt();
  return next === undefined ? s.pollMs : Math.min(s.pollMs, Math.max(0, next - s.now()));
}

/**
 * The attempts in flight, `concurrency` at most; `done` is told as each has its outcome stored. While some are in
 * flight, claims wait for room for a quarter of them: a burst is claimed a batch at a time, not one claim per
 * finished attempt.
 */
function inFlight(s: Settings, done: () => void) {
  const sending = new Set<Promise<void>>();
  const batch = Math.ceil(s.concurrency / 4);
  const send = (delivery: ClaimedDelivery): void => {
    const sent: Promise<void> = attempt(delivery, s)
      .catch(s.onError)
      .finally(() => {
        sending.delete(sent);
        done();
      });
    sending.add(sent);
  };
  const room = () => s.concurrency - sending.size;
  return {
    /** True when no claim is made until an attempt finishes (and its `done` wakes the loop). */
    full: () => sending.size > 0 && room() < batch,
    /** Claims as many due deliveries as there is room for and sends them; true when more may be due at once. */
    async claimSome(): Promise<boolean> {
      const limit = room();
      if (limit <= 0 || this.full()) return false;
      const claim = randomUUID();
      const claimed = await s.store.claimDeliveries({ now: s.now(), limit, leaseMs: s.leaseMs, claim });
      for (const delivery of claimed) send(delivery);
      return claimed.length === limit;
    },
    settled: () => Promise.all([...sending]),
  };
}

export function createDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const s = settings(options);
  let loop: ReturnType<typeof lookLoop> | undefined;
  let unsubscribe: (() => Promise<void>) | undefined;
  let prunedAt = Number.NEGATIVE_INFINITY;
  const attempts = inFlight(s, () => loop?.wake());

  const look = async (current: ReturnType<typeof lookLoop>): Promise<number> => {
    try {
      if (s.now() - prunedAt >= HOUR) await s.store.pruneDeliveries((prunedAt = s.now()) - s.keepDeliveredMs);
      while (current.running() && (await attempts.claimSome()));
      return attempts.full() ? s.pollMs : await untilNext(s);
    } catch (error) {
      s.onError(error);
      return s.pollMs;
    }
  };

  return {
    async start() {
      if (loop) return;
      const current = lookLoop(() => look(current));
      loop = current;
      unsubscribe = await s.store.onDeliveries(current.wake);
      current.wake();
    },
    async stop() {
      const stopping = loop;
      loop = undefined;
      await unsubscribe?.();
      unsubscribe = undefined;
      await stopping?.stop();
      await attempts.settled();
    },
    wake: () => loop?.wake(),
  };
}
