import type { AutomationsStore } from "./automations-store.js";
import { type BackoffPolicy } from "./backoff.js";
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
export declare function createDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker;
