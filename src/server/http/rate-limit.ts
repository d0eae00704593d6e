/**
 * Token buckets keyed by a string (a session, a client address). Pure apart from the clock it is given, so that
 * tests drive time by hand.
 */

export interface RateLimit {
  /** Requests allowed per second, on average. */
  rate: number;
  /** The largest burst: how many requests a fresh key may make at once. */
  burst: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface RateLimiter {
  take(key: string): RateDecision;
  /** What `take` would decide, without taking: for limits that count only some requests (wrong keys). */
  peek(key: string): RateDecision;
  /** How many keys are remembered, for tests of the memory bound. */
  readonly size: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export function createRateLimiter(limit: RateLimit, now: () => number, maxKeys = 100_000): RateLimiter {
  if (!(limit.rate > 0) || !(limit.burst >= 1)) throw new RangeError("a rate limit needs rate > 0 and burst >= 1");
  const buckets = new Map<string, Bucket>();

  const tokensAt = (bucket: Bucket, at: number): number =>
    // A clock that steps back refills nothing rather than draining the bucket.
    Math.min(limit.burst, bucket.tokens + (Math.max(0, at - bucket.at) / 1000) * limit.rate);

  function prune(at: number): void {
    // A full bucket says nothing a fresh one would not: forgetting it changes no decision.
    for (const [key, bucket] of buckets) if (tokensAt(bucket, at) >= limit.burst) buckets.delete(key);
    // Under a flood of distinct keys, forget the oldest, down to 90% so that pruning stays rare.
    for (const key of buckets.keys()) {
      if (buckets.size < maxKeys * 0.9) break;
      buckets.delete(key);
    }
  }

  const refusal = (tokens: number): RateDecision => ({
    ok: false,
    retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / limit.rate)),
  });

  return {
    take(key) {
      const at = now();
      let bucket = buckets.get(key);
      if (bucket === undefined) {
        if (buckets.size >= maxKeys) prune(at);
        bucket = { tokens: limit.burst, at };
        buckets.set(key, bucket);
      }
      const tokens = tokensAt(bucket, at);
      bucket.at = at;
      if (tokens >= 1) {
        bucket.tokens = tokens - 1;
        return { ok: true };
      }
      bucket.tokens = tokens;
      return refusal(tokens);
    },
    peek(key) {
      const bucket = buckets.get(key);
      const tokens = bucket === undefined ? limit.burst : tokensAt(bucket, now());
      return tokens >= 1 ? { ok: true } : refusal(tokens);
    },
    get size() {
      return buckets.size;
    },
  };
}
