/** The handler's options, checked and normalised once here so that the routes can trust them. */

import { isWebsiteId, WEBSITE_ID_RULE } from "../../protocol/ids.js";
import type { SegmentsStore } from "../storage/segments-store.js";
import type { OperatorOptions } from "../team/operators.js";
import { DEFAULT_WRONG_KEY_LIMIT, type TeamConfig, teamConfig } from "../team/team-config.js";
import { compileOrigins, type OriginCheck } from "./cors.js";
import { createRateLimiter, type RateLimit, type RateLimiter } from "./rate-limit.js";
import { normalizeBasePath } from "./routes.js";

export interface WebsiteOptions {
  /** Page origins allowed to call this website's routes, e.g. "https://shop.example"; "*" allows any page. */
  origins: readonly string[];
}

export interface RateLimitOptions {
  /** Per session id. Default 20 requests/s, bursts of 60. `false` turns it off. */
  perSession?: RateLimit | false;
  /** Per client address, when the runtime tells it. Default 200 requests/s, bursts of 600. */
  perAddress?: RateLimit | false;
  /** Wrong operator keys per client address (the REST API). Default 10, then one a minute. */
  wrongKeys?: RateLimit | false;
  /** How many keys each limiter remembers at most. Default 100 000. */
  maxKeys?: number;
}

export interface SegmentsHandlerOptions {
  /** The websites this service answers for, by website id. */
  websites: Readonly<Record<string, WebsiteOptions>>;
  store: SegmentsStore;
  /** A path prefix the routes live under, e.g. "/segments". Default "". */
  basePath?: string;
  rateLimit?: RateLimitOptions;
  /**
   * The keys of the REST API (`/v1/website/{website_id}/…`, Crisp's shape), each allowed on some websites; without
   * any, those routes answer 404. They need a team store: the memory, SQLite and PostgreSQL stores all are.
   */
  operators?: readonly OperatorOptions[];
  /**
   * The client's address, for runtimes that only know it from the request (a header set by a proxy you trust).
   * The Node adapter passes the socket's address itself; X-Forwarded-For is never trusted by default.
   */
  clientAddress?: (request: Request) => string | undefined;
  /** Milliseconds since the epoch; tests inject a fake clock. */
  now?: () => number;
  /** Told about unexpected failures, which answer 500. Default: console.error. */
  onError?: (error: unknown) => void;
}

/** What the runtime knows about a request beyond the Request itself. */
export interface RequestContext {
  /** The peer's address, used for the per-address rate limit. */
  clientAddress?: string;
}

/** The Hono app's environment: its bindings are the request's context. */
export type SegmentsEnv = { Bindings: RequestContext | undefined };

export interface Config {
  websites: ReadonlyMap<string, OriginCheck>;
  store: SegmentsStore;
  basePath: string;
  sessionLimiter?: RateLimiter;
  addressLimiter?: RateLimiter;
  /** The REST API; undefined when no operator is configured. */
  team?: TeamConfig;
  clientAddress: (request: Request) => string | undefined;
  now: () => number;
  onError: (error: unknown) => void;
}

export const DEFAULT_SESSION_LIMIT: RateLimit = { rate: 20, burst: 60 };
export const DEFAULT_ADDRESS_LIMIT: RateLimit = { rate: 200, burst: 600 };

export function normalizeOptions(options: SegmentsHandlerOptions): Config {
  const now = options.now ?? Date.now;
  const limits = options.rateLimit ?? {};
  const maxKeys = limits.maxKeys ?? 100_000;
  const limiter = (limit: RateLimit | false | undefined, fallback: RateLimit) =>
    limit === false ? undefined : createRateLimiter(limit ?? fallback, now, maxKeys);

  // A Map, so that no website id can reach Object.prototype.
  const websites = new Map<string, OriginCheck>();
  for (const [websiteId, website] of Object.entries(options.websites)) {
    if (!isWebsiteId(websiteId)) {
      throw new TypeError(`website id ${JSON.stringify(websiteId)} is not ${WEBSITE_ID_RULE}`);
    }
    websites.set(websiteId, compileOrigins(website.origins));
  }

  return {
    websites,
    store: options.store,
    basePath: normalizeBasePath(options.basePath),
    sessionLimiter: limiter(limits.perSession, DEFAULT_SESSION_LIMIT),
    addressLimiter: limiter(limits.perAddress, DEFAULT_ADDRESS_LIMIT),
    team: teamConfig(options.operators, websites, options.store, limiter(limits.wrongKeys, DEFAULT_WRONG_KEY_LIMIT)),
    clientAddress: options.clientAddress ?? (() => undefined),
    now,
    onError: options.onError ?? ((error) => console.error("crisp-segments: request failed", error)),
  };
}
