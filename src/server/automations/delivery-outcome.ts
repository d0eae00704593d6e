/**
 * What one attempt's answer does to a delivery, pure. A 2xx delivers it; 410 Gone fails it and disables its
 * endpoint (the receiver says it is gone for good); any other answer, a network error or a timeout tries again
 * later (backoff.ts) until the retry period is over, then fails it.
 */
import { type BackoffPolicy, nextAttemptAt } from "./backoff.js";

/** How a receiver answered an attempt: an HTTP status, or why no status came (refused, timed out, ...). */
export type Answer = { status: number } | { error: string };

/** What to store of an attempt. `lastStatus` and `lastError` describe it for the operators. */
export type Settlement = {
  lastStatus: number | null;
  lastError: string | null;
  /** Set on 410: the endpoint is disabled, so that nothing more is sent to it until it is enabled again. */
  disableEndpoint: boolean;
} & ({ state: "delivered" } | { state: "pending"; nextAttemptAt: number } | { state: "failed" });

export interface AttemptedDelivery {
  /** Attempts made, this one included. */
  attempts: number;
  /** When its attempts began: when its event was recorded, or when it was last replayed. */
  startedAt: number;
}

export const MAX_ERROR_LENGTH = 500;

export function settle(
  answer: Answer,
  delivery: AttemptedDelivery,
  now: number,
  policy: BackoffPolicy,
  random: number,
): Settlement {
  const lastStatus = "status" in answer ? answer.status : null;
  const lastError = "error" in answer ? answer.error.slice(0, MAX_ERROR_LENGTH) : null;
  const base = { lastStatus, lastError, disableEndpoint: false };
  if (lastStatus !== null && lastStatus >= 200 && lastStatus < 300) return { ...base, state: "delivered" };
  if (lastStatus === 410) return { ...base, state: "failed", disableEndpoint: true };
  const next = nextAttemptAt(delivery.attempts, delivery.startedAt, now, policy, random);
  return next === undefined ? { ...base, state: "failed" } : { ...base, state: "pending", nextAttemptAt: next };
}
