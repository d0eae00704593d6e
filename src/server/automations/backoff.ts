/**
 * When a failed delivery is tried again, pure: 1 s, 2 s, 4 s … doubling to a cap of an hour, each delay shortened
 * by up to a quarter at random (so that the deliveries of one outage do not all come back at once), for at
 * least a day after the attempts began; then the delivery is failed.
 */

export interface BackoffPolicy {
  /** The delay after the first failed attempt. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** A failed attempt this long after the first gives up. */
  retryForMs: number;
  /** The largest share of a delay taken off at random, 0 to 1. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  firstDelayMs: 1_000,
  maxDelayMs: 60 * 60 * 1_000,
  retryForMs: 24 * 60 * 60 * 1_000,
  jitter: 0.25,
};

/** The wait after the `attempts`-th failed attempt (1 for the first); `random` is in [0, 1). */
export function retryDelay(attempts: number, policy: BackoffPolicy, random: number): number {
  const doublings = Math.max(0, Math.floor(attempts) - 1);
  // Past 2^40 the product is far above any cap: clamping the exponent keeps it finite.
  const nominal = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.min(doublings, 40));
  return Math.round(nominal * (1 - policy.jitter * random));
}

/**
 * When to try again after the `attempts`-th attempt failed at `now`, the attempts having begun at `startedAt`;
 * undefined when the delivery has been tried for `retryForMs` and is failed.
 */
export function nextAttemptAt(
  attempts: number,
  startedAt: number,
  now: number,
  policy: BackoffPolicy,
  random: number,
): number | undefined {
  if (now - startedAt >= policy.retryForMs) return undefined;
  return now + retryDelay(attempts, policy, random);
}
