/**
 * The REST API's door, as Crisp's: `Authorization: Basic base64(identifier:key)` with `X-Crisp-Tier: plugin`,
 * then the website checked against the key's list. Wrong keys are counted per client address; past the limit,
 * every request from there waits, a right key included, so that a guess cannot be told right by its answer.
 */
import type { MiddlewareHandler } from "hono";
import { isWebsiteId } from "../../protocol/ids.js";
import { preview } from "../../protocol/preview.js";
import type { Config, SegmentsEnv } from "../http/options.js";
import { failure } from "../http/responses.js";
import { type Credentials, createKeyring, parseBasic } from "./credentials.js";
import type { Operator } from "./operators.js";
import type { TeamContext } from "./route-table.js";
import type { TeamConfig } from "./team-config.js";

const CHALLENGE = { "WWW-Authenticate": 'Basic realm="crisp-segments"' };

/** Middleware for every REST route: it answers the refusal itself, or lets the route run. */
export function requireOperator(config: Config, team: TeamConfig): MiddlewareHandler<SegmentsEnv> {
  const keyring = createKeyring(team.operators);
  return async (c, next) => {
    const credentials = parseBasic(c.req.header("Authorization"));
    const bucket = credentials && wrongKeyBucket(c, config, credentials);
    const waiting = bucket === undefined ? undefined : team.wrongKeys?.peek(bucket);
    if (waiting?.ok === false) return rateLimited(c, waiting.retryAfterSeconds);

    const tierProblem = checkTier(c.req.header("X-Crisp-Tier"));
    if (tierProblem !== undefined) return failure(c, "unauthorized", tierProblem, CHALLENGE);
    if (credentials === undefined) {
      const message = "send Authorization: Basic base64(identifier:key) with an operator's key";
      return failure(c, "unauthorized", message, CHALLENGE);
    }
    const operator = await keyring.find(credentials);
    if (operator === undefined) {
      const counted = bucket === undefined ? undefined : team.wrongKeys?.take(bucket);
      if (counted?.ok === false) return rateLimited(c, counted.retryAfterSeconds);
      return failure(c, "unauthorized", "the identifier or key is wrong: send an operator's own pair", CHALLENGE);
    }
    const refused = refuseWebsite(c, config, operator);
    if (refused !== undefined) return refused;
    await next();
  };
}

/** Whose guesses these are: the client's address, or (when the runtime does not tell it) the identifier tried. */
function wrongKeyBucket(c: TeamContext, config: Config, credentials: Credentials): string {
  const address = c.env?.clientAddress ?? config.clientAddress(c.req.raw);
  return address === undefined ? `identifier ${credentials.identifier}` : `address ${address}`;
}

/** Crisp's clients name the tier of their key; this service has plugin keys only. Undefined when it is right. */
export function checkTier(header: string | undefined): string | undefined {
  if (header?.trim().toLowerCase() === "plugin") return undefined;
  const given = header === undefined ? "missing" : preview(header);
  return `X-Crisp-Tier is ${given}: send X-Crisp-Tier: plugin (in crisp-api: authenticateTier("plugin", identifier, key))`;
}

function refuseWebsite(c: TeamContext, config: Config, operator: Operator): Response | undefined {
  const websiteId = c.req.param("website") ?? "";
  const listed = operator.websites === "*" || operator.websites.has(websiteId);
  if (!listed) {
    const message = `this key may not use website ${preview(websiteId)}: add it to the operator's websites`;
    return failure(c, "website_not_allowed", message);
  }
  if (isWebsiteId(websiteId) && config.websites.has(websiteId)) return undefined;
  return failure(c, "website_not_found", "this service knows no such website");
}

function rateLimited(c: TeamContext, retryAfterSeconds: number): Response {
  return failure(c, "rate_limited", `too many wrong keys; retry in ${retryAfterSeconds} s`, {
    "Retry-After": String(retryAfterSeconds),
  });
}
