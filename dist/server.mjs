import { randomUUID, randomBytes } from 'node:crypto';
import { Agent as Agent$1, request as request$1, createServer } from 'node:http';
import { Agent, request } from 'node:https';
import { Webhook } from 'standardwebhooks';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { streamSSE } from 'hono/streaming';
import { getRequestListener, RequestError } from '@hono/node-server';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join as join$1, sep } from 'node:path';
import { createRequire } from 'node:module';

/**
 * When a failed delivery is tried again, pure: 1 s, 2 s, 4 s … doubling to a cap of an hour, each delay shortened
 * by up to a quarter at random (so that the deliveries of one outage do not all come back at once), for at
 * least a day after the attempts began; then the delivery is failed.
 */
const DEFAULT_BACKOFF = {
    firstDelayMs: 1_000,
    maxDelayMs: 60 * 60 * 1_000,
    retryForMs: 24 * 60 * 60 * 1_000,
    jitter: 0.25,
};
/** The wait after the `attempts`-th failed attempt (1 for the first); `random` is in [0, 1). */
function retryDelay(attempts, policy, random) {
    const doublings = Math.max(0, Math.floor(attempts) - 1);
    // Past 2^40 the product is far above any cap: clamping the exponent keeps it finite.
    const nominal = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.min(doublings, 40));
    return Math.round(nominal * (1 - policy.jitter * random));
}
/**
 * When to try again after the `attempts`-th attempt failed at `now`, the attempts having begun at `startedAt`;
 * undefined when the delivery has been tried for `retryForMs` and is failed.
 */
function nextAttemptAt(attempts, startedAt, now, policy, random) {
    if (now - startedAt >= policy.retryForMs)
        return undefined;
    return now + retryDelay(attempts, policy, random);
}

/**
 * What one attempt's answer does to a delivery, pure. A 2xx delivers it; 410 Gone fails it and disables its
 * endpoint (the receiver says it is gone for good); any other answer, a network error or a timeout tries again
 * later (backoff.ts) until the retry period is over, then fails it.
 */
const MAX_ERROR_LENGTH = 500;
function settle(answer, delivery, now, policy, random) {
    const lastStatus = "status" in answer ? answer.status : null;
    const lastError = "error" in answer ? answer.error.slice(0, MAX_ERROR_LENGTH) : null;
    const base = { lastStatus, lastError, disableEndpoint: false };
    if (lastStatus !== null && lastStatus >= 200 && lastStatus < 300)
        return { ...base, state: "delivered" };
    if (lastStatus === 410)
        return { ...base, state: "failed", disableEndpoint: true };
    const next = nextAttemptAt(delivery.attempts, delivery.startedAt, now, policy, random);
    return next === undefined ? { ...base, state: "failed" } : { ...base, state: "pending", nextAttemptAt: next };
}

/**
 * The Standard Webhooks headers of one attempt, signed with the `standardwebhooks` package: `webhook-signature`
 * is `v1,` and the base64 HMAC-SHA256, under the endpoint's secret, of `id.timestamp.body`. The timestamp is the
 * attempt's (receivers refuse one more than five minutes off), the id the event's, the same at every attempt.
 */
function signedHeaders(secret, messageId, body, now) {
    const at = new Date(now);
    return {
        "webhook-id": messageId,
        "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
        "webhook-signature": new Webhook(secret).sign(messageId, at, body),
    };
}

/**
 * One attempt at a webhook, the effect: a POST of the signed body, answered by its status, or by why none came.
 * Redirects are not followed (a receiver's 3xx is an answer to retry, not a place to send a signed body to), and
 * the answer's body is read only to be dropped, so that its connection serves the next attempt. node:http with a
 * keep-alive agent rather than fetch: the worker shares its process with the service, and fetch's streams and
 * signals cost it about three times the CPU per attempt (bench/groups/webhooks.mjs, profiled).
 */
const USER_AGENT = "crisp-segments-webhooks/1";
// An idle connection is closed after 4 s, before Node's servers' default 5 s keep-alive drops it under a request.
const IDLE_MS = 4_000;
const agents = {
    http: new Agent$1({ keepAlive: true, timeout: IDLE_MS, scheduling: "lifo" }),
    https: new Agent({ keepAlive: true, timeout: IDLE_MS, scheduling: "lifo" }),
};
function postWebhook(request$2, options) {
    const { url, secret, messageId, body } = request$2;
    return new Promise((resolve) => {
        const target = new URL(url);
        const secure = target.protocol === "https:";
        const headers = {
            ...signedHeaders(secret, messageId, body, options.now()),
            "content-type": "application/json",
            "content-length": String(Buffer.byteLength(body)),
            "user-agent": USER_AGENT,
        };
        const answered = (response) => {
            resolve({ status: response.statusCode ?? 0 });
            response.on("close", () => clearTimeout(timer)).resume();
        };
        const sent = (secure ? request : request$1)(target, { method: "POST", headers, agent: secure ? agents.https : agents.http }, answered);
        // Also bounds the reading of the answer's body: a receiver that never ends it loses the connection.
        const timer = setTimeout(() => sent.destroy(new AttemptTimeout(options.timeoutMs)), options.timeoutMs);
        sent.on("error", (error) => {
            clearTimeout(timer);
            resolve({ error: describeFailure(error) });
        });
        sent.end(body);
    });
}
class AttemptTimeout extends Error {
    constructor(timeoutMs) {
        super(`no answer within ${timeoutMs} ms`);
    }
}
/** A line for the operators: the socket's message, with its code when the message does not name it. */
function describeFailure(error) {
    if (error instanceof AttemptTimeout)
        return error.message;
    const code = error.code;
    return typeof code === "string" && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
}

/**
 * The delivery worker, the outbox's effects: it claims due deliveries from the store, posts each to its endpoint
 * (webhook-post.ts) and stores the outcome (delivery-outcome.ts). It wakes when the store says deliveries were
 * recorded or replayed, and otherwise sleeps until the next one is due (at most `pollMs`, so that work another
 * process recorded is found even when its notice was missed). All its state is in the store: a worker started
 * after a stop or a crash takes up where the last left off (a crashed worker's claims come back when their lease
 * ends). Delivery is at least once: an attempt whose outcome is lost is made again, with the same `webhook-id`.
 */
const HOUR = 3_600_000;
function settings(options) {
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
async function attempt(delivery, s) {
    const { url, secret, eventId: messageId, body } = delivery;
    const answer = await postWebhook({ url, secret, messageId, body }, s);
    const settlement = settle(answer, delivery, s.now(), s.backoff, s.random());
    await s.store.settleDelivery(delivery, settlement, s.now());
}
/** Runs `look` when woken, one at a time (a wake-up during a look runs one more after it), then after the delay it answers. */
function lookLoop(look) {
    let running = true;
    let looking;
    let again = false;
    let timer;
    const wake = () => {
        if (!running)
            return;
        if (looking) {
            again = true;
            return;
        }
        clearTimeout(timer);
        looking = look()
            .then((delay) => {
            if (running)
                timer = setTimeout(wake, delay).unref();
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
async function untilNext(s) {
    const next = await s.store.nextDeliveryAt();
    return next === undefined ? s.pollMs : Math.min(s.pollMs, Math.max(0, next - s.now()));
}
/**
 * The attempts in flight, `concurrency` at most; `done` is told as each has its outcome stored. While some are in
 * flight, claims wait for room for a quarter of them: a burst is claimed a batch at a time, not one claim per
 * finished attempt.
 */
function inFlight(s, done) {
    const sending = new Set();
    const batch = Math.ceil(s.concurrency / 4);
    const send = (delivery) => {
        const sent = attempt(delivery, s)
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
        async claimSome() {
            const limit = room();
            if (limit <= 0 || this.full())
                return false;
            const claim = randomUUID();
            const claimed = await s.store.claimDeliveries({ now: s.now(), limit, leaseMs: s.leaseMs, claim });
            for (const delivery of claimed)
                send(delivery);
            return claimed.length === limit;
        },
        settled: () => Promise.all([...sending]),
    };
}
function createDeliveryWorker(options) {
    const s = settings(options);
    let loop;
    let unsubscribe;
    let prunedAt = Number.NEGATIVE_INFINITY;
    const attempts = inFlight(s, () => loop?.wake());
    const look = async (current) => {
        try {
            if (s.now() - prunedAt >= HOUR)
                await s.store.pruneDeliveries((prunedAt = s.now()) - s.keepDeliveredMs);
            while (current.running() && (await attempts.claimSome()))
                ;
            return attempts.full() ? s.pollMs : await untilNext(s);
        }
        catch (error) {
            s.onError(error);
            return s.pollMs;
        }
    };
    return {
        async start() {
            if (loop)
                return;
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

/** A short, safe rendering of any value for an error message. */
function preview(value) {
    if (typeof value === "string") {
        const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
        return JSON.stringify(shown);
    }
    if (value === undefined)
        return "undefined";
    if (typeof value === "function")
        return "a function";
    if (typeof value === "bigint" || typeof value === "symbol")
        return String(value);
    try {
        const text = JSON.stringify(value);
        return text.length > 80 ? `${text.slice(0, 77)}...` : text;
    }
    catch {
        try {
            return Object.prototype.toString.call(value);
        }
        catch {
            // A proxy whose traps throw cannot even be named.
            return "an unprintable value";
        }
    }
}

/**
 * The segment rules of docs/protocol.md, the one definition that both the SDK and the service apply.
 */
const MAX_SEGMENT_LENGTH = 64;
const MAX_SEGMENTS = 100;
const LENGTH_RULE = `1 to ${MAX_SEGMENT_LENGTH} characters after trimming white space`;
// C0 and C1 control characters (U+0000–U+001F, U+007F–U+009F).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** NFC-normalises and trims one segment; returns the problem when it is not a valid segment. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
function normalizeSegment(value) {
    if (typeof value !== "string")
        return { expected: "a string" };
    // Printable ASCII is its own NFC form and holds no control character: the common case skips both checks.
    if (PRINTABLE_ASCII.test(value)) {
        const segment = value.trim();
        return segment.length >= 1 && segment.length <= MAX_SEGMENT_LENGTH ? segment : { expected: LENGTH_RULE };
    }
    const segment = value.normalize("NFC").trim();
    const length = [...segment].length;
    if (length < 1 || length > MAX_SEGMENT_LENGTH)
        return { expected: LENGTH_RULE };
    if (CONTROL.test(segment))
        return { expected: "no control characters" };
    return segment;
}
/**
 * Checks a list of segments as a whole: an array of valid segments, at most `max` once duplicates are dropped. Returns the normalised list in first-seen order, or the first problem found.
 */
function checkSegments(values, max = MAX_SEGMENTS) {
    if (!Array.isArray(values)) {
        return { ok: false, problem: { value: values, index: -1, expected: "an array of segment strings" } };
    }
    const seen = new Set();
    for (let index = 0; index < values.length; index++) {
        const value = values[index];
        const segment = normalizeSegment(value);
        if (typeof segment !== "string")
            return { ok: false, problem: { value, index, ...segment } };
        seen.add(segment);
    }
    if (seen.size > max) {
        return {
            ok: false,
            problem: { value: values, index: -1, expected: `at most ${max} distinct segments` },
        };
    }
    return { ok: true, segments: [...seen] };
}
/** A human sentence for a problem, used by SDK errors and service responses alike. */
function describeSegmentProblem(problem, listName = "segments") {
    const where = problem.index >= 0 ? `${listName}[${problem.index}]` : listName;
    return `${where} is ${preview(problem.value)}; expected ${problem.expected}`;
}

/**
 * The events a segments change records, pure. Their data follows Crisp's web hook events: `session:set_segments`
 * is Crisp's own (website_id, session_id, inbox_id, segments), with `added` and `removed` besides;
 * `people:set_segments`, which Crisp does not have, takes the shape of its people events (website_id, people_id).
 * A webhook's body is Crisp's envelope, `{website_id, event, data, timestamp}`, timestamp in ms, with the event's
 * `id` besides (Crisp's has none; a field more leaves its shape as its readers know it).
 */
const EVENT_NAMES = ["session:set_segments", "people:set_segments"];
function isEventName(value) {
    return EVENT_NAMES.includes(value);
}
function eventNameOf(change) {
    return "sessionId" in change ? "session:set_segments" : "people:set_segments";
}
/** True when the list is the same, order included: such a write changed no segment and records nothing. */
function sameList(before, after) {
    return before.length === after.length && before.every((segment, index) => after[index] === segment);
}
/** The segments `after` has that `before` has not, in `after`'s order. */
function addedSegments(before, after) {
    const was = new Set(before);
    return after.filter((segment) => !was.has(segment));
}
/** Whether `change` is an event at all: its list changed, or a rule sends it to an endpoint. */
function isEventful(change) {
    return !sameList(change.before, change.after) || (change.sendTo?.length ?? 0) > 0;
}
/** The event `change` records, with id `id`; undefined when it is no event (see `isEventful`). */
function segmentsEvent(change, id) {
    const { websiteId, before, after, at } = change;
    if (!isEventful(change))
        return undefined;
    const delta = {
        segments: after.slice(),
        added: addedSegments(before, after),
        removed: addedSegments(after, before),
        ...(change.rule === undefined ? {} : { rule_id: change.rule }),
    };
    // Crisp's field order: the ids first.
    return "sessionId" in change
        ? {
            id,
            event: "session:set_segments",
            timestamp: at,
            data: { website_id: websiteId, session_id: change.sessionId, inbox_id: null, ...delta },
        }
        : {
            id,
            event: "people:set_segments",
            timestamp: at,
            data: { website_id: websiteId, people_id: change.peopleId, ...delta },
        };
}
function webhookBody(event) {
    const { id, data, timestamp } = event;
    return { website_id: data.website_id, event: event.event, id, data, timestamp };
}

/**
 * Webhook endpoints, pure: what one is, how a new one is checked, and which events it wants. A secret is in the
 * Standard Webhooks form, `whsec_` and the base64 of 24 to 64 random bytes.
 */
const MAX_URL_LENGTH = 2048;
const SECRET_FORM = /^whsec_([A-Za-z0-9+/]+={0,2})$/;
const MIN_KEY_BYTES = 24;
const MAX_KEY_BYTES = 64;
function newSecret() {
    return `whsec_${randomBytes(MIN_KEY_BYTES).toString("base64")}`;
}
function isSecret(value) {
    const base64 = typeof value === "string" ? SECRET_FORM.exec(value)?.[1] : undefined;
    if (base64 === undefined || base64.length % 4 !== 0)
        return false;
    const bytes = Buffer.from(base64, "base64").length;
    return bytes >= MIN_KEY_BYTES && bytes <= MAX_KEY_BYTES;
}
function isWebUrl(value) {
    if (typeof value !== "string" || value.length > MAX_URL_LENGTH || !URL.canParse(value))
        return false;
    const { protocol } = new URL(value);
    return protocol === "http:" || protocol === "https:";
}
const EVENT_LIST = EVENT_NAMES.map((name) => JSON.stringify(name)).join(" or ");
function checkEvents(value) {
    if (value === undefined)
        return { ok: true, value: [] };
    if (!Array.isArray(value)) {
        return { ok: false, field: "events", message: `events is ${preview(value)}; expected an array of ${EVENT_LIST}` };
    }
    const index = value.findIndex((name) => !isEventName(name));
    if (index >= 0) {
        return {
            ok: false,
            field: "events",
            message: `events[${index}] is ${preview(value[index])}; expected ${EVENT_LIST}`,
        };
    }
    return { ok: true, value: [...new Set(value)] };
}
function checkFilterSegments(value) {
    if (value === undefined)
        return { ok: true, value: [] };
    const checked = checkSegments(value);
    if (!checked.ok)
        return { ok: false, field: "segments", message: describeSegmentProblem(checked.problem) };
    return { ok: true, value: checked.segments };
}
/** An endpoint as given (a request's body), checked field by field; unknown fields are dropped. */
function checkEndpoint(value) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        return {
            ok: false,
            field: "endpoint",
            message: "the endpoint is not an object; expected {url, secret?, events?, segments?}",
        };
    }
    const given = value;
    if (!isWebUrl(given.url)) {
        return { ok: false, field: "url", message: `url is ${preview(given.url)}; expected an http:// or https:// URL` };
    }
    if (given.secret !== undefined && !isSecret(given.secret)) {
        const message = "secret is not whsec_ and the base64 of 24 to 64 bytes; leave it out to have one made";
        return { ok: false, field: "secret", message };
    }
    if (given.enabled !== undefined && typeof given.enabled !== "boolean") {
        return { ok: false, field: "enabled", message: `enabled is ${preview(given.enabled)}; expected true or false` };
    }
    const events = checkEvents(given.events);
    if (!events.ok)
        return events;
    const segments = checkFilterSegments(given.segments);
    if (!segments.ok)
        return segments;
    const endpoint = { url: given.url, events: events.value, segments: segments.value };
    if (given.secret !== undefined)
        endpoint.secret = given.secret;
    if (given.enabled !== undefined)
        endpoint.enabled = given.enabled;
    return { ok: true, endpoint };
}
/** The stored form of a checked endpoint: its secret made when none was given. */
function makeEndpoint(input, endpointId, now) {
    return {
        endpointId,
        url: input.url,
        secret: input.secret ?? newSecret(),
        events: [...new Set(input.events ?? [])],
        segments: [...new Set(input.segments ?? [])],
        enabled: input.enabled ?? true,
        createdAt: now,
    };
}
/** Whether `endpoint` wants an event named `event` that added `added`. */
function wantsEvent(endpoint, event, added) {
    if (!endpoint.enabled)
        return false;
    if (endpoint.events.length > 0 && !endpoint.events.includes(event))
        return false;
    return endpoint.segments.length === 0 || endpoint.segments.some((segment) => added.includes(segment));
}

const STATUS = {
    invalid_request: 400,
    invalid_json: 400,
    invalid_segments: 400,
    invalid_revision: 400,
    invalid_session: 400,
    unauthorized: 401,
    origin_not_allowed: 403,
    website_not_allowed: 403,
    website_not_found: 404,
    people_not_found: 404,
    webhook_not_found: 404,
    not_found: 404,
    method_not_allowed: 405,
    people_exists: 409,
    webhook_in_use: 409,
    payload_too_large: 413,
    rate_limited: 429,
    internal_error: 500,
};
// Session lists are private to their visitor; no shared cache may keep them.
const JSON_HEADERS = { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" };
/**
 * Answers through the context, so that the headers the middleware set beforehand (CORS, Vary) are kept without
 * copying a finished Response.
 */
function success(c, reason, data) {
    return c.body(JSON.stringify({ error: false, reason, data }), 200, JSON_HEADERS);
}
/** A bare JSON answer, without the envelope: for clients that read their own shape (Zapier's REST hooks). */
function bareJson(c, data, status = 200) {
    return c.body(JSON.stringify(data), status, JSON_HEADERS);
}
function failure(c, reason, message, headers) {
    return c.body(JSON.stringify(refusalBody(reason, message)), STATUS[reason], { ...JSON_HEADERS, ...headers });
}
/** The same envelope without a context, for requests refused before any routing (a hostile Host, say). */
function failureResponse(reason, message) {
    return new Response(JSON.stringify(refusalBody(reason, message)), {
        status: STATUS[reason],
        headers: { ...JSON_HEADERS, "X-Content-Type-Options": "nosniff" },
    });
}
function refusalBody(reason, message) {
    return { error: true, reason, data: { message } };
}
/** The wire shape of a session: exactly these two fields, whatever else a store returns. */
function sessionData(state) {
    return { segments: state.segments, revision: state.revision };
}

function isContactChange(change) {
    return "peopleId" in change;
}

/** The identifiers of docs/protocol.md, one definition for the SDK and the service. */
const WEBSITE_ID = /^[A-Za-z0-9_-]{1,64}$/;
// `session_` and a lowercase UUID v4, as the SDK makes it from crypto.randomUUID().
const SESSION_ID = /^session_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const WEBSITE_ID_RULE = "1 to 64 characters of A-Z a-z 0-9 _ -";
function isWebsiteId(value) {
    return typeof value === "string" && WEBSITE_ID.test(value);
}
function isSessionId(value) {
    return typeof value === "string" && SESSION_ID.test(value);
}

/** The credentials of a Basic header (scheme in any case, RFC 9110 §11.1); undefined when there are none. */
function parseBasic(header) {
    const encoded = header?.match(/^Basic +([A-Za-z0-9+/]+={0,2}) *$/i)?.[1];
    if (encoded === undefined)
        return undefined;
    let text;
    try {
        const bytes = Uint8Array.from(atob(encoded), (char) => char.charCodeAt(0));
        text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    }
    catch {
        return undefined;
    }
    const colon = text.indexOf(":");
    if (colon < 0)
        return undefined;
    return { identifier: text.slice(0, colon), key: text.slice(colon + 1) };
}
const encoder = new TextEncoder();
// An identifier holds no colon, so "identifier:key" names one pair only.
async function digest({ identifier, key }) {
    return new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(`${identifier}:${key}`)));
}
function sameDigest(a, b) {
    let difference = a.length ^ b.length;
    for (let index = 0; index < a.length; index++)
        difference |= (a[index] ?? 0) ^ (b[index] ?? 0);
    return difference === 0;
}
function createKeyring(operators) {
    // Hashed on first use: Web Crypto is asynchronous, and the handler is made synchronously.
    let known;
    return {
        async find(credentials) {
            known ??= Promise.all(operators.map(digest));
            const [digests, given] = await Promise.all([known, digest(credentials)]);
            let found;
            // No early exit: the time taken does not depend on which operator, if any, matched.
            digests.forEach((candidate, index) => {
                if (sameDigest(candidate, given))
                    found = operators[index];
            });
            return found;
        },
    };
}

const CHALLENGE = { "WWW-Authenticate": 'Basic realm="crisp-segments"' };
/** Middleware for every REST route: it answers the refusal itself, or lets the route run. */
function requireOperator(config, team) {
    const keyring = createKeyring(team.operators);
    return async (c, next) => {
        const credentials = parseBasic(c.req.header("Authorization"));
        const bucket = credentials && wrongKeyBucket(c, config, credentials);
        const waiting = bucket === undefined ? undefined : team.wrongKeys?.peek(bucket);
        if (waiting?.ok === false)
            return rateLimited(c, waiting.retryAfterSeconds);
        const tierProblem = checkTier(c.req.header("X-Crisp-Tier"));
        if (tierProblem !== undefined)
            return failure(c, "unauthorized", tierProblem, CHALLENGE);
        if (credentials === undefined) {
            const message = "send Authorization: Basic base64(identifier:key) with an operator's key";
            return failure(c, "unauthorized", message, CHALLENGE);
        }
        const operator = await keyring.find(credentials);
        if (operator === undefined) {
            const counted = bucket === undefined ? undefined : team.wrongKeys?.take(bucket);
            if (counted?.ok === false)
                return rateLimited(c, counted.retryAfterSeconds);
            return failure(c, "unauthorized", "the identifier or key is wrong: send an operator's own pair", CHALLENGE);
        }
        const refused = refuseWebsite(c, config, operator);
        if (refused !== undefined)
            return refused;
        await next();
    };
}
/** Whose guesses these are: the client's address, or (when the runtime does not tell it) the identifier tried. */
function wrongKeyBucket(c, config, credentials) {
    const address = c.env?.clientAddress ?? config.clientAddress(c.req.raw);
    return address === undefined ? `identifier ${credentials.identifier}` : `address ${address}`;
}
/** Crisp's clients name the tier of their key; this service has plugin keys only. Undefined when it is right. */
function checkTier(header) {
    if (header?.trim().toLowerCase() === "plugin")
        return undefined;
    const given = header === undefined ? "missing" : preview(header);
    return `X-Crisp-Tier is ${given}: send X-Crisp-Tier: plugin (in crisp-api: authenticateTier("plugin", identifier, key))`;
}
function refuseWebsite(c, config, operator) {
    const websiteId = c.req.param("website") ?? "";
    const listed = operator.websites === "*" || operator.websites.has(websiteId);
    if (!listed) {
        const message = `this key may not use website ${preview(websiteId)}: add it to the operator's websites`;
        return failure(c, "website_not_allowed", message);
    }
    if (isWebsiteId(websiteId) && config.websites.has(websiteId))
        return undefined;
    return failure(c, "website_not_found", "this service knows no such website");
}
function rateLimited(c, retryAfterSeconds) {
    return failure(c, "rate_limited", `too many wrong keys; retry in ${retryAfterSeconds} s`, {
        "Retry-After": String(retryAfterSeconds),
    });
}

/** Revisions as the protocol fixes them, one definition for the SDK and the service. */
/** A non-negative safe integer: how JSON carries a stored revision, a status, a time or a sequence number. */
function isWholeNumber(value) {
    return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}
/** A revision a change carries: a positive safe integer. */
function isChangeRevision(value) {
    return isWholeNumber(value) && value >= 1;
}

/** The body as a JSON object, or the 400 that says why it is not one. */
function parseObject(text) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        return { ok: false, reason: "invalid_json", message: "the body is not valid JSON" };
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        return { ok: false, reason: "invalid_json", message: `the body is ${preview(value)}; expected a JSON object` };
    }
    return { ok: true, body: value };
}
/** A field the body itself holds: never one inherited from Object.prototype. */
const field = (body, name) => (Object.hasOwn(body, name) ? body[name] : undefined);
function invalidSegments(problem, listName) {
    return { ok: false, reason: "invalid_segments", message: describeSegmentProblem(problem, listName) };
}
/**
 * A list of segments, by the protocol's rule. The segments to add or to set are capped at MAX_SEGMENTS; the ones to
 * remove are not, since a long run of folded removals never lands in the list (the body limit bounds it anyway).
 */
function segmentsField(body, name, absent, max) {
    const value = field(body, name);
    if (value === undefined && absent === "empty")
        return { ok: true, list: [] };
    const checked = checkSegments(value, max);
    return checked.ok ? { ok: true, list: checked.segments } : invalidSegments(checked.problem, name);
}
/** The SDK's body: `{"revision": n, "overwrite": bool, "segments": [...], "remove"?: [...]}`. */
function parseChangeBody(text) {
    const parsed = parseObject(text);
    if (!parsed.ok)
        return parsed;
    const { body } = parsed;
    const revision = field(body, "revision");
    if (!isChangeRevision(revision)) {
        const message = `revision is ${preview(revision)}; expected a positive integer`;
        return { ok: false, reason: "invalid_revision", message };
    }
    const overwrite = field(body, "overwrite");
    if (typeof overwrite !== "boolean") {
        return { ok: false, reason: "invalid_json", message: `overwrite is ${preview(overwrite)}; expected true or false` };
    }
    const segments = segmentsField(body, "segments", "required", MAX_SEGMENTS);
    if (!segments.ok)
        return segments;
    const remove = segmentsField(body, "remove", "empty", Number.POSITIVE_INFINITY);
    if (!remove.ok)
        return remove;
    if (overwrite) {
        if (remove.list.length > 0) {
            const message = `remove is ${preview(remove.list)}; expected absent or empty when overwrite is true`;
            return { ok: false, reason: "invalid_segments", message };
        }
        return { ok: true, revision, change: { overwrite: true, segments: segments.list } };
    }
    return { ok: true, revision, change: { overwrite: false, segments: segments.list, remove: remove.list } };
}

const accept = (value) => ({ ok: true, value });
const refuse$1 = (reason, message) => ({ ok: false, reason, message });
const answerRefusal = (c, refusal) => failure(c, refusal.reason, refusal.message);

/** A contact's id as the stores make it (crypto.randomUUID): checked before any store reads it. */
const PEOPLE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PEOPLE_ID_RULE = "a lowercase UUID, as POST …/people/profile answers it";
function isPeopleId(value) {
    return typeof value === "string" && PEOPLE_ID.test(value);
}

/**
 * The body of Crisp's "Batch Update … Segments" (PATCH …/batch/segments): `{sessions: [...], segments}` for
 * conversations, `{people: {profiles: [...]}, segments}` for contacts. Every id is checked before anything is
 * written; `people.search` (Crisp's audience by search) is refused with the way to do without it. Pure.
 */
const MAX_BATCH_TARGETS = 1000;
function parseBatch(body) {
    const segments = checkSegments(field(body, "segments"), MAX_SEGMENTS);
    if (!segments.ok)
        return refuse$1("invalid_segments", describeSegmentProblem(segments.problem, "segments"));
    if (segments.segments.length === 0)
        return refuse$1("invalid_segments", "segments is []; expected a segment to add");
    const target = batchTarget(field(body, "sessions"), field(body, "people"));
    return target.ok ? accept({ target: target.value, segments: segments.segments }) : target;
}
function batchTarget(sessions, people) {
    if ((sessions === undefined) === (people === undefined)) {
        const message = 'send either "sessions": [session ids] or "people": {"profiles": [people ids]}, not both';
        return refuse$1("invalid_request", message);
    }
    if (sessions !== undefined) {
        const ids = idList(sessions, "sessions", isSessionId, "session_ followed by a lowercase UUID v4");
        return ids.ok ? accept({ sessions: ids.value }) : ids;
    }
    if (typeof people !== "object" || people === null || Array.isArray(people)) {
        return refuse$1("invalid_request", `people is ${preview(people)}; expected {"profiles": [people ids]}`);
    }
    if (field(people, "search") !== undefined) {
        return refuse$1("invalid_request", "people.search is not supported here: list the contacts' ids in people.profiles");
    }
    const ids = idList(field(people, "profiles"), "people.profiles", isPeopleId, PEOPLE_ID_RULE);
    return ids.ok ? accept({ contacts: ids.value }) : ids;
}
function idList(value, name, isId, rule) {
    if (!Array.isArray(value) || value.length > MAX_BATCH_TARGETS) {
        return refuse$1("invalid_request", `${name} is ${preview(value)}; expected an array of at most ${MAX_BATCH_TARGETS} ids`);
    }
    const bad = value.findIndex((id) => !isId(id));
    if (bad >= 0) {
        const reason = name === "sessions" ? "invalid_session" : "invalid_request";
        return refuse$1(reason, `${name}[${bad}] is ${preview(value[bad])}; expected ${rule}`);
    }
    return accept(value);
}

/** Reads a request body as UTF-8 text without ever holding more than the limit in memory. */
async function readBody(request, maxBytes) {
    const tooLarge = {
        ok: false,
        reason: "payload_too_large",
        message: `the body is larger than ${maxBytes} bytes`,
    };
    const length = request.headers.get("Content-Length");
    let bytes;
    if (length !== null && !request.headers.has("Transfer-Encoding")) {
        // A declared size is what the HTTP layer reads, no more: refuse it unread when too large, else read it at
        // once (on @hono/node-server, straight from the socket, with no web stream in between).
        if (Number(length) > maxBytes)
            return tooLarge;
        bytes = new Uint8Array(await request.arrayBuffer());
        if (bytes.byteLength > maxBytes)
            return tooLarge;
    }
    else {
        const counted = await readCounted(request.body, maxBytes);
        if (counted === undefined)
            return tooLarge;
        bytes = counted;
    }
    try {
        return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
    }
    catch {
        return { ok: false, reason: "invalid_json", message: "the body is not valid UTF-8" };
    }
}
/** A body of unknown size, read chunk by chunk; undefined as soon as it passes the limit. */
async function readCounted(body, maxBytes) {
    if (body === null)
        return new Uint8Array(0);
    const reader = body.getReader();
    const chunks = [];
    let size = 0;
    for (;;) {
        const { done, value } = await reader.read();
        if (done)
            break;
        size += value.byteLength;
        if (size > maxBytes) {
            await reader.cancel().catch(() => undefined);
            return undefined;
        }
        chunks.push(value);
    }
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
        bytes.set(chunk, offset);
        offset += chunk.byteLength;
    }
    return bytes;
}

/** A REST request's body: read within a size limit (read-body.ts), then parsed as one JSON object. */
/** A single object's write; Crisp's metas and profiles are far smaller. */
const MAX_WRITE_BYTES = 64 * 1024;
/** A batch: room for 1,000 ids and a full list of long segments. */
const MAX_BATCH_BYTES = 256 * 1024;
async function readJsonObject(request, maxBytes) {
    const text = await readBody(request, maxBytes);
    if (!text.ok)
        return refuse$1(text.reason, text.message);
    const parsed = parseObject(text.text);
    return parsed.ok ? accept(parsed.body) : refuse$1(parsed.reason, parsed.message);
}

function addRoute(app, path, guard, handlers) {
    app.use(path, guard);
    for (const [method, handler] of Object.entries(handlers))
        app.on(method, path, handler);
    const allow = Object.keys(handlers).join(", ");
    app.all(path, (c) => failure(c, "method_not_allowed", `use ${allow}`, { Allow: allow }));
}

/** A conversation's meta with its segments, which are the session's own list. */
function metaWire(meta, segments) {
    return { ...meta, segments };
}
function conversationWire(websiteId, conversation) {
    return {
        session_id: conversation.sessionId,
        website_id: websiteId,
        segments: conversation.segments,
        meta: metaWire(conversation.meta, conversation.segments),
        updated_at: conversation.updatedAt,
    };
}
function contactWire(contact) {
    return {
        people_id: contact.peopleId,
        email: contact.email,
        person: { nickname: contact.nickname },
        segments: contact.segments,
        created_at: contact.createdAt,
        updated_at: contact.updatedAt,
    };
}
function batchWire(result) {
    return { updated: result.updated, not_found: result.notFound, too_many: result.tooMany };
}
function countWire(count) {
    return { segment: count.segment, count: count.count };
}

function addBatchRoutes(app, { store }, paths, guard) {
    addRoute(app, paths.batchSegments, guard, {
        PATCH: async (c) => {
            const body = await readJsonObject(c.req.raw, MAX_BATCH_BYTES);
            const batch = body.ok ? parseBatch(body.value) : body;
            if (!batch.ok)
                return answerRefusal(c, batch);
            const result = await store.addSegments(c.req.param("website") ?? "", batch.value.target, batch.value.segments);
            return success(c, "updated", batchWire(result));
        },
    });
}

/** The origins a known website allows; undefined for an id that is malformed or not configured. */
function findWebsite(config, websiteId) {
    return isWebsiteId(websiteId) ? config.websites.get(websiteId) : undefined;
}
function unknownWebsite(c) {
    return failure(c, "website_not_found", "this service knows no such website");
}
/** The 400 for a session id that is not one; undefined when it is. */
function refuseSessionId(c, sessionId) {
    if (isSessionId(sessionId))
        return undefined;
    return failure(c, "invalid_session", "the session id is not session_ followed by a lowercase UUID v4");
}
/**
 * Reads and parses the body, lets `store` apply the change, and answers: the stored list, or the refusal of a body
 * that is too large or malformed, or of a change that would leave more than MAX_SEGMENTS segments.
 */
async function applyBody(c, maxBytes, parse, store) {
    const body = await readBody(c.req.raw, maxBytes);
    if (!body.ok)
        return failure(c, body.reason, body.message);
    const parsed = parse(body.text);
    if (!parsed.ok)
        return failure(c, parsed.reason, parsed.message);
    const result = await store(parsed);
    if (result.reason === "too_many") {
        return failure(c, "invalid_segments", `the change would leave the session with more than ${MAX_SEGMENTS} segments`);
    }
    return success(c, result.reason, sessionData(result));
}

/**
 * The folding algebra of docs/protocol.md: operations on a session's list, and the single pending change that any run
 * of them folds into. Pure functions; only `applyInPlace` changes what it is given, the set it applies to, so
 * that a command costs the size of its own list.
 */
const NO_CHANGE = { overwrite: false, segments: [], remove: [] };
/**
 * Folds operations into a change in place: each operation costs the size of its own list, however large the
 * change has grown (a `Set` keeps insertion order, which is the order the protocol wants).
 */
class ChangeBuilder {
    #overwrite;
    #segments;
    #remove;
    constructor(start = NO_CHANGE) {
        this.#overwrite = start.overwrite;
        this.#segments = new Set(start.segments);
        this.#remove = new Set(start.overwrite ? [] : start.remove);
    }
    fold(op) {
        switch (op.kind) {
            case "replace":
                this.#overwrite = true;
                this.#segments = new Set(op.segments);
                this.#remove.clear();
                break;
            case "add":
                for (const segment of op.segments)
                    this.#segments.add(segment);
                break;
            case "remove":
                for (const segment of op.segments) {
                    this.#segments.delete(segment);
                    if (!this.#overwrite)
                        this.#remove.add(segment);
                }
                break;
        }
        return this;
    }
    get empty() {
        return !this.#overwrite && this.#segments.size === 0 && this.#remove.size === 0;
    }
    build() {
        return this.#overwrite
            ? { overwrite: true, segments: [...this.#segments] }
            : { overwrite: false, segments: [...this.#segments], remove: [...this.#remove] };
    }
}
/** Applies a change to a list: the service's rule, and the SDK's local view. */
function applyChange(list, change) {
    if (change.overwrite)
        return change.segments.slice();
    const result = new Set(list);
    for (const segment of change.remove)
        result.delete(segment);
    for (const segment of change.segments)
        result.add(segment);
    return [...result];
}
/**
 * Applies an operation to a list held as an ordered set, in place: the one rule for add, remove and replace, and
 * the cap. False, with nothing changed, when the list would hold more than `max` segments.
 */
function applyInPlace(list, op, max = MAX_SEGMENTS) {
    switch (op.kind) {
        case "replace":
            if (op.segments.length > max)
                return false;
            list.clear();
            for (const segment of op.segments)
                list.add(segment);
            return true;
        case "add": {
            let added = 0;
            for (const segment of op.segments)
                if (!list.has(segment))
                    added++;
            if (list.size + added > max)
                return false;
            for (const segment of op.segments)
                list.add(segment);
            return true;
        }
        case "remove":
            for (const segment of op.segments)
                list.delete(segment);
            return true;
    }
}

/** The service's rules for changing a stored session, pure, shared by every store. */
/** A session the service has never seen. */
function emptySession() {
    return { segments: [], revision: 0 };
}
/** What an SDK change does to `current`; `next` is what to store, absent when nothing is. */
function decideChange(current, revision, change) {
    // A revision not above the stored one is a repeat or a late copy of a change already applied.
    if (revision <= current.revision)
        return { result: { reason: "stale", ...copy(current) } };
    const segments = applyChange(current.segments, change);
    if (segments.length > MAX_SEGMENTS)
        return { result: { reason: "too_many", ...copy(current) } };
    const next = { segments, revision };
    return { result: { reason: "updated", ...copy(next) }, next };
}
/** What an operator edit does to `current`: the list changes, the revision stays the SDK's. */
function decideEdit(current, change) {
    const segments = applyChange(current.segments, change);
    if (segments.length > MAX_SEGMENTS)
        return { result: { reason: "too_many", ...copy(current) } };
    const next = { segments, revision: current.revision };
    return { result: { reason: "updated", ...copy(next) }, next };
}
function copy(state) {
    return { segments: state.segments.slice(), revision: state.revision };
}

const MAX_PER_PAGE$1 = 100;
/** The meta fields the service keeps, each with the type it accepts; any other field is left out. */
const META_FIELDS = {
    nickname: "string",
    email: "string",
    phone: "string",
    address: "string",
    subject: "string",
    origin: "string",
    avatar: "string",
    data: "object",
};
/**
 * A meta as given (a request's body): the known fields, checked; unknown fields are dropped, never an error.
 * `data` is an object of strings, numbers and booleans.
 */
function readMeta(value) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        return { ok: false, field: "meta", expected: "an object" };
    }
    const meta = {};
    for (const [field, type] of Object.entries(META_FIELDS)) {
        const given = value[field];
        if (given === undefined)
            continue;
        const ok = type === "string" ? typeof given === "string" : isData(given);
        if (!ok)
            return {
                ok: false,
                field,
                expected: type === "string" ? "a string" : "an object of strings, numbers or booleans",
            };
        meta[field] = given;
    }
    return { ok: true, meta: meta };
}
function isData(value) {
    if (typeof value !== "object" || value === null || Array.isArray(value))
        return false;
    return Object.values(value).every((item) => ["string", "number", "boolean"].includes(typeof item));
}
/** The known fields of a patch alone, so that a store keeps what it accepts whatever it was handed. */
function knownMeta(patch) {
    const known = {};
    for (const field of Object.keys(META_FIELDS)) {
        const value = patch[field];
        if (value !== undefined)
            known[field] = value;
    }
    return known;
}
/** Fields the patch gives replace the stored ones; `data` is replaced whole, as a field. */
function mergeMeta(current, patch) {
    return { ...current, ...knownMeta(patch) };
}
/** Emails are one per website whatever their case: this is the key they are compared by. */
function emailKey(email) {
    return email.trim().toLowerCase();
}
/** What a text search looks in: email and nickname, lower-cased, kept with the row so that stores agree. */
function searchKey(contact) {
    return `${contact.email}\n${contact.nickname}`.toLowerCase();
}
function matchesText(contact, text) {
    return text === undefined || text === "" || searchKey(contact).includes(text.toLowerCase());
}
/** Rows to skip and to take for a page: page 1 and 1–100 rows whatever was asked. */
function pageWindow(query) {
    const limit = Math.min(MAX_PER_PAGE$1, Math.max(1, Math.floor(query.perPage) || 1));
    const page = query.after === undefined ? Math.max(1, Math.floor(query.page) || 1) : 1;
    return { limit, offset: (page - 1) * limit };
}
/** Where a list's rows start, as SQL binds it: after the cursor, or (without one) after every possible row key. */
function cursorBounds(after) {
    return after === undefined
        ? { before: Number.MAX_SAFE_INTEGER, after: "" }
        : { before: after.updatedAt, after: after.id };
}
/** A list's order: the most recently changed first, then by id (as the stores' indexes hold them). */
function listOrder(a, b) {
    return b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
/** Whether a row comes after `cursor` in a list's order. */
function isAfter(row, cursor) {
    return cursor === undefined || listOrder(cursor, row) < 0;
}
/** The filter's segments, once each; undefined when it filters nothing. */
function filterSegments$1(filter) {
    const segments = [...new Set(filter?.segments ?? [])];
    return segments.length === 0 ? undefined : segments;
}
function matchesFilter(list, filter) {
    const wanted = filterSegments$1(filter);
    if (wanted === undefined)
        return true;
    return filter?.match === "any" ? wanted.some((s) => list.includes(s)) : wanted.every((s) => list.includes(s));
}
/** Counts each segment over the lists, most used first, then by name so that pages are stable. */
function countSegments(lists) {
    const counts = new Map();
    for (const list of lists)
        for (const segment of list)
            counts.set(segment, (counts.get(segment) ?? 0) + 1);
    return [...counts]
        .map(([segment, count]) => ({ segment, count }))
        .sort((a, b) => b.count - a.count || (a.segment < b.segment ? -1 : a.segment > b.segment ? 1 : 0));
}
/** A new contact; `holder` is the contact that already has its email, if one does. */
function decideCreate(input, peopleId, now, holder) {
    if (holder !== undefined)
        return { result: { reason: "email_taken", peopleId: holder } };
    const empty = {
        peopleId,
        email: input.email.trim(),
        nickname: "",
        segments: [],
        createdAt: now,
        updatedAt: now,
    };
    return decideUpdate(empty, { nickname: input.nickname, segments: replaceWith(input.segments ?? []) }, now, undefined);
}
/** A patch on `current`; `holder` is another contact that already has the new email, if one does. */
function decideUpdate(current, patch, now, holder) {
    if (holder !== undefined && holder !== current.peopleId) {
        return { result: { reason: "email_taken", peopleId: holder } };
    }
    const edit = decideEdit({ segments: current.segments, revision: 0 }, patch.segments ?? replaceWith(current.segments));
    if (edit.result.reason === "too_many")
        return { result: { reason: "too_many", contact: copyContact(current) } };
    const next = {
        ...current,
        email: patch.email?.trim() ?? current.email,
        nickname: patch.nickname ?? current.nickname,
        segments: edit.result.segments,
        updatedAt: now,
    };
    return { result: { reason: "updated", contact: copyContact(next) }, next };
}
/** Where a batch's target goes in its answer, by the reason its write gave (a batch sets no email: no email_taken). */
function batchBucket(reason) {
    return reason === "updated" ? "updated" : reason === "not_found" || reason === "email_taken" ? "notFound" : "tooMany";
}
/** A batch's answer: each id once, in the order given. */
function tally(ids, buckets) {
    const batch = { updated: [], tooMany: [], notFound: [] };
    for (const id of new Set(ids))
        batch[buckets.get(id) ?? "notFound"].push(id);
    return batch;
}
function addition(segments) {
    return { overwrite: false, segments, remove: [] };
}
function replaceWith(segments) {
    return { overwrite: true, segments };
}
function copyContact(contact) {
    return { ...contact, segments: contact.segments.slice() };
}

/** What free text (metas, emails, nicknames, searches) must not hold: NUL, which PostgreSQL cannot store. Pure. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is the point
const NUL = /\u0000/;
/** The first string inside `value` (keys included) holding NUL, with where it was found. */
function findNul(value, path) {
    if (typeof value === "string")
        return NUL.test(value) ? path : undefined;
    if (typeof value !== "object" || value === null)
        return undefined;
    for (const [key, item] of Object.entries(value)) {
        if (NUL.test(key))
            return `${path} key ${preview(key)}`;
        const found = findNul(item, `${path}.${key}`);
        if (found !== undefined)
            return found;
    }
    return undefined;
}
function withoutNul(value, name) {
    const where = findNul(value, name);
    return where === undefined ? accept(value) : refuse$1("invalid_request", `${where} holds a NUL character; remove it`);
}
// Deliberately loose (one @, no spaces, a dot-free domain allowed): the address is the operator's to get right.
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const MAX_EMAIL_LENGTH$1 = 254;
function checkEmail(value, name) {
    const email = typeof value === "string" ? value.trim() : undefined;
    if (email === undefined || email.length > MAX_EMAIL_LENGTH$1 || !EMAIL.test(email) || NUL.test(email)) {
        return refuse$1("invalid_request", `${name} is ${preview(value)}; expected an email address, e.g. jane@example.com`);
    }
    return accept(email);
}

/**
 * The body of "Update Conversation Metas" (PATCH …/conversation/{session_id}/meta): Crisp's meta fields that the
 * service keeps, merged; `segments`, when given, replaces the session's list. Unknown fields are ignored. Pure.
 */
function parseMetaPatch(body) {
    const read = readMeta(body);
    if (!read.ok) {
        return refuse$1("invalid_request", `${read.field} is ${preview(field(body, read.field))}; expected ${read.expected}`);
    }
    const meta = withoutNul(read.meta, "meta");
    if (!meta.ok)
        return meta;
    const given = field(body, "segments");
    if (given === undefined)
        return accept({ meta: meta.value });
    const segments = checkSegments(given, MAX_SEGMENTS);
    if (!segments.ok)
        return refuse$1("invalid_segments", describeSegmentProblem(segments.problem, "segments"));
    return accept({ meta: meta.value, segments: segments.segments });
}

/**
 * Our extension beside Crisp's page numbers: a list answers, in `X-Next-Cursor`, where its page ended, and a
 * `cursor` query parameter asks for the rows after it. Opaque to clients (base64url of the last row's change time
 * and id), so that the way it is made may change. Pure.
 */
const NEXT_CURSOR_HEADER = "X-Next-Cursor";
const MAX_CURSOR = 400;
const DECODED = /^([0-9]{1,16}):(.{1,256})$/s;
// base64url through btoa/atob, which every fetch-standard runtime has (Buffer is Node's).
const toBase64url = (text) => btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
const fromBase64url = (text) => new TextDecoder().decode(Uint8Array.from(atob(text.replaceAll("-", "+").replaceAll("_", "/")), (char) => char.charCodeAt(0)));
function encodeCursor(cursor) {
    return toBase64url(`${cursor.updatedAt}:${cursor.id}`);
}
/** The cursor a `cursor` parameter names; absent or empty: none. */
function decodeCursor(text) {
    if (text === undefined || text === "")
        return accept(undefined);
    const well = /^[A-Za-z0-9_-]+$/.test(text) && text.length <= MAX_CURSOR && text.length % 4 !== 1;
    const match = well ? DECODED.exec(fromBase64url(text)) : null;
    const updatedAt = Number(match?.[1]);
    if (match === null || !Number.isSafeInteger(updatedAt)) {
        const expected = `the ${NEXT_CURSOR_HEADER} header of the page before, unchanged`;
        return refuse$1("invalid_request", `cursor is ${preview(text)}; expected ${expected}`);
    }
    return accept({ updatedAt, id: match[2] ?? "" });
}
/** The next page's cursor: the last row's place, when the page was full (a shorter page is the list's end). */
function nextCursor(rows, perPage) {
    const last = rows.at(-1);
    return last === undefined || rows.length < perPage ? undefined : encodeCursor(last);
}

/**
 * A list route's page and search, from its path and query string, as crisp-api sends them: `per_page`,
 * `search_type=segment|filter` with `search_query`, `search_operator=and|or`, `search_filter` and `search_text`
 * (filters are JSON arrays of `{model, criterion: "segments", operator: "eq", query: [...]}`); and our `cursor`
 * (list-cursor.ts). Pure.
 */
const MIN_PER_PAGE = 20;
const MAX_PER_PAGE = 50;
const MAX_SEARCH_TEXT = 256;
function pageQuery(page, param) {
    if (!/^[1-9][0-9]{0,8}$/.test(page)) {
        return refuse$1("invalid_request", `the page is ${preview(page)}; expected a whole number from 1, as in …/1`);
    }
    const asked = param("per_page");
    if (asked === undefined || asked === "")
        return accept({ page: Number(page), perPage: MIN_PER_PAGE });
    if (!/^[0-9]{1,9}$/.test(asked)) {
        const expected = `a whole number (${MIN_PER_PAGE} to ${MAX_PER_PAGE})`;
        return refuse$1("invalid_request", `per_page is ${preview(asked)}; expected ${expected}`);
    }
    return accept({ page: Number(page), perPage: Math.min(MAX_PER_PAGE, Math.max(MIN_PER_PAGE, Number(asked))) });
}
/** A list's page: by number, or (our extension) the rows after a `cursor` a page before answered. */
function listQuery(page, param) {
    const window = pageQuery(page, param);
    if (!window.ok)
        return window;
    const after = decodeCursor(param("cursor"));
    if (!after.ok)
        return after;
    return accept(after.value === undefined ? window.value : { ...window.value, after: after.value });
}
function conversationQuery(page, param) {
    const window = listQuery(page, param);
    if (!window.ok)
        return window;
    const type = param("search_type");
    if (type === undefined || type === "")
        return window;
    if (type === "segment") {
        const segment = normalizeSegment(param("search_query"));
        if (typeof segment !== "string") {
            return refuse$1("invalid_segments", `search_query is ${preview(param("search_query"))}; expected a segment`);
        }
        return accept({ ...window.value, filter: { segments: [segment], match: "all" } });
    }
    if (type !== "filter") {
        const expected = `"segment" or "filter" (conversations are not searched by text here)`;
        return refuse$1("invalid_request", `search_type is ${preview(type)}; expected ${expected}`);
    }
    const filter = segmentFilter(param("search_query") ?? "[]", "search_query", "session", param("search_operator"));
    return filter.ok ? accept({ ...window.value, filter: filter.value }) : filter;
}
function contactQuery(page, param) {
    const window = listQuery(page, param);
    if (!window.ok)
        return window;
    const text = param("search_text")?.trim() || undefined;
    if (text !== undefined && text.length > MAX_SEARCH_TEXT) {
        const message = `search_text is ${text.length} characters long; expected at most ${MAX_SEARCH_TEXT}`;
        return refuse$1("invalid_request", message);
    }
    const searched = withoutNul(text, "search_text");
    if (!searched.ok)
        return searched;
    const filter = segmentFilter(param("search_filter") || "[]", "search_filter", "people", param("search_operator"));
    return filter.ok ? accept({ ...window.value, filter: filter.value, text }) : filter;
}
function segmentFilter(json, name, model, operator) {
    if (operator !== undefined && operator !== "" && operator !== "and" && operator !== "or") {
        return refuse$1("invalid_request", `search_operator is ${preview(operator)}; expected "and" (all of) or "or" (any of)`);
    }
    const segments = filterSegments(json, name, model);
    return segments.ok ? accept({ segments: segments.value, match: operator === "or" ? "any" : "all" }) : segments;
}
/** Every segment the filter's conditions name, checked by the segment rules. */
function filterSegments(json, name, model) {
    const example = `[{"model":"${model}","criterion":"segments","operator":"eq","query":["lead"]}]`;
    let conditions;
    try {
        conditions = JSON.parse(json);
    }
    catch {
        return refuse$1("invalid_request", `${name} is ${preview(json)}, not JSON; expected e.g. ${example}`);
    }
    if (!Array.isArray(conditions)) {
        return refuse$1("invalid_request", `${name} is ${preview(conditions)}; expected an array, e.g. ${example}`);
    }
    const values = [];
    for (const [index, condition] of conditions.entries()) {
        const query = conditionQuery(condition, `${name}[${index}]`, model);
        if (!query.ok)
            return query;
        values.push(...query.value);
    }
    const checked = checkSegments(values, MAX_SEGMENTS);
    if (!checked.ok)
        return refuse$1("invalid_segments", describeSegmentProblem(checked.problem, `${name}'s segments`));
    return accept(checked.segments);
}
function conditionQuery(condition, name, model) {
    if (typeof condition !== "object" || condition === null || Array.isArray(condition)) {
        return refuse$1("invalid_request", `${name} is ${preview(condition)}; expected {model, criterion, operator, query}`);
    }
    const field = (key) => Object.hasOwn(condition, key) ? condition[key] : undefined;
    const wrong = (key, expected) => refuse$1("invalid_request", `${name}.${key} is ${preview(field(key))}; expected ${expected}`);
    if (field("model") !== undefined && field("model") !== model)
        return wrong("model", `"${model}"`);
    if (field("criterion") !== "segments")
        return wrong("criterion", `"segments" (the one criterion filtered here)`);
    if (field("operator") !== undefined && field("operator") !== "eq")
        return wrong("operator", `"eq"`);
    const query = field("query");
    if (typeof query === "string")
        return accept([query]);
    return Array.isArray(query) ? accept(query) : wrong("query", "an array of segments");
}

function list(body, name, max) {
    const value = field(body, name);
    if (value === undefined)
        return accept([]);
    const checked = checkSegments(value, max);
    return checked.ok
        ? accept(checked.segments)
        : refuse$1("invalid_segments", describeSegmentProblem(checked.problem, name));
}
function parseSegmentEdit(body) {
    const add = list(body, "add", MAX_SEGMENTS);
    if (!add.ok)
        return add;
    const remove = list(body, "remove", Number.POSITIVE_INFINITY);
    if (!remove.ok)
        return remove;
    return accept({ overwrite: false, segments: add.value, remove: remove.value });
}

/** Runs `handler` for a well-formed session id, or answers 400. */
const forSession = (handler) => async (c) => {
    const sessionId = c.req.param("session") ?? "";
    return refuseSessionId(c, sessionId) ?? handler(c, c.req.param("website") ?? "", sessionId);
};
function addConversationRoutes(app, { store }, paths, guard) {
    addRoute(app, paths.meta, guard, {
        GET: forSession(async (c, websiteId, sessionId) => {
            const [meta, session] = await Promise.all([store.getMeta(websiteId, sessionId), store.get(websiteId, sessionId)]);
            return success(c, "resolved", metaWire(meta, session.segments));
        }),
        PATCH: forSession(async (c, websiteId, sessionId) => {
            const body = await readJsonObject(c.req.raw, MAX_WRITE_BYTES);
            const patch = body.ok ? parseMetaPatch(body.value) : body;
            if (!patch.ok)
                return answerRefusal(c, patch);
            const { meta, segments } = patch.value;
            // Segments first: a rule that the new email fires then adds to the list given, rather than being overwritten.
            if (segments !== undefined)
                await store.edit(websiteId, sessionId, { overwrite: true, segments });
            if (Object.keys(meta).length > 0)
                await store.mergeMeta(websiteId, sessionId, meta);
            return success(c, "updated", {});
        }),
    });
    addRoute(app, paths.conversationSegments, guard, {
        PATCH: forSession(async (c, websiteId, sessionId) => {
            const body = await readJsonObject(c.req.raw, MAX_WRITE_BYTES);
            const change = body.ok ? parseSegmentEdit(body.value) : body;
            if (!change.ok)
                return answerRefusal(c, change);
            const result = await store.edit(websiteId, sessionId, change.value);
            if (result.reason === "too_many") {
                const message = `the change would leave the session with more than ${MAX_SEGMENTS} segments; nothing changed`;
                return failure(c, "invalid_segments", message);
            }
            return success(c, "updated", { segments: result.segments });
        }),
    });
    addRoute(app, paths.conversations, guard, {
        GET: async (c) => {
            const websiteId = c.req.param("website") ?? "";
            const query = conversationQuery(c.req.param("page") ?? "", (name) => c.req.query(name));
            if (!query.ok)
                return answerRefusal(c, query);
            const rows = await store.listConversations(websiteId, query.value);
            const next = nextCursor(rows.map((row) => ({ updatedAt: row.updatedAt, id: row.sessionId })), query.value.perPage);
            if (next !== undefined)
                c.header(NEXT_CURSOR_HEADER, next);
            return success(c, "resolved", rows.map((row) => conversationWire(websiteId, row)));
        },
    });
}

const CSV_COLUMNS = ["people_id", "email", "nickname", "segments", "created_at", "updated_at"];
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;
function csvCell(value) {
    const inert = FORMULA_START.test(value) ? `'${value}` : value;
    return NEEDS_QUOTES.test(inert) ? `"${inert.replaceAll('"', '""')}"` : inert;
}
function csvRow(cells) {
    return `${cells.map(csvCell).join(",")}\r\n`;
}
function contactRow(contact) {
    return csvRow([
        contact.peopleId,
        contact.email,
        contact.nickname,
        contact.segments.join(";"),
        new Date(contact.createdAt).toISOString(),
        new Date(contact.updatedAt).toISOString(),
    ]);
}
/** Whether an Accept header asks for CSV (a media range text/csv whose q is not 0). */
function wantsCsv(accept) {
    return (accept ?? "").split(",").some((range) => {
        const [type = "", ...parameters] = range.split(";").map((part) => part.trim().toLowerCase());
        return type === "text/csv" && !parameters.some((parameter) => /^q=0(\.0*)?$/.test(parameter));
    });
}
/**
 * The header row, then every page `read` gives, one page read each time the reader wants more, each after the
 * last contact of the one before: an export of any size holds one page in memory, and reads each row once. It
 * ends after the first page shorter than `pageSize`.
 */
function csvStream(read, pageSize, onError) {
    const encoder = new TextEncoder();
    let after;
    return new ReadableStream({
        start(controller) {
            controller.enqueue(encoder.encode(csvRow(CSV_COLUMNS)));
        },
        async pull(controller) {
            try {
                const contacts = await read(after);
                const last = contacts.at(-1);
                if (last !== undefined)
                    after = { updatedAt: last.updatedAt, id: last.peopleId };
                if (contacts.length > 0)
                    controller.enqueue(encoder.encode(contacts.map(contactRow).join("")));
                if (contacts.length < pageSize)
                    controller.close();
            }
            catch (error) {
                // The status went out with the header row: all that is left is to cut the answer short and report.
                onError(error);
                controller.error(error);
            }
        },
    });
}

const CSV_HEADERS = {
    "Content-Type": "text/csv; charset=utf-8; header=present",
    "Content-Disposition": 'attachment; filename="people.csv"',
    "Cache-Control": "no-store",
};
function addPeopleListRoutes(app, { store }, paths, guard, onError) {
    addRoute(app, paths.profiles, guard, {
        GET: async (c) => {
            const websiteId = c.req.param("website") ?? "";
            const query = contactQuery(c.req.param("page") ?? "", (name) => c.req.query(name));
            if (!query.ok)
                return answerRefusal(c, query);
            if (wantsCsv(c.req.header("Accept"))) {
                // Each page read after the one before's last row: the export walks the index once, whatever its size.
                const read = (after) => store.listContacts(websiteId, {
                    ...query.value,
                    after: after ?? query.value.after,
                    page: 1,
                    perPage: MAX_PER_PAGE$1,
                });
                return c.body(csvStream(read, MAX_PER_PAGE$1, onError), 200, CSV_HEADERS);
            }
            const contacts = await store.listContacts(websiteId, query.value);
            const next = nextCursor(contacts.map((contact) => ({ updatedAt: contact.updatedAt, id: contact.peopleId })), query.value.perPage);
            if (next !== undefined)
                c.header(NEXT_CURSOR_HEADER, next);
            return success(c, "resolved", contacts.map(contactWire));
        },
    });
}

/**
 * The bodies of Crisp's people profile routes: `{email, person: {nickname}, segments}`, other fields of Crisp's
 * profile ignored. POST needs the email; PATCH merges what it gives; PUT replaces the whole profile. Pure.
 */
function readProfile(body) {
    const profile = {};
    if (field(body, "email") !== undefined) {
        const email = checkEmail(field(body, "email"), "email");
        if (!email.ok)
            return email;
        profile.email = email.value;
    }
    const person = field(body, "person");
    if (person !== undefined && (typeof person !== "object" || person === null || Array.isArray(person))) {
        return refuse$1("invalid_request", `person is ${preview(person)}; expected an object such as {"nickname": "Jane"}`);
    }
    const nickname = person === undefined ? undefined : field(person, "nickname");
    if (nickname !== undefined) {
        const text = typeof nickname === "string" ? withoutNul(nickname, "person.nickname") : undefined;
        if (text === undefined)
            return refuse$1("invalid_request", `person.nickname is ${preview(nickname)}; expected a string`);
        if (!text.ok)
            return text;
        profile.nickname = text.value;
    }
    const segments = field(body, "segments");
    if (segments !== undefined) {
        const checked = checkSegments(segments, MAX_SEGMENTS);
        if (!checked.ok)
            return refuse$1("invalid_segments", describeSegmentProblem(checked.problem, "segments"));
        profile.segments = checked.segments;
    }
    return accept(profile);
}
const NO_EMAIL = 'email is missing; a profile needs one, e.g. {"email": "jane@example.com"}';
/** POST /people/profile. */
function parseNewContact(body) {
    const profile = readProfile(body);
    if (!profile.ok)
        return profile;
    const { email, nickname, segments } = profile.value;
    return email === undefined ? refuse$1("invalid_request", NO_EMAIL) : accept({ email, nickname, segments });
}
/** PATCH (merge: absent fields stay) or PUT (replace: absent nickname and segments are emptied). */
function parseContactPatch(body, mode) {
    const profile = readProfile(body);
    if (!profile.ok)
        return profile;
    const { email, nickname, segments } = profile.value;
    if (mode === "merge") {
        return accept({ email, nickname, segments: segments && { overwrite: true, segments } });
    }
    if (email === undefined)
        return refuse$1("invalid_request", NO_EMAIL);
    return accept({ email, nickname: nickname ?? "", segments: { overwrite: true, segments: segments ?? [] } });
}

/** Runs `handler` for a well-formed people id, or answers 400. */
const forContact = (handler) => async (c) => {
    const peopleId = c.req.param("people") ?? "";
    if (!isPeopleId(peopleId)) {
        return failure(c, "invalid_request", `the people_id is ${preview(peopleId)}; expected ${PEOPLE_ID_RULE}`);
    }
    return handler(c, c.req.param("website") ?? "", peopleId);
};
/** The request's body through `parse`, or the refusal of either. */
async function readAs$1(c, parse) {
    const body = await readJsonObject(c.req.raw, MAX_WRITE_BYTES);
    return body.ok ? parse(body.value) : body;
}
const NOT_FOUND = "no contact of this website has that people_id";
/** The answer to a contact write: `stored`'s when it was stored, else the refusal that says why not. */
function answerWrite(c, result, email, stored) {
    switch (result.reason) {
        case "updated":
            return stored(result.contact);
        case "not_found":
            return failure(c, "people_not_found", NOT_FOUND);
        case "email_taken": {
            const message = `email ${preview(email)} is contact ${result.peopleId}'s already: update that contact instead`;
            return failure(c, "people_exists", message);
        }
        case "too_many":
            return failure(c, "invalid_segments", `the contact would have more than ${MAX_SEGMENTS} segments; nothing changed`);
    }
}
function addPeopleRoutes(app, { store }, paths, guard) {
    const update = (patch) => forContact(async (c, websiteId, peopleId) => {
        const parsed = await readAs$1(c, patch);
        if (!parsed.ok)
            return answerRefusal(c, parsed);
        const result = await store.updateContact(websiteId, peopleId, parsed.value);
        return answerWrite(c, result, parsed.value.email, () => success(c, "updated", {}));
    });
    addRoute(app, paths.newProfile, guard, {
        POST: async (c) => {
            const parsed = await readAs$1(c, parseNewContact);
            if (!parsed.ok)
                return answerRefusal(c, parsed);
            const result = await store.createContact(c.req.param("website") ?? "", parsed.value);
            return answerWrite(c, result, parsed.value.email, (contact) => success(c, "added", { people_id: contact.peopleId }));
        },
    });
    addRoute(app, paths.profile, guard, {
        GET: forContact(async (c, websiteId, peopleId) => {
            const contact = await store.getContact(websiteId, peopleId);
            if (contact === undefined)
                return failure(c, "people_not_found", NOT_FOUND);
            return success(c, "resolved", contactWire(contact));
        }),
        PATCH: update((body) => parseContactPatch(body, "merge")),
        PUT: update((body) => parseContactPatch(body, "replace")),
        DELETE: forContact(async (c, websiteId, peopleId) => {
            if (await store.deleteContact(websiteId, peopleId))
                return success(c, "deleted", {});
            return failure(c, "people_not_found", NOT_FOUND);
        }),
    });
    addRoute(app, paths.profileSegments, guard, {
        PATCH: forContact(async (c, websiteId, peopleId) => {
            const change = await readAs$1(c, parseSegmentEdit);
            if (!change.ok)
                return answerRefusal(c, change);
            const result = await store.updateContact(websiteId, peopleId, { segments: change.value });
            return answerWrite(c, result, undefined, (contact) => success(c, "updated", { segments: contact.segments }));
        }),
    });
}

/**
 * Email patterns for rules: `*` stands for any run of characters (none included), `?` for exactly one, every other
 * character for itself, case aside; the email's surrounding white space is ignored. There is no escape: an email's `*` or `?` is matched by a wildcard.
 *
 * Patterns are never turned into a regular expression. The matcher below walks the email once, remembering only
 * the last `*` seen: on a mismatch it moves that star's start one character on and resumes. No other state is kept,
 * so the work is at most (email length + 1) × (pattern length + 1) steps — about 65,000 for the longest pattern and
 * email allowed, whatever their contents — and never exponential, whatever the pattern: no ReDoS.
 */
/** The longest pattern a rule may hold, in characters (code points). */
const MAX_PATTERN_LENGTH = 254;
/** The longest address that can be an email (RFC 5321's path limit, less its brackets); a longer one matches no pattern. */
const MAX_EMAIL_LENGTH = 254;
/** What a pattern must be, for an error message; undefined when `value` is a valid pattern. */
function patternProblem(value) {
    if (typeof value !== "string")
        return 'a string such as "*+billing@*"';
    const length = [...value].length;
    if (length < 1 || length > MAX_PATTERN_LENGTH)
        return `1 to ${MAX_PATTERN_LENGTH} characters`;
    return undefined;
}
/** Whether `email` matches `pattern`, case aside (see the module's comment for the wildcards and the cost). */
function matchesEmailPattern(pattern, email) {
    const text = [...fold(email.trim())];
    if (text.length > MAX_EMAIL_LENGTH)
        return false;
    return matchesGlob([...fold(pattern)], text);
}
function fold(value) {
    return value.normalize("NFC").toLowerCase();
}
function matchesGlob(pattern, text) {
    let p = 0;
    let t = 0;
    // The last star met, and where in the text the run it stands for currently ends.
    let star = -1;
    let starEnd = 0;
    while (t < text.length) {
        if (p < pattern.length && (pattern[p] === "?" || pattern[p] === text[t])) {
            p++;
            t++;
        }
        else if (p < pattern.length && pattern[p] === "*") {
            star = p++;
            starEnd = t;
        }
        else if (star >= 0) {
            p = star + 1;
            t = ++starEnd;
        }
        else {
            return false;
        }
    }
    while (pattern[p] === "*")
        p++;
    return p === pattern.length;
}

/**
 * A website's rules: an ordered list of "when … then …". What they are, as `checkRules` answers them; how they run
 * is rule-engine.ts.
 */
/** The most rules a website may have. */
const MAX_RULES = 100;
/** The most actions one rule may take. */
const MAX_ACTIONS = 10;
/** A rule id and a webhook endpoint id: 1 to 64 letters, digits, `_` or `-`. */
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** The longest name a rule may have, in characters. */
const MAX_NAME_LENGTH = 100;

/**
 * Reads rules from untrusted JSON: the one place that trusts nothing. A rule comes out normalised (segments by the
 * SDK's own rules, `enabled` defaulting to true) or refused with one line naming the bad field, its value and what
 * was expected there, e.g. `rules[1].then[0].segments[1] is "a\u0000"; expected no control characters`.
 * Unknown fields are refused too, so that a misspelt one is not silently ignored.
 */
const RULE_FIELDS = ["id", "name", "enabled", "when", "then"];
const TRIGGER_FIELDS = {
    segment_added: ["on", "segment", "subject"],
    segment_removed: ["on", "segment", "subject"],
    email_matches: ["on", "pattern", "subject"],
    contact_created: ["on", "subject"],
};
const ACTION_FIELDS = {
    add_segments: ["do", "segments"],
    remove_segments: ["do", "segments"],
    send_webhook: ["do", "endpoint"],
};
const ID_RULE = "1 to 64 letters, digits, _ or -";
/** A website's whole list of rules, in order; the messages' paths start at `rules`. */
function checkRules(value, options = {}) {
    if (!Array.isArray(value) || value.length > MAX_RULES) {
        return refuse("rules", value, `an array of at most ${MAX_RULES} rules`);
    }
    const rules = [];
    const seen = new Map();
    for (let index = 0; index < value.length; index++) {
        const at = `rules[${index}]`;
        const rule = readRule(value[index], at, options);
        if (!rule.ok)
            return rule;
        const first = seen.get(rule.value.id);
        if (first !== undefined)
            return refuse(`${at}.id`, rule.value.id, `an id no other rule has (rules[${first}] has it)`);
        seen.set(rule.value.id, index);
        rules.push(rule.value);
    }
    return { ok: true, value: rules };
}
/** One rule alone (to create or replace it); the messages' paths start at its fields, e.g. `then[0].segments`. */
function checkRule(value, options = {}) {
    return readRule(value, "", options);
}
function readRule(value, at, options) {
    const fields = readObject(value, at, RULE_FIELDS, "a rule");
    if (!fields.ok)
        return fields;
    const { id, name, enabled, when, then } = fields.value;
    if (typeof id !== "string" || !ID_PATTERN.test(id))
        return refuse(join(at, "id"), id, ID_RULE);
    if (name !== undefined && (typeof name !== "string" || [...name].length > MAX_NAME_LENGTH)) {
        return refuse(join(at, "name"), name, `absent or a string of at most ${MAX_NAME_LENGTH} characters`);
    }
    if (enabled !== undefined && typeof enabled !== "boolean") {
        return refuse(join(at, "enabled"), enabled, "true or false (absent means true)");
    }
    const trigger = readTrigger(when, join(at, "when"));
    if (!trigger.ok)
        return trigger;
    const actions = readActions(then, join(at, "then"), options);
    if (!actions.ok)
        return actions;
    // biome-ignore lint/suspicious/noThenProperty: the wire's word; an array is never called, so a rule is no thenable
    const rule = { id, enabled: enabled ?? true, when: trigger.value, then: actions.value };
    if (name !== undefined)
        rule.name = name;
    return { ok: true, value: rule };
}
function readTrigger(value, at) {
    const kind = readKind(value, at, "on", TRIGGER_FIELDS, "trigger");
    if (!kind.ok)
        return kind;
    const [on, fields] = kind.value;
    if (on === "contact_created") {
        if (fields.subject !== undefined && fields.subject !== "contact") {
            return refuse(`${at}.subject`, fields.subject, '"contact" or absent: only a contact is created');
        }
        return { ok: true, value: { on } };
    }
    const subject = readSubject(fields.subject, `${at}.subject`);
    if (!subject.ok)
        return subject;
    const scope = subject.value === undefined ? {} : { subject: subject.value };
    if (on === "email_matches") {
        const expected = patternProblem(fields.pattern);
        if (expected !== undefined)
            return refuse(`${at}.pattern`, fields.pattern, expected);
        return { ok: true, value: { on, pattern: fields.pattern, ...scope } };
    }
    const segment = normalizeSegment(fields.segment);
    if (typeof segment !== "string")
        return refuse(`${at}.segment`, fields.segment, segment.expected);
    return { ok: true, value: { on, segment, ...scope } };
}
function readSubject(value, at) {
    if (value === undefined || value === "conversation" || value === "contact")
        return { ok: true, value };
    return refuse(at, value, '"conversation", "contact" or absent (both)');
}
function readActions(value, at, options) {
    if (!Array.isArray(value) || value.length < 1 || value.length > MAX_ACTIONS) {
        return refuse(at, value, `an array of 1 to ${MAX_ACTIONS} actions`);
    }
    const actions = [];
    for (let index = 0; index < value.length; index++) {
        const action = readAction(value[index], `${at}[${index}]`, options);
        if (!action.ok)
            return action;
        const repeat = repeatedEndpoint(actions, action.value, `${at}[${index}]`, at);
        if (repeat !== undefined)
            return repeat;
        actions.push(action.value);
    }
    return { ok: true, value: actions };
}
/** A rule sends to an endpoint once: the refusal of a second action sending to the same one. */
function repeatedEndpoint(earlier, action, at, list) {
    if (action.do !== "send_webhook")
        return undefined;
    const first = earlier.findIndex((other) => other.do === "send_webhook" && other.endpoint === action.endpoint);
    if (first < 0)
        return undefined;
    return refuse(`${at}.endpoint`, action.endpoint, `an endpoint that ${list}[${first}] does not already send to`);
}
function readAction(value, at, options) {
    const kind = readKind(value, at, "do", ACTION_FIELDS, "action");
    if (!kind.ok)
        return kind;
    const [action, fields] = kind.value;
    if (action === "send_webhook") {
        const endpoint = fields.endpoint;
        if (typeof endpoint !== "string" || !ID_PATTERN.test(endpoint))
            return refuse(`${at}.endpoint`, endpoint, ID_RULE);
        if (options.endpoints !== undefined && !options.endpoints.has(endpoint)) {
            return refuse(`${at}.endpoint`, endpoint, "the id of one of the website's webhook endpoints (create it first)");
        }
        return { ok: true, value: { do: action, endpoint } };
    }
    const check = checkSegments(fields.segments);
    if (!check.ok)
        return { ok: false, message: describeSegmentProblem(check.problem, `${at}.segments`) };
    if (check.segments.length === 0)
        return refuse(`${at}.segments`, fields.segments, "at least one segment");
    return { ok: true, value: { do: action, segments: check.segments } };
}
/** An object whose discriminant `key` names one of `kinds`, holding only that kind's fields. */
function readKind(value, at, key, kinds, noun) {
    const names = Object.keys(kinds);
    if (!isPlainObject(value))
        return refuse(at, value, `${noun}: an object whose ${key} is one of ${names.join(", ")}`);
    const kind = value[key];
    if (!names.includes(kind))
        return refuse(join(at, key), kind, `one of ${names.join(", ")}`);
    const fields = readObject(value, at, kinds[kind], `a ${kind} ${noun}`);
    return fields.ok ? { ok: true, value: [kind, fields.value] } : fields;
}
/** A plain object with no field outside `allowed`; `what` names it in messages. */
function readObject(value, at, allowed, what) {
    if (!isPlainObject(value))
        return refuse(at || "rule", value, `${what}: an object`);
    const stray = Object.keys(value).find((field) => !allowed.includes(field));
    if (stray !== undefined) {
        return refuse(join(at, stray), value[stray], `no such field: ${what} has only ${allowed.join(", ")}`);
    }
    return { ok: true, value };
}
function isPlainObject(value) {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
function join(at, field) {
    const key = /^[A-Za-z_][A-Za-z0-9_]*$/.test(field) ? field : `[${preview(field)}]`;
    return at === "" ? key : key.startsWith("[") ? `${at}${key}` : `${at}.${key}`;
}
function refuse(at, value, expected) {
    return { ok: false, message: `${at} is ${preview(value)}; expected ${expected}` };
}

/** The edits the REST API makes to a website's list of rules, pure: what to store, and what to answer. */
function replaceAll(rules) {
    return () => ({ result: rules, rules });
}
/** Appends `rule` at the end of the list: the last rule to run. */
function addRule(rule) {
    return (current) => {
        if (current.some((other) => other.id === rule.id))
            return { result: { reason: "taken" } };
        if (current.length >= MAX_RULES)
            return { result: { reason: "too_many" } };
        const rules = [...current, rule];
        return { result: { reason: "added", rules }, rules };
    };
}
/** Removes the rule with id `ruleId`; answers the list left, or undefined when no rule has that id. */
function deleteRule(ruleId) {
    return (current) => {
        const rules = current.filter((rule) => rule.id !== ruleId);
        return rules.length === current.length ? { result: undefined } : { result: rules, rules };
    };
}

const RULES_METHODS = ["listRules", "editRules"];
function isRulesStore(store) {
    return RULES_METHODS.every((method) => typeof store[method] === "function");
}

function rulePaths(basePath) {
    const website = `${basePath}/v1/website/:website`;
    return { rules: `${website}/rules`, rule: `${website}/rule/:rule` };
}
const NO_RULES_STORE = "this service's store keeps no rules: use createMemoryStore, createSqliteStore or createPostgresStore";
function addRuleRoutes(app, { store }, basePath, guard) {
    const paths = rulePaths(basePath);
    if (!isRulesStore(store) || typeof store.listEndpoints !== "function") {
        for (const path of Object.values(paths))
            app.all(path, (c) => failure(c, "not_found", NO_RULES_STORE));
        return;
    }
    const rules = store;
    addRoute(app, paths.rules, guard, {
        GET: async (c) => success(c, "resolved", await rules.listRules(websiteOf(c))),
        PUT: (c) => putRules(c, rules),
        POST: (c) => postRule(c, rules),
    });
    addRoute(app, paths.rule, guard, {
        DELETE: async (c) => {
            const ruleId = c.req.param("rule") ?? "";
            const left = await rules.editRules(websiteOf(c), deleteRule(ruleId));
            if (left === undefined)
                return failure(c, "not_found", `no rule of this website has the id ${preview(ruleId)}`);
            return success(c, "deleted", left);
        },
    });
}
const websiteOf = (c) => c.req.param("website") ?? "";
async function endpointIds(store, websiteId) {
    return new Set((await store.listEndpoints(websiteId)).map((endpoint) => endpoint.endpointId));
}
/** PUT `{rules: [...]}`: the whole list, in the order to run. */
async function putRules(c, store) {
    const body = await readJsonObject(c.req.raw, MAX_BATCH_BYTES);
    if (!body.ok)
        return answerRefusal(c, body);
    const checked = checkRules(body.value.rules, { endpoints: await endpointIds(store, websiteOf(c)) });
    if (!checked.ok)
        return failure(c, "invalid_request", checked.message);
    return success(c, "updated", await store.editRules(websiteOf(c), replaceAll(checked.value)));
}
/** POST one rule: it goes last. */
async function postRule(c, store) {
    const body = await readJsonObject(c.req.raw, MAX_WRITE_BYTES);
    if (!body.ok)
        return answerRefusal(c, body);
    const checked = checkRule(body.value, { endpoints: await endpointIds(store, websiteOf(c)) });
    if (!checked.ok)
        return failure(c, "invalid_request", checked.message);
    const added = await store.editRules(websiteOf(c), addRule(checked.value));
    return added.reason === "added"
        ? success(c, "added", added.rules)
        : failure(c, "invalid_request", refusal(added, checked.value));
}
function refusal(result, rule) {
    return result.reason === "taken"
        ? `id is ${preview(rule.id)}; expected an id no other rule of the website has (delete that one, or PUT the list)`
        : `the website has ${MAX_RULES} rules, the most it may have; delete one first`;
}

/**
 * Deleting a webhook endpoint, by its route and by Zapier's unsubscribe alike. An endpoint that rules send to is
 * not deleted: the rules would go on firing without their `send_webhook` action, and nothing would say so. The
 * refusal (409 `webhook_in_use`) names the rules, which the operator edits or deletes first.
 */
const NO_ENDPOINT = "this website has no webhook endpoint with that endpoint_id";
/** The ids of the website's rules with a `send_webhook` action to `endpointId`, in the rules' order. */
async function rulesSendingTo(store, websiteId, endpointId) {
    if (!isRulesStore(store))
        return [];
    const rules = await store.listRules(websiteId);
    const sends = (rule) => rule.then.some((action) => action.do === "send_webhook" && action.endpoint === endpointId);
    return rules.filter(sends).map((rule) => rule.id);
}
/** Deletes the endpoint and answers `deleted()`, or refuses: 409 while rules send to it, 404 when unknown. */
async function deleteEndpoint(c, store, { websiteId, endpointId }, deleted) {
    const using = await rulesSendingTo(store, websiteId, endpointId);
    if (using.length > 0) {
        const names = using.map((id) => `"${id}"`).join(", ");
        const message = `rule${using.length > 1 ? "s" : ""} ${names} send${using.length > 1 ? "" : "s"} to this endpoint: ` +
            "remove the send_webhook action (PUT rules) or delete the rule first";
        return failure(c, "webhook_in_use", message);
    }
    if (await store.deleteEndpoint(websiteId, endpointId))
        return deleted();
    return failure(c, "webhook_not_found", NO_ENDPOINT);
}

/**
 * Zapier's sample for a REST hook trigger: recent webhooks as they would be delivered, built from the website's
 * newest conversations and contacts that carry segments (as if each had just been given its whole list), so that
 * a Zap can be mapped without waiting for a change. A website with none gets one example, marked by its ids.
 */
const SAMPLE_SIZE = 3;
/** The example's ids: a session and a contact no store makes (all zeros). */
const EXAMPLE_SESSION = "session_00000000-0000-4000-8000-000000000000";
const EXAMPLE_PEOPLE = "00000000-0000-4000-8000-000000000000";
function asBody(change) {
    // Ids of their own (Zapier tells samples apart by `id`), never one a delivery has.
    const event = segmentsEvent(change, `sample_${"sessionId" in change ? change.sessionId : change.peopleId}`);
    return event === undefined ? undefined : webhookBody(event);
}
async function recentChanges(store, request) {
    const { websiteId, event, segment } = request;
    const query = {
        page: 1,
        perPage: SAMPLE_SIZE,
        ...(segment ? { filter: { segments: [segment], match: "all" } } : {}),
    };
    const changes = [];
    if (event !== "people:set_segments") {
        for (const one of await store.listConversations(websiteId, query)) {
            changes.push({ websiteId, before: [], after: one.segments, at: one.updatedAt, sessionId: one.sessionId });
        }
    }
    if (event !== "session:set_segments") {
        for (const one of await store.listContacts(websiteId, query)) {
            changes.push({ websiteId, before: [], after: one.segments, at: one.updatedAt, peopleId: one.peopleId });
        }
    }
    return changes;
}
/** Newest first, at most SAMPLE_SIZE; the example when the website has nothing to show. */
async function sampleEvents(store, request, now) {
    const bodies = (await recentChanges(store, request))
        .sort((a, b) => b.at - a.at)
        .map(asBody)
        .filter((body) => body !== undefined)
        .slice(0, SAMPLE_SIZE);
    if (bodies.length > 0)
        return bodies;
    const after = [request.segment ?? "bug"];
    const { websiteId } = request;
    const example = request.event === "people:set_segments"
        ? { websiteId, before: [], after, at: now, peopleId: EXAMPLE_PEOPLE }
        : { websiteId, before: [], after, at: now, sessionId: EXAMPLE_SESSION };
    return [asBody(example)].filter((body) => body !== undefined);
}

/**
 * Zapier's REST hook subscription, `{"target_url": …, "event"?: …, "segments"?: […]}`, as an endpoint (the
 * endpoints' rules, with Zapier's names in the messages), and the sample route's query. Pure.
 */
const EVENTS = `${EVENT_NAMES.map((name) => JSON.stringify(name)).join(" or ")}, or none for both`;
function checkEvent(value) {
    if (value === undefined || isEventName(value))
        return accept(value);
    return refuse$1("invalid_request", `event is ${preview(value)}; expected ${EVENTS}`);
}
function parseSubscription(body) {
    const event = checkEvent(field(body, "event"));
    if (!event.ok)
        return event;
    const events = event.value === undefined ? undefined : [event.value];
    const checked = checkEndpoint({ url: field(body, "target_url"), events, segments: field(body, "segments") });
    if (!checked.ok) {
        const message = checked.field === "url" ? `target_${checked.message}` : checked.message;
        return refuse$1(checked.field === "segments" ? "invalid_segments" : "invalid_request", message);
    }
    return accept({ ...checked.endpoint, ...(event.value ? { event: event.value } : {}) });
}
function sampleQuery(param) {
    const given = param("event");
    const event = checkEvent(given === "" ? undefined : given);
    if (!event.ok)
        return event;
    const segmentParam = param("segment");
    if (segmentParam === undefined || segmentParam === "")
        return accept({ event: event.value });
    const segment = normalizeSegment(segmentParam);
    if (typeof segment !== "string") {
        return refuse$1("invalid_segments", `segment is ${preview(segmentParam)}; expected ${segment.expected}`);
    }
    return accept({ event: event.value, segment });
}

/**
 * The webhooks' request bodies and queries, pure: a new endpoint (endpoints.ts' rules), enabling one, what a
 * replay takes back, and which deliveries a list shows. Unknown fields are ignored, as everywhere in the REST API.
 */
const STORE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STATES = ["pending", "delivered", "failed"];
/** An endpoint's or a delivery's id as the stores make it (a lowercase UUID), checked before any store reads it. */
function checkStoreId(value, name) {
    if (typeof value === "string" && STORE_ID.test(value))
        return accept(value);
    return refuse$1("invalid_request", `${name} is ${preview(value)}; expected a lowercase UUID, as the service made it`);
}
/** A new endpoint, checked by endpoints.ts' rules; a bad segment filter is `invalid_segments`. */
function parseNewEndpoint(body) {
    const checked = checkEndpoint(body);
    if (checked.ok)
        return accept(checked.endpoint);
    return refuse$1(checked.field === "segments" ? "invalid_segments" : "invalid_request", checked.message);
}
function parseEnabled(body) {
    const enabled = field(body, "enabled");
    if (typeof enabled === "boolean")
        return accept(enabled);
    return refuse$1("invalid_request", `enabled is ${preview(enabled)}; expected true or false`);
}
const REPLAY_FORMS = '{"delivery_id": …}, {"endpoint_id": …} or {"all": true}';
/** Exactly one of a delivery, an endpoint, or all: a body that names none replays nothing by accident. */
function parseReplay(body) {
    const named = ["delivery_id", "endpoint_id", "all"].filter((name) => field(body, name) !== undefined);
    if (named.length !== 1) {
        const given = named.length === 0 ? "none of them" : named.join(" and ");
        return refuse$1("invalid_request", `the body names ${given}; expected one of ${REPLAY_FORMS}`);
    }
    if (named[0] === "all") {
        if (field(body, "all") === true)
            return accept({ all: true });
        return refuse$1("invalid_request", `all is ${preview(field(body, "all"))}; expected true`);
    }
    const id = checkStoreId(field(body, named[0] ?? ""), named[0] ?? "");
    if (!id.ok)
        return id;
    return accept(named[0] === "delivery_id" ? { deliveryId: id.value } : { endpointId: id.value });
}
/** `…/webhooks/deliveries/{page}?state=failed&endpoint_id=…&per_page=…`. */
function deliveryQuery(page, param) {
    const window = pageQuery(page, param);
    if (!window.ok)
        return window;
    const query = { ...window.value };
    const state = param("state");
    if (state !== undefined && state !== "") {
        if (!STATES.includes(state)) {
            return refuse$1("invalid_request", `state is ${preview(state)}; expected "pending", "delivered" or "failed"`);
        }
        query.state = state;
    }
    const endpoint = param("endpoint_id");
    if (endpoint !== undefined && endpoint !== "") {
        const id = checkStoreId(endpoint, "endpoint_id");
        if (!id.ok)
            return id;
        query.endpointId = id.value;
    }
    return accept(query);
}

function endpointWire(endpoint) {
    return {
        endpoint_id: endpoint.endpointId,
        url: endpoint.url,
        events: endpoint.events,
        segments: endpoint.segments,
        enabled: endpoint.enabled,
        disabled_reason: endpoint.disabledReason ?? null,
        created_at: endpoint.createdAt,
    };
}
/** The answer to a creation: the one time the secret is told. */
function newEndpointWire(endpoint) {
    return { ...endpointWire(endpoint), secret: endpoint.secret };
}
function deliveryWire(delivery) {
    return {
        delivery_id: delivery.deliveryId,
        event_id: delivery.eventId,
        event: delivery.event,
        endpoint_id: delivery.endpointId,
        state: delivery.state,
        attempts: delivery.attempts,
        started_at: delivery.startedAt,
        next_attempt_at: delivery.nextAttemptAt,
        last_status: delivery.lastStatus,
        last_error: delivery.lastError,
        created_at: delivery.createdAt,
    };
}

/** Each endpoint costs a delivery per event: a bound keeps one website's changes from fanning out without end. */
const MAX_ENDPOINTS = 100;
/** The request's body through `parse`, or the refusal of either. */
async function readAs(c, parse) {
    const body = await readJsonObject(c.req.raw, MAX_WRITE_BYTES);
    return body.ok ? parse(body.value) : body;
}
/** Runs `handler` for a well-formed endpoint id in the path, or answers 400. */
const forEndpoint = (handler) => async (c) => {
    const id = checkStoreId(c.req.param("endpoint"), "the endpoint_id");
    if (!id.ok)
        return answerRefusal(c, id);
    return handler(c, c.req.param("website") ?? "", id.value);
};
/** Refuses a website that has its fill of endpoints already; undefined when there is room. */
async function refuseFull(c, store, websiteId) {
    if ((await store.listEndpoints(websiteId)).length < MAX_ENDPOINTS)
        return undefined;
    const message = `this website has ${MAX_ENDPOINTS} webhook endpoints already: delete one first`;
    return failure(c, "invalid_request", message);
}
function addWebhookRoutes(app, store, paths, guard) {
    addRoute(app, paths.webhooks, guard, {
        GET: async (c) => success(c, "resolved", (await store.listEndpoints(c.req.param("website") ?? "")).map(endpointWire)),
    });
    addRoute(app, paths.newWebhook, guard, {
        POST: async (c) => {
            const websiteId = c.req.param("website") ?? "";
            const parsed = await readAs(c, parseNewEndpoint);
            if (!parsed.ok)
                return answerRefusal(c, parsed);
            const full = await refuseFull(c, store, websiteId);
            if (full !== undefined)
                return full;
            return success(c, "added", newEndpointWire(await store.createEndpoint(websiteId, parsed.value)));
        },
    });
    addRoute(app, paths.webhook, guard, {
        GET: forEndpoint(async (c, websiteId, endpointId) => {
            const endpoint = (await store.listEndpoints(websiteId)).find((one) => one.endpointId === endpointId);
            return endpoint ? success(c, "resolved", endpointWire(endpoint)) : failure(c, "webhook_not_found", NO_ENDPOINT);
        }),
        PATCH: forEndpoint(async (c, websiteId, endpointId) => {
            const enabled = await readAs(c, parseEnabled);
            if (!enabled.ok)
                return answerRefusal(c, enabled);
            const endpoint = await store.setEndpointEnabled(websiteId, endpointId, enabled.value);
            return endpoint ? success(c, "updated", endpointWire(endpoint)) : failure(c, "webhook_not_found", NO_ENDPOINT);
        }),
        DELETE: forEndpoint((c, websiteId, endpointId) => deleteEndpoint(c, store, { websiteId, endpointId }, () => success(c, "deleted", {}))),
    });
    addDeliveryRoutes(app, store, paths, guard);
}
function addDeliveryRoutes(app, store, paths, guard) {
    addRoute(app, paths.deliveries, guard, {
        GET: async (c) => {
            const query = deliveryQuery(c.req.param("page") ?? "", (name) => c.req.query(name));
            if (!query.ok)
                return answerRefusal(c, query);
            const deliveries = await store.listDeliveries(c.req.param("website") ?? "", query.value);
            return success(c, "resolved", deliveries.map(deliveryWire));
        },
    });
    addRoute(app, paths.replay, guard, {
        POST: async (c) => {
            const websiteId = c.req.param("website") ?? "";
            const target = await readAs(c, parseReplay);
            if (!target.ok)
                return answerRefusal(c, target);
            if ("endpointId" in target.value) {
                const { endpointId } = target.value;
                const known = (await store.listEndpoints(websiteId)).some((one) => one.endpointId === endpointId);
                if (!known)
                    return failure(c, "webhook_not_found", NO_ENDPOINT);
            }
            return success(c, "replayed", { replayed: await store.replayDeliveries(websiteId, target.value) });
        },
    });
}

function addSubscriptionRoutes(app, { store }, webhooks, paths, guard, now) {
    addRoute(app, paths.subscriptions, guard, {
        POST: async (c) => {
            const websiteId = c.req.param("website") ?? "";
            const parsed = await readAs(c, parseSubscription);
            if (!parsed.ok)
                return answerRefusal(c, parsed);
            const full = await refuseFull(c, webhooks, websiteId);
            if (full !== undefined)
                return full;
            const { event, ...endpoint } = parsed.value;
            const created = await webhooks.createEndpoint(websiteId, endpoint);
            const answer = {
                id: created.endpointId,
                target_url: created.url,
                event: event ?? null,
                segments: created.segments,
            };
            return bareJson(c, answer, 201);
        },
    });
    addRoute(app, paths.subscription, guard, {
        DELETE: forEndpoint((c, websiteId, endpointId) => deleteEndpoint(c, webhooks, { websiteId, endpointId }, () => bareJson(c, { id: endpointId }))),
    });
    addRoute(app, paths.sample, guard, {
        GET: async (c) => {
            const query = sampleQuery((name) => c.req.query(name));
            if (!query.ok)
                return answerRefusal(c, query);
            return bareJson(c, await sampleEvents(store, { websiteId: c.req.param("website") ?? "", ...query.value }, now()));
        },
    });
}

function addSuggestRoutes(app, { store }, paths, guard) {
    const suggestions = [
        [paths.conversationSuggestions, "conversations"],
        [paths.peopleSuggestions, "contacts"],
    ];
    for (const [path, of] of suggestions) {
        addRoute(app, path, guard, {
            GET: async (c) => {
                const page = pageQuery(c.req.param("page") ?? "", (name) => c.req.query(name));
                if (!page.ok)
                    return answerRefusal(c, page);
                const counts = await store.suggestSegments(c.req.param("website") ?? "", of, page.value);
                return success(c, "resolved", counts.map(countWire));
            },
        });
    }
}

/** The REST API's paths, as Crisp's REST API v1 names them (plus the atomic segment edits, ours), under a base path. */
function teamPaths(basePath) {
    const website = `${basePath}/v1/website/:website`;
    return {
        meta: `${website}/conversation/:session/meta`,
        conversationSegments: `${website}/conversation/:session/segments`,
        conversations: `${website}/conversations/:page`,
        conversationSuggestions: `${website}/conversations/suggest/segments/:page`,
        newProfile: `${website}/people/profile`,
        profile: `${website}/people/profile/:people`,
        profileSegments: `${website}/people/profile/:people/segments`,
        profiles: `${website}/people/profiles/:page`,
        peopleSuggestions: `${website}/people/suggest/segments/:page`,
        batchSegments: `${website}/batch/segments`,
    };
}

/**
 * The webhooks' REST paths under a base path: endpoints (ours, in Crisp's singular/plural style), their
 * deliveries, and Zapier's REST hooks (subscribe, unsubscribe, sample), which are endpoints too.
 */
function webhookPaths(basePath) {
    const website = `${basePath}/v1/website/:website`;
    return {
        webhooks: `${website}/webhooks`,
        newWebhook: `${website}/webhook`,
        webhook: `${website}/webhook/:endpoint`,
        deliveries: `${website}/webhooks/deliveries/:page`,
        replay: `${website}/webhooks/replay`,
        subscriptions: `${website}/subscriptions`,
        subscription: `${website}/subscription/:endpoint`,
        sample: `${website}/subscriptions/sample`,
    };
}

const METHODS = [
    "listEndpoints",
    "createEndpoint",
    "setEndpointEnabled",
    "deleteEndpoint",
    "listDeliveries",
    "replayDeliveries",
];
function webhookStoreOf(store) {
    const methods = store;
    return METHODS.every((method) => typeof methods[method] === "function") ? store : undefined;
}
const NO_WEBHOOKS_MESSAGE = "this service's store keeps no webhooks: use createMemoryStore(), createSqliteStore() or createPostgresStore()";

const REST_OFF_MESSAGE = "the REST API is off: configure operator keys (the demo: SEGMENTS_OPERATOR_IDENTIFIER and SEGMENTS_OPERATOR_KEY)";
function addTeamRoutes(app, config) {
    const paths = teamPaths(config.basePath);
    const hooks = webhookPaths(config.basePath);
    const team = config.team;
    if (team === undefined) {
        for (const path of [...Object.values(paths), ...Object.values(hooks)]) {
            app.all(path, (c) => failure(c, "not_found", REST_OFF_MESSAGE));
        }
        return;
    }
    const guard = requireOperator(config, team);
    addConversationRoutes(app, team, paths, guard);
    addSuggestRoutes(app, team, paths, guard);
    addPeopleRoutes(app, team, paths, guard);
    addPeopleListRoutes(app, team, paths, guard, config.onError);
    addBatchRoutes(app, team, paths, guard);
    addRuleRoutes(app, team, config.basePath, guard);
    const webhooks = webhookStoreOf(team.store);
    if (webhooks === undefined) {
        for (const path of Object.values(hooks))
            app.all(path, guard, (c) => failure(c, "not_found", NO_WEBHOOKS_MESSAGE));
        return;
    }
    addWebhookRoutes(app, webhooks, hooks, guard);
    addSubscriptionRoutes(app, team, webhooks, hooks, guard, config.now);
}

const LIVE_HEARTBEAT_MS = 25_000;
/** A client that reads slower than the website changes is dropped past this many unsent events; it reconnects. */
const MAX_UNSENT_EVENTS = 1000;
/** The wire form of a change: Crisp's snake_case names, times in ms since the epoch. */
function liveMessage(change) {
    if (isContactChange(change)) {
        const { peopleId, segments, updatedAt, deleted } = change;
        return {
            event: "people",
            data: JSON.stringify({ people_id: peopleId, segments, updated_at: updatedAt, deleted }),
        };
    }
    const { sessionId, segments, updatedAt } = change;
    return { event: "session", data: JSON.stringify({ session_id: sessionId, segments, updated_at: updatedAt }) };
}
/** The live route of the handler: behind the REST API's operator auth, and off (404) when the REST API is. */
function addLiveRoute(app, config) {
    const path = `${config.basePath}/v1/website/:website/live`;
    const team = config.team;
    if (team === undefined)
        return void app.all(path, (c) => failure(c, "not_found", REST_OFF_MESSAGE));
    addLiveStream(app, { path, feed: team.store, guard: requireOperator(config, team) });
    app.all(path, (c) => failure(c, "method_not_allowed", "use GET", { Allow: "GET" }));
}
/** The route itself, over any feed and guard. */
function addLiveStream(app, options) {
    const heartbeatMs = options.heartbeatMs ?? LIVE_HEARTBEAT_MS;
    app.get(options.path, options.guard, async (c) => {
        const website = c.req.param("website") ?? "";
        const outbox = createOutbox();
        // Subscribed before answering: a feed that cannot listen is a 500, not a stream that stays silent.
        const stop = await options.feed.subscribeAll((change) => {
            if (change.websiteId === website)
                outbox.send(liveMessage(change));
        });
        outbox.send({ event: "ready", data: "{}" });
        return eventStream(c, async (stream) => {
            outbox.attach(stream);
            const heartbeat = setInterval(() => outbox.comment("heartbeat"), heartbeatMs);
            await untilAborted(stream);
            clearInterval(heartbeat);
            await stop();
        });
    });
}
/** streamSSE's answer, with the headers a stream through a proxy needs: never stored, never buffered. */
function eventStream(c, run) {
    const response = streamSSE(c, run);
    response.headers.set("Cache-Control", "no-store");
    response.headers.set("X-Accel-Buffering", "no");
    return response;
}
function untilAborted(stream) {
    return new Promise((resolve) => {
        stream.onAbort(resolve);
        if (stream.aborted)
            resolve();
    });
}
/**
 * Writes events one after another, in the order sent; holds those sent before the stream exists. A stream whose
 * reader lags by MAX_UNSENT_EVENTS is aborted rather than buffered without end.
 */
function createOutbox() {
    let stream;
    let held = [];
    let writing = Promise.resolve();
    let unsent = 0;
    const enqueue = (write) => {
        if (stream === undefined)
            return void held.push(write);
        if (stream.aborted)
            return;
        if (++unsent > MAX_UNSENT_EVENTS)
            return stream.abort();
        const target = stream;
        writing = writing.then(() => write(target)).then(() => void unsent--);
    };
    return {
        send: (message) => enqueue((target) => target.writeSSE(message)),
        comment: (text) => enqueue((target) => target.write(`: ${text}\n\n`)),
        attach(target) {
            stream = target;
            for (const write of held)
                enqueue(write);
            held = [];
        },
    };
}

/** Compiles a configured list: exact origins such as "https://shop.example", or "*" for any page at all. */
function compileOrigins(list) {
    if (list.includes("*"))
        return () => true;
    const origins = new Set(list.map((entry) => {
        const origin = new URL(entry).origin;
        if (origin === "null")
            throw new TypeError(`allowed origin ${JSON.stringify(entry)} has no web origin`);
        return origin;
    }));
    return (origin) => origins.has(origin);
}
/**
 * Lets the page that sent `origin` read the answer about to be made. Every answer, errors included, is readable so
 * that the SDK can tell a refusal (403, 404: stop) from a network failure (retry); an error carries no session data.
 */
function allowReading(c, origin) {
    c.header("Vary", "Origin", { append: true });
    if (origin !== undefined) {
        c.header("Access-Control-Allow-Origin", origin);
        c.header("Access-Control-Expose-Headers", "Retry-After");
    }
}
/** The answer to a preflight from an allowed origin; the SDK never needs one, other clients may. */
function preflight(c) {
    return c.body(null, 204, {
        Allow: "GET, POST, OPTIONS",
        "Access-Control-Allow-Methods": "GET, POST",
        "Access-Control-Allow-Headers": "Content-Type",
        "Access-Control-Max-Age": "86400",
    });
}

/**
 * The operators' keys, from the handler's `operators` option: checked once here, each problem a one-line TypeError
 * that names the bad value and the fix, so that authentication can trust them. A key is never printed.
 */
const MIN_KEY_LENGTH = 16;
const MAX_KEY_LENGTH = 1024;
// Basic auth splits the credentials at their first colon, so an identifier cannot hold one.
const IDENTIFIER = /^[\x21-\x39\x3b-\x7e]{1,128}$/;
function checkOperators(list, knownWebsites) {
    if (list === undefined)
        return [];
    if (!Array.isArray(list)) {
        throw new TypeError(`operators is ${preview(list)}; expected an array of { identifier, key, websites }`);
    }
    const seen = new Map();
    return list.map((entry, index) => {
        const operator = checkOperator(entry, `operators[${index}]`, knownWebsites);
        const first = seen.get(operator.identifier);
        if (first !== undefined) {
            throw new TypeError(`operators[${index}].identifier ${preview(operator.identifier)} is also operators[${first}]'s: give each operator its own`);
        }
        seen.set(operator.identifier, index);
        return operator;
    });
}
function checkOperator(entry, name, knownWebsites) {
    if (typeof entry !== "object" || entry === null) {
        throw new TypeError(`${name} is ${preview(entry)}; expected { identifier, key, websites }`);
    }
    const { identifier, key, websites } = entry;
    if (typeof identifier !== "string" || !IDENTIFIER.test(identifier)) {
        throw new TypeError(`${name}.identifier is ${preview(identifier)}; expected 1 to 128 printable ASCII characters without ":" or spaces`);
    }
    if (typeof key !== "string" || key.length < MIN_KEY_LENGTH || key.length > MAX_KEY_LENGTH) {
        const given = typeof key === "string" ? `${key.length} characters long` : `not a string (${typeof key})`;
        throw new TypeError(`${name}.key is ${given}; expected ${MIN_KEY_LENGTH} to ${MAX_KEY_LENGTH} characters, e.g. from openssl rand -hex 16`);
    }
    return { identifier, key, websites: checkWebsites(websites, `${name}.websites`, knownWebsites) };
}
function checkWebsites(value, name, knownWebsites) {
    if (value === "*")
        return "*";
    if (!Array.isArray(value) || value.some((id) => typeof id !== "string")) {
        throw new TypeError(`${name} is ${preview(value)}; expected "*" or an array of website ids`);
    }
    const unknown = value.find((id) => !knownWebsites.has(id));
    if (unknown !== undefined) {
        throw new TypeError(`${name} has ${preview(unknown)}, which is not among the handler's websites: add it there`);
    }
    return new Set(value);
}

/** Ten wrong keys from one address, then one more a minute. */
const DEFAULT_WRONG_KEY_LIMIT = { rate: 10 / 60, burst: 10 };
const TEAM_METHODS = [
    "getMeta",
    "mergeMeta",
    "createContact",
    "getContact",
    "updateContact",
    "deleteContact",
    "listConversations",
    "listContacts",
    "suggestSegments",
    "addSegments",
];
/** Undefined when no operator is configured: the REST API is then off. */
function teamConfig(operators, websites, store, wrongKeys) {
    const checked = checkOperators(operators, websites);
    if (checked.length === 0)
        return undefined;
    const missing = TEAM_METHODS.find((method) => typeof store[method] !== "function");
    if (missing !== undefined) {
        throw new TypeError(`the store has no ${missing}(): operators need a team store, e.g. createSqliteStore() or createPostgresStore()`);
    }
    return { operators: checked, store: store, wrongKeys };
}

/**
 * Token buckets keyed by a string (a session, a client address). Pure apart from the clock it is given, so that
 * tests drive time by hand.
 */
function createRateLimiter(limit, now, maxKeys = 100_000) {
    if (!(limit.rate > 0) || !(limit.burst >= 1))
        throw new RangeError("a rate limit needs rate > 0 and burst >= 1");
    const buckets = new Map();
    const tokensAt = (bucket, at) => 
    // A clock that steps back refills nothing rather than draining the bucket.
    Math.min(limit.burst, bucket.tokens + (Math.max(0, at - bucket.at) / 1000) * limit.rate);
    function prune(at) {
        // A full bucket says nothing a fresh one would not: forgetting it changes no decision.
        for (const [key, bucket] of buckets)
            if (tokensAt(bucket, at) >= limit.burst)
                buckets.delete(key);
        // Under a flood of distinct keys, forget the oldest, down to 90% so that pruning stays rare.
        for (const key of buckets.keys()) {
            if (buckets.size < maxKeys * 0.9)
                break;
            buckets.delete(key);
        }
    }
    const refusal = (tokens) => ({
        ok: false,
        retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / limit.rate)),
    });
    return {
        take(key) {
            const at = now();
            let bucket = buckets.get(key);
            if (bucket === undefined) {
                if (buckets.size >= maxKeys)
                    prune(at);
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

/** The paths of the service's routes, under an optional base path. Hono matches them; the ids stay raw strings. */
function routePaths(basePath) {
    return {
        session: `${basePath}/v1/website/:website/session/:session/segments`,
    };
}
/** Makes a configured base path canonical: "" or a leading slash and no trailing one. */
function normalizeBasePath(basePath = "") {
    const trimmed = basePath.replace(/\/+$/, "");
    if (trimmed === "")
        return "";
    return trimmed.startsWith("/") ? trimmed : `/${trimmed}`;
}

/** The handler's options, checked and normalised once here so that the routes can trust them. */
const DEFAULT_SESSION_LIMIT = { rate: 20, burst: 60 };
const DEFAULT_ADDRESS_LIMIT = { rate: 200, burst: 600 };
function normalizeOptions(options) {
    const now = options.now ?? Date.now;
    const limits = options.rateLimit ?? {};
    const maxKeys = limits.maxKeys ?? 100_000;
    const limiter = (limit, fallback) => limit === false ? undefined : createRateLimiter(limit ?? fallback, now, maxKeys);
    // A Map, so that no website id can reach Object.prototype.
    const websites = new Map();
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

/**
 * A request's URL naming a user (`GET http://user:pw@host/…`): Node's Request refuses to be built from one, so
 * the service refuses it first, as the client's mistake, with the 400 envelope.
 */
/** Whether an absolute URL carries userinfo, read from its authority without parsing the whole URL. */
function hasUserinfo(url) {
    const start = url.indexOf("//") + 2;
    const end = url.indexOf("/", start);
    const at = url.indexOf("@", start);
    return at !== -1 && (end === -1 || at < end);
}
function refuseUserinfo() {
    return failureResponse("invalid_request", "the request's URL carries a user name; send the path alone");
}

/** docs/protocol.md: a change body is at most 16 KiB. */
const MAX_CHANGE_BYTES = 16 * 1024;
function addSessionRoute(app, config, path) {
    app.use(path, async (c, next) => {
        const origin = c.req.header("Origin");
        allowReading(c, origin);
        const allows = findWebsite(config, c.req.param("website") ?? "");
        if (allows === undefined)
            return unknownWebsite(c);
        // Browsers send Origin on every cross-origin request and on same-origin POSTs; other clients may omit it.
        if (origin !== undefined && !allows(origin)) {
            return failure(c, "origin_not_allowed", `the website does not allow pages from ${preview(origin)}`);
        }
        await next();
    });
    app.options(path, preflight);
    app.on(["GET", "POST"], path, async (c) => {
        const websiteId = c.req.param("website") ?? "";
        const sessionId = c.req.param("session") ?? "";
        const refused = refuseSessionId(c, sessionId) ?? limit(c, config, `${websiteId}/${sessionId}`);
        if (refused)
            return refused;
        if (c.req.method === "GET") {
            return success(c, "resolved", sessionData(await config.store.get(websiteId, sessionId)));
        }
        return applyBody(c, MAX_CHANGE_BYTES, parseChangeBody, ({ revision, change }) => config.store.applyChange(websiteId, sessionId, revision, change));
    });
    app.all(path, (c) => failure(c, "method_not_allowed", "use GET or POST", { Allow: "GET, POST, OPTIONS" }));
}
/** The per-address limit first (the socket's address, or what the runtime's option says), then the session's. */
function limit(c, config, sessionKey) {
    const address = c.env?.clientAddress ?? config.clientAddress(c.req.raw);
    return take(c, config.addressLimiter, address) ?? take(c, config.sessionLimiter, sessionKey);
}
function take(c, limiter, key) {
    if (limiter === undefined || key === undefined)
        return undefined;
    const decision = limiter.take(key);
    if (decision.ok)
        return undefined;
    return failure(c, "rate_limited", "too many requests; retry later", {
        "Retry-After": String(decision.retryAfterSeconds),
    });
}

/**
 * The segments service as a fetch-standard handler, `(request) => Promise<Response>`: a Hono app inside, so that it
 * runs on Node (through `node-adapter.ts`), inside another Hono app, and in any runtime that speaks Request and
 * Response.
 */
const ONLY_NOSNIFF = {
    xContentTypeOptions: true,
    crossOriginResourcePolicy: false,
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    referrerPolicy: false,
    strictTransportSecurity: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xFrameOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
    removePoweredBy: false,
};
function createSegmentsHandler(options) {
    const app = createSegmentsApp(normalizeOptions(options));
    return async (request, context) => {
        if (hasUserinfo(request.url))
            return refuseUserinfo();
        return app.fetch(request, context);
    };
}
function createSegmentsApp(config) {
    const app = new Hono();
    // The answers are JSON for scripts: nosniff is the header that matters. The others of secureHeaders concern
    // pages (framing, referrers, agent clusters) or TLS, and each costs a header write on every answer.
    app.use(secureHeaders(ONLY_NOSNIFF));
    addSessionRoute(app, config, routePaths(config.basePath).session);
    addTeamRoutes(app, config);
    addLiveRoute(app, config);
    app.notFound((c) => {
        // Readable from any page, so that an SDK pointed at a wrong endpoint hears a 404 and stops, instead of seeing
        // a network error and retrying for ever. The answer holds nothing but its reason.
        allowReading(c, c.req.header("Origin") || undefined);
        return failure(c, "not_found", "no such route");
    });
    app.onError((error, c) => {
        // Whatever a visitor sends, the service answers; a failure is reported, never thrown to the runtime.
        config.onError(error);
        return failure(c, "internal_error", "the service failed; retry later");
    });
    return app;
}

/**
 * Runs a fetch-standard handler on node:http through @hono/node-server, whose Request reads the socket lazily and
 * whose Response is written without a web stream. Requests it cannot even turn into a Request (a Host with a user
 * name, a target it cannot parse) get the 400 envelope instead of its empty answer.
 */
function adapt(handler, options) {
    const clientAddress = options.clientAddress ?? ((message) => message.socket.remoteAddress);
    const onError = options.onError ?? ((error) => console.error("crisp-segments: node adapter", error));
    return {
        // Refused here too, for whatever handler is served: the demo's pages as much as the service.
        fetch: (request, env) => hasUserinfo(request.url) ? refuseUserinfo() : handler(request, { clientAddress: clientAddress(env.incoming) }),
        errorHandler: (error) => {
            // A request that is not one (bad Host, bad target) is the client's doing, not a failure to log.
            if (error instanceof RequestError) {
                return failureResponse("invalid_request", "the request's Host or target is malformed");
            }
            onError(error);
            return failureResponse("internal_error", "the service failed; retry later");
        },
    };
}
/** A `(message, out)` listener, for a node:http server you create yourself. */
function createNodeListener(handler, options = {}) {
    const { fetch, errorHandler } = adapt(handler, options);
    return getRequestListener((request, env) => fetch(request, env), {
        errorHandler,
    });
}
function serveNode(handler, options = {}) {
    const server = createServer(createNodeListener(handler, options));
    return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port ?? 8787, options.host ?? "127.0.0.1", () => {
            server.off("error", reject);
            const address = server.address();
            const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
            resolve({
                server,
                url: `http://${host}:${address.port}`,
                port: address.port,
                close: () => new Promise((done, fail) => {
                    server.close((error) => (error ? fail(error) : done()));
                    server.closeIdleConnections();
                }),
            });
        });
    });
}

/**
 * A small static file server as a fetch handler, for the demo's pages and built scripts. It serves only regular
 * files under its root: no `..`, no hidden files, no symbolic link that leads out of the root.
 */
const CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".map": "application/json; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".txt": "text/plain; charset=utf-8",
    ".ico": "image/x-icon",
};
/** Answers the requests under `prefix`; any other request resolves to undefined, for the next handler to take. */
function createStaticFiles(options) {
    const prefix = options.prefix.endsWith("/") ? options.prefix : `${options.prefix}/`;
    return async (request) => {
        const { pathname } = new URL(request.url);
        if (`${pathname}/` === prefix)
            return redirect(prefix);
        if (!pathname.startsWith(prefix))
            return undefined;
        if (request.method !== "GET" && request.method !== "HEAD") {
            return text(405, "Method not allowed", { Allow: "GET, HEAD" });
        }
        const parts = safeParts(pathname.slice(prefix.length));
        if (parts === undefined)
            return text(404, "Not found");
        const file = await resolveFile(options.root, parts);
        if (file === "directory")
            return redirect(`${pathname}/`);
        if (file === undefined)
            return text(404, "Not found");
        const body = await readFile(file);
        return new Response(request.method === "HEAD" ? null : body, {
            headers: {
                "Content-Type": CONTENT_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
                "Content-Length": String(body.byteLength),
                "X-Content-Type-Options": "nosniff",
                // The demo serves files that change while it runs; always revalidate.
                "Cache-Control": "no-cache",
            },
        });
    };
}
/** The decoded path segments, or undefined for anything that could step outside the root or reveal a dot file. */
function safeParts(path) {
    const parts = [];
    for (const raw of path.split("/")) {
        let part;
        try {
            part = decodeURIComponent(raw);
        }
        catch {
            return undefined;
        }
        if (part.startsWith(".") || /[/\\\0]/.test(part))
            return undefined;
        parts.push(part);
    }
    // A trailing slash names a folder's index page.
    if (parts[parts.length - 1] === "")
        parts[parts.length - 1] = "index.html";
    return parts.includes("") ? undefined : parts;
}
async function resolveFile(root, parts) {
    try {
        const realRoot = await realpath(root);
        const file = await realpath(join$1(realRoot, ...parts));
        if (!file.startsWith(realRoot + sep))
            return undefined;
        const info = await stat(file);
        if (info.isDirectory())
            return "directory";
        return info.isFile() ? file : undefined;
    }
    catch {
        return undefined;
    }
}
function redirect(location) {
    return new Response(null, { status: 301, headers: { Location: location } });
}
function text(status, body, headers = {}) {
    return new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8", ...headers } });
}

/**
 * The outbox's records, and the pure rules every store shares: which endpoints an event goes to, and which
 * deliveries a replay takes back. A delivery is one event for one endpoint; its attempts are made by a worker
 * (delivery-worker.ts) that claims it for a lease, so that two workers never send it at the same moment.
 */
/**
 * The event a change records and the endpoints it goes to; undefined when it records nothing (no endpoint wants
 * it, or it is no event). An endpoint wants it by its filters when the list changed, or when a rule sends it there
 * (`sendTo`, enabled endpoints only). `newId` is called only for an event that is recorded.
 */
function eventFor(change, endpoints, newId) {
    if (endpoints.length === 0 || !isEventful(change))
        return undefined;
    const changed = !sameList(change.before, change.after);
    const added = addedSegments(change.before, change.after);
    const sendTo = change.sendTo ?? [];
    const wanting = endpoints.filter((endpoint) => (changed && wantsEvent(endpoint, eventNameOf(change), added)) ||
        (endpoint.enabled && sendTo.includes(endpoint.endpointId)));
    const event = wanting.length === 0 ? undefined : segmentsEvent(change, newId());
    if (event === undefined)
        return undefined;
    return { recorded: { event, body: JSON.stringify(webhookBody(event)) }, endpoints: wanting };
}
function isReplayed(delivery, target) {
    if (delivery.state !== "failed")
        return false;
    if ("deliveryId" in target)
        return delivery.deliveryId === target.deliveryId;
    return "endpointId" in target ? delivery.endpointId === target.endpointId : true;
}

/**
 * "Deliveries may be due", told in process: the memory and SQLite stores tell it when a write records deliveries
 * or a replay takes some back, and the delivery worker wakes. Told once per task however often it is raised,
 * after the task, so never inside the writer's transaction.
 */
function createWakeSignal() {
    const listeners = new Set();
    let told = false;
    const run = () => {
        told = false;
        for (const { listener } of [...listeners]) {
            try {
                listener();
            }
            catch (error) {
                // A listener's failure is its own: reported apart, the others still hear.
                queueMicrotask(() => {
                    throw error;
                });
            }
        }
    };
    return {
        async subscribe(listener) {
            const entry = { listener };
            listeners.add(entry);
            return async () => {
                listeners.delete(entry);
            };
        },
        tell() {
            if (told)
                return;
            told = true;
            queueMicrotask(run);
        },
    };
}

/** The memory store's automations: endpoints, events and deliveries in Maps, each call atomic on one thread. */
const endpointsOf = (t, websiteId) => [...(t.endpoints.get(websiteId)?.values() ?? [])];
const endpointOf = (t, row) => t.endpoints.get(row.websiteId)?.get(row.endpointId);
function copyEndpoint(endpoint) {
    return { ...endpoint, events: endpoint.events.slice(), segments: endpoint.segments.slice() };
}
function copyDelivery(row) {
    const { websiteId: _website, claim: _claim, ...delivery } = row;
    return delivery;
}
function recorder$1(t) {
    return {
        record(change) {
            const found = eventFor(change, endpointsOf(t, change.websiteId), randomUUID);
            if (found === undefined)
                return;
            const { event } = found.recorded;
            t.events.set(event.id, found.recorded);
            const at = event.timestamp;
            for (const { endpointId } of found.endpoints) {
                const deliveryId = randomUUID();
                t.deliveries.set(deliveryId, {
                    deliveryId,
                    eventId: event.id,
                    event: event.event,
                    endpointId,
                    websiteId: change.websiteId,
                    state: "pending",
                    attempts: 0,
                    startedAt: at,
                    nextAttemptAt: at,
                    createdAt: at,
                    lastStatus: null,
                    lastError: null,
                    claim: null,
                });
            }
            t.signal.tell();
        },
    };
}
function endpointMethods(t, now) {
    return {
        listEndpoints: async (websiteId) => endpointsOf(t, websiteId).map(copyEndpoint),
        async createEndpoint(websiteId, input) {
            const endpoint = makeEndpoint(input, randomUUID(), now());
            const map = t.endpoints.get(websiteId) ?? new Map();
            t.endpoints.set(websiteId, map.set(endpoint.endpointId, endpoint));
            return copyEndpoint(endpoint);
        },
        async setEndpointEnabled(websiteId, endpointId, enabled) {
            const endpoint = t.endpoints.get(websiteId)?.get(endpointId);
            if (endpoint === undefined)
                return undefined;
            endpoint.enabled = enabled;
            delete endpoint.disabledReason;
            if (enabled)
                t.signal.tell();
            return copyEndpoint(endpoint);
        },
        async deleteEndpoint(websiteId, endpointId) {
            if (!t.endpoints.get(websiteId)?.delete(endpointId))
                return false;
            for (const [id, row] of t.deliveries) {
                if (row.websiteId === websiteId && row.endpointId === endpointId)
                    t.deliveries.delete(id);
            }
            return true;
        },
    };
}
function listMethods(t, now) {
    return {
        async listDeliveries(websiteId, query) {
            const { limit, offset } = pageWindow(query);
            const kept = (row) => row.websiteId === websiteId &&
                (query.state ?? row.state) === row.state &&
                (query.endpointId ?? row.endpointId) === row.endpointId;
            return [...t.deliveries.values()]
                .filter(kept)
                .reverse()
                .slice(offset, offset + limit)
                .map(copyDelivery);
        },
        async replayDeliveries(websiteId, target) {
            const at = now();
            let count = 0;
            for (const row of t.deliveries.values()) {
                if (row.websiteId !== websiteId || !isReplayed(row, target))
                    continue;
                Object.assign(row, { state: "pending", attempts: 0, startedAt: at, nextAttemptAt: at, claim: null });
                count++;
            }
            if (count > 0)
                t.signal.tell();
            return count;
        },
        async pruneDeliveries(before) {
            let count = 0;
            for (const [id, row] of t.deliveries) {
                if (row.state === "delivered" && row.nextAttemptAt < before && t.deliveries.delete(id))
                    count++;
            }
            const needed = new Set([...t.deliveries.values()].map((row) => row.eventId));
            for (const [id, { event }] of t.events)
                if (event.timestamp < before && !needed.has(id))
                    t.events.delete(id);
            return count;
        },
    };
}
function claimMethods(t) {
    // Stable sort: deliveries due at the same time keep the order recorded.
    const due = (at) => [...t.deliveries.values()]
        .filter((row) => row.state === "pending" && row.nextAttemptAt <= at && endpointOf(t, row)?.enabled)
        .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt);
    const claimOne = (row, claim, until) => {
        Object.assign(row, { claim, attempts: row.attempts + 1, nextAttemptAt: until });
        const { url, secret } = endpointOf(t, row);
        const { deliveryId, attempts, startedAt, eventId, websiteId, endpointId } = row;
        const body = t.events.get(eventId)?.body ?? "";
        return { deliveryId, claim, attempts, startedAt, eventId, websiteId, endpointId, url, secret, body };
    };
    return {
        async claimDeliveries({ now, limit, leaseMs, claim }) {
            return due(now)
                .slice(0, Math.max(0, limit))
                .map((row) => claimOne(row, claim, now + leaseMs));
        },
        async settleDelivery(claimed, settlement, at) {
            const row = t.deliveries.get(claimed.deliveryId);
            if (row === undefined || row.claim !== claimed.claim)
                return false;
            const nextAttemptAt = settlement.state === "pending" ? settlement.nextAttemptAt : at;
            const { state, lastStatus, lastError } = settlement;
            Object.assign(row, { state, lastStatus, lastError, nextAttemptAt, claim: null });
            const endpoint = endpointOf(t, row);
            if (settlement.disableEndpoint && endpoint)
                Object.assign(endpoint, { enabled: false, disabledReason: "gone" });
            return true;
        },
        nextDeliveryAt: async () => due(Number.POSITIVE_INFINITY)[0]?.nextAttemptAt,
    };
}
function createMemoryAutomations(now) {
    const t = { endpoints: new Map(), events: new Map(), deliveries: new Map(), signal: createWakeSignal() };
    return {
        ...recorder$1(t),
        ...endpointMethods(t, now),
        ...listMethods(t, now),
        ...claimMethods(t),
        onDeliveries: t.signal.subscribe,
    };
}

/**
 * Runs a website's rules over one thing that happened to a conversation or a contact, and answers what they do: a
 * net segment change and the webhook sends. Pure and deterministic: same rules and occurrence, same outcome, in
 * rule order. The caller applies the change (an event like any other) and queues the sends, but must not run the
 * rules again on the event that change records: the chain below has already been followed to its end.
 *
 * Chains: a rule's own change is a new event that can fire the rules after it, breadth first: every rule the
 * occurrence fires, in rule order, then every rule the first firing's change fires, and so on.
 *
 * The bound: each rule fires at most once per occurrence, so no change made by a rule fires that rule again, a
 * cycle (A adds x, B on x adds y, A on y …) stops when it comes back to a rule that has fired, and an occurrence
 * costs at most N firings and (N + 1) × N trigger checks for N rules (10,100 with MAX_RULES).
 */
function evaluateRules(rules, occurrence) {
    const list = new Set(occurrence.after);
    const builder = new ChangeBuilder();
    const events = [diff(occurrence.before, occurrence.after)];
    const fired = new Set();
    const firings = [];
    const sends = [];
    // `events` grows as rules fire; it holds at most rules.length + 1 events, since a rule fires once at most.
    for (let event = 0; event < events.length; event++) {
        const edges = events[event];
        for (let index = 0; index < rules.length; index++) {
            const rule = rules[index];
            if (fired.has(index) || !rule.enabled || !fires(rule, edges, occurrence))
                continue;
            fired.add(index);
            const firing = fire(rule, list, builder, event - 1);
            for (const endpoint of endpoints(rule))
                sends.push({ rule: rule.id, endpoint, firing: firings.length });
            firings.push(firing);
            events.push({ added: new Set(firing.added), removed: new Set(firing.removed) });
        }
    }
    return { change: builder.build(), segments: [...list], firings, sends };
}
/**
 * Email and creation belong to the occurrence alone, yet need no check of which event this is: they fire on the
 * first event or never, since a rule fires once at most and nothing a rule does changes them.
 */
function fires(rule, edges, occurrence) {
    const when = rule.when;
    switch (when.on) {
        case "segment_added":
            return inScope(when.subject, occurrence) && edges.added.has(when.segment);
        case "segment_removed":
            return inScope(when.subject, occurrence) && edges.removed.has(when.segment);
        case "email_matches":
            return inScope(when.subject, occurrence) && startsToMatch(when.pattern, occurrence);
        case "contact_created":
            return occurrence.created && occurrence.subject === "contact";
    }
}
function inScope(subject, occurrence) {
    return subject === undefined || subject === occurrence.subject;
}
function startsToMatch(pattern, { email, previousEmail }) {
    // An email that did not change cannot start to match: the common case costs no matching at all.
    if (email === undefined || email === previousEmail || !matchesEmailPattern(pattern, email))
        return false;
    return previousEmail === undefined || !matchesEmailPattern(pattern, previousEmail);
}
/** Runs a rule's segment actions on `list` in order, folding what each really changed into `builder`. */
function fire(rule, list, builder, cause) {
    // Each segment's net move during this firing, against the list before it: costs the actions' size, not the list's.
    const moves = new Map();
    const skipped = [];
    rule.then.forEach((action, index) => {
        if (action.do === "send_webhook")
            return;
        const kind = action.do === "add_segments" ? "add" : "remove";
        const segments = action.segments.filter((segment) => list.has(segment) === (kind === "remove"));
        if (!applyInPlace(list, { kind, segments }, MAX_SEGMENTS)) {
            skipped.push(index);
            return;
        }
        builder.fold({ kind, segments });
        const move = kind === "add" ? "added" : "removed";
        for (const segment of segments) {
            if (moves.has(segment))
                moves.delete(segment);
            else
                moves.set(segment, move);
        }
    });
    const added = [...moves].filter(([, move]) => move === "added").map(([segment]) => segment);
    const removed = [...moves].filter(([, move]) => move === "removed").map(([segment]) => segment);
    return { rule: rule.id, cause, added, removed, segments: [...list], skipped };
}
function endpoints(rule) {
    return rule.then.flatMap((action) => (action.do === "send_webhook" ? [action.endpoint] : []));
}
function diff(before, after) {
    const was = new Set(before);
    const is = new Set(after);
    return {
        added: new Set(after.filter((segment) => !was.has(segment))),
        removed: new Set(before.filter((segment) => !is.has(segment))),
    };
}

const NO_RULES = Object.freeze([]);
function runRules(rules, change, facts = {}) {
    // The hot path: a website without rules pays this one comparison.
    if (rules.length === 0)
        return { segments: change.after, changes: [change] };
    const outcome = evaluateRules(rules, occurrenceOf(change, facts));
    if (outcome.firings.length === 0)
        return { segments: change.after, changes: [change] };
    const sends = outcome.firings.map(() => []);
    const triggerSends = [];
    for (const send of outcome.sends) {
        const carrier = carrierOf(outcome.firings, send.firing);
        (carrier < 0 ? triggerSends : sends[carrier]).push(send.endpoint);
    }
    const changes = [withSends(change, triggerSends)];
    let before = change.after;
    outcome.firings.forEach((firing, index) => {
        if (changedList(firing)) {
            const { sendTo: _sendTo, ...base } = change;
            const made = { ...base, before, after: firing.segments, rule: firing.rule };
            changes.push(withSends(made, sends[index]));
        }
        before = firing.segments;
    });
    return { segments: outcome.segments, changes };
}
function occurrenceOf(change, facts) {
    const occurrence = {
        subject: "sessionId" in change ? "conversation" : "contact",
        before: change.before,
        after: change.after,
        created: facts.created ?? false,
    };
    if (facts.email !== undefined)
        occurrence.email = facts.email;
    if (facts.previousEmail !== undefined)
        occurrence.previousEmail = facts.previousEmail;
    return occurrence;
}
/** The firing whose event carries firing `index`'s sends: itself, or what fired it; -1 for the trigger. */
function carrierOf(firings, index) {
    let at = index;
    while (at >= 0 && !changedList(firings[at]))
        at = firings[at].cause;
    return at;
}
function changedList(firing) {
    return firing.added.length > 0 || firing.removed.length > 0;
}
function withSends(change, endpoints) {
    if (endpoints.length === 0)
        return change;
    return { ...change, sendTo: [...new Set([...(change.sendTo ?? []), ...endpoints])] };
}

/** The memory store's rules: one Map, which is its own cache. */
function createMemoryRules() {
    const lists = new Map();
    const read = (websiteId) => structuredClone([...(lists.get(websiteId) ?? [])]);
    return {
        rulesOf: (websiteId) => lists.get(websiteId) ?? NO_RULES,
        listRules: async (websiteId) => read(websiteId),
        async editRules(websiteId, edit) {
            const { result, rules } = edit(read(websiteId));
            if (rules !== undefined && rules.length === 0)
                lists.delete(websiteId);
            else if (rules !== undefined)
                lists.set(websiteId, structuredClone(rules));
            return result;
        },
    };
}

/** A session about to go from `before` to `next` at `at`: what to store and record instead. */
function sessionWrite(rules, ids, before, next, at, facts) {
    const change = {
        websiteId: ids.websiteId,
        sessionId: ids.sessionId,
        before,
        after: next.segments,
        at,
    };
    // The hot path, a website without rules: the change as the write makes it, no copy of the state or the lists.
    if (rules.length === 0)
        return { next, changes: [change] };
    const run = runRules(rules, change, facts);
    const segments = run.segments === next.segments ? next.segments : run.segments.slice();
    return { next: { segments, revision: next.revision }, changes: run.changes };
}
/** `result` answering `segments` as its list: the answer of a write whose rules changed what it stored. */
function withSegments(result, segments) {
    return result.segments === segments ? result : { ...result, segments: segments.slice() };
}
/**
 * A contact about to be stored as `next` (`previous`: as it was; absent when this creates it): the rules see its
 * segments change, its email change (email_matches) and its creation (contact_created).
 */
function contactWrite(rules, websiteId, previous, next) {
    const facts = { email: next.email, created: previous === undefined };
    if (previous !== undefined)
        facts.previousEmail = previous.email;
    const change = { websiteId, peopleId: next.peopleId, before: previous?.segments ?? [], after: next.segments };
    const run = runRules(rules, { ...change, at: next.updatedAt }, facts);
    const stored = { ...next, segments: run.segments.slice() };
    return {
        result: { reason: "updated", contact: { ...stored, segments: run.segments.slice() } },
        next: stored,
        changes: run.changes,
    };
}
/** The facts of a conversation's meta whose email went from `before`'s to `after`'s. */
function emailFacts(after, before) {
    const facts = {};
    if (after.email !== undefined)
        facts.email = after.email;
    if (before.email !== undefined)
        facts.previousEmail = before.email;
    return facts;
}

function createChangeEmitter() {
    // Wrapped, so that one function subscribed twice is two listeners, each stopped on its own.
    const listeners = new Set();
    return {
        async subscribe(listener) {
            const entry = { listener };
            listeners.add(entry);
            return async () => {
                listeners.delete(entry);
            };
        },
        emit(change) {
            for (const { listener } of [...listeners])
                tell(listener, change);
        },
    };
}
/** Each listener gets its own copy; its error is rethrown apart, so the write and the other listeners stand. */
function tell(listener, change) {
    try {
        listener({ ...change, segments: change.segments.slice() });
    }
    catch (error) {
        queueMicrotask(() => {
            throw error;
        });
    }
}
/** `subscribe` over a feed that also tells contacts' changes: its listeners hear sessions' alone, as they always have. */
function sessionsOnly(subscribeAll) {
    return (listener) => subscribeAll((change) => {
        if (!isContactChange(change))
            listener(change);
    });
}

/** The memory store's team side: metas and contacts in Maps, each kept in "least recently changed first" order. */
function inner(outer, websiteId) {
    let map = outer.get(websiteId);
    if (map === undefined)
        outer.set(websiteId, (map = new Map()));
    return map;
}
function page(rows, query) {
    const { limit, offset } = pageWindow(query);
    return rows.slice(offset, offset + limit);
}
/** The rows after the query's cursor that its filter keeps, in a list's order. */
function listed(rows, query, keep = () => true) {
    const kept = [...rows].filter(([id, row]) => isAfter({ updatedAt: row.updatedAt, id }, query.after) && matchesFilter(row.segments, query.filter));
    const order = ([a, x], [b, y]) => listOrder({ updatedAt: x.updatedAt, id: a }, { updatedAt: y.updatedAt, id: b });
    return page(kept.filter(([, row]) => keep(row)).sort(order), query);
}
const newestFirst = (map) => [...(map?.values() ?? [])].reverse();
/** Contacts' writes, each synchronous so that a batch of them is atomic. */
function memoryContacts(deps, contacts) {
    const holderOf = (websiteId, email) => {
        if (email === undefined)
            return undefined;
        for (const contact of contacts.get(websiteId)?.values() ?? []) {
            if (emailKey(contact.email) === emailKey(email))
                return contact.peopleId;
        }
        return undefined;
    };
    /** Stores `decided` once the website's rules have run on it; answers what it stored. */
    const store = (websiteId, decided) => {
        const map = inner(contacts, websiteId);
        const { result, next, changes } = contactWrite(deps.rulesOf(websiteId), websiteId, map.get(decided.peopleId), decided);
        map.delete(next.peopleId);
        map.set(next.peopleId, next);
        for (const change of changes)
            deps.record(change);
        const { peopleId, segments, updatedAt } = next;
        deps.emit({ websiteId, peopleId, segments, updatedAt, deleted: false });
        return result;
    };
    return {
        holderOf,
        create(websiteId, input) {
            const { result, next } = decideCreate(input, randomUUID(), deps.now(), holderOf(websiteId, input.email));
            return next ? store(websiteId, next) : result;
        },
        update(websiteId, peopleId, patch) {
            const current = contacts.get(websiteId)?.get(peopleId);
            if (current === undefined)
                return { reason: "not_found" };
            const { result, next } = decideUpdate(current, patch, deps.now(), holderOf(websiteId, patch.email));
            return next ? store(websiteId, next) : result;
        },
        delete(websiteId, peopleId) {
            if (!contacts.get(websiteId)?.delete(peopleId))
                return false;
            deps.emit({ websiteId, peopleId, segments: [], updatedAt: deps.now(), deleted: true });
            return true;
        },
    };
}
function createMemoryTeam(deps) {
    const metas = new Map();
    const contacts = new Map();
    const write = memoryContacts(deps, contacts);
    const meta = (websiteId, sessionId) => ({
        ...metas.get(websiteId)?.get(sessionId),
    });
    const contact = (websiteId, peopleId) => {
        const found = peopleId === undefined ? undefined : contacts.get(websiteId)?.get(peopleId);
        return found && copyContact(found);
    };
    return {
        getMeta: async (websiteId, sessionId) => meta(websiteId, sessionId),
        async mergeMeta(websiteId, sessionId, patch) {
            const previous = meta(websiteId, sessionId);
            const merged = mergeMeta(previous, patch);
            inner(metas, websiteId).set(sessionId, merged);
            deps.ensureSession(websiteId, sessionId);
            if (merged.email !== previous.email)
                deps.emailChanged(websiteId, sessionId, emailFacts(merged, previous));
            return { ...merged };
        },
        createContact: async (websiteId, input) => write.create(websiteId, input),
        getContact: async (websiteId, peopleId) => contact(websiteId, peopleId),
        updateContact: async (websiteId, peopleId, patch) => write.update(websiteId, peopleId, patch),
        deleteContact: async (websiteId, peopleId) => write.delete(websiteId, peopleId),
        contactOfConversation: async (websiteId, sessionId) => contact(websiteId, write.holderOf(websiteId, metas.get(websiteId)?.get(sessionId)?.email)),
        async listConversations(websiteId, query) {
            return listed(deps.sessions(websiteId) ?? [], query).map(([sessionId, { segments, revision, updatedAt }]) => ({
                ...{ sessionId, segments: segments.slice(), revision, updatedAt },
                meta: meta(websiteId, sessionId),
            }));
        },
        async listContacts(websiteId, query) {
            const rows = listed(contacts.get(websiteId) ?? [], query, (row) => matchesText(row, query.text));
            return rows.map(([, row]) => copyContact(row));
        },
        async suggestSegments(websiteId, of, query) {
            const rows = newestFirst(of === "contacts" ? contacts.get(websiteId) : deps.sessions(websiteId));
            return page(countSegments(rows.map((row) => row.segments)), query);
        },
        async addSegments(websiteId, target, segments) {
            const ids = "sessions" in target ? target.sessions : target.contacts;
            const add = (id) => "sessions" in target
                ? deps.edit(websiteId, id, addition(segments)).reason
                : write.update(websiteId, id, { segments: addition(segments) }).reason;
            return tally(ids, new Map([...new Set(ids)].map((id) => [id, batchBucket(add(id))])));
        },
    };
}

/** A store in a Map, for tests and throwaway services: JavaScript's single thread makes each call atomic. */
/** The sessions of every website, in Maps: any website or session id, `__proto__` included, is just a key. */
function sessionTable({ now, emit, record, rulesOf }) {
    const websites = new Map();
    const sessionsOf = (websiteId) => {
        let sessions = websites.get(websiteId);
        if (sessions === undefined)
            websites.set(websiteId, (sessions = new Map()));
        return sessions;
    };
    /** Stores `write.next` and records its changes (the write's own, then its rules'). */
    const store = (websiteId, sessionId, { next, changes }, updatedAt) => {
        const sessions = sessionsOf(websiteId);
        // Delete first so that Map order stays "least recently changed first".
        sessions.delete(sessionId);
        sessions.set(sessionId, { segments: next.segments.slice(), revision: next.revision, updatedAt });
        for (const change of changes)
            record(change);
        emit({ websiteId, sessionId, segments: next.segments, revision: next.revision, updatedAt });
    };
    const read = (websiteId, sessionId) => websites.get(websiteId)?.get(sessionId) ?? emptySession();
    return {
        websites,
        read,
        /** Writes `next` once the website's rules have run on it; answers the list stored. */
        write(websiteId, sessionId, next) {
            const before = websites.get(websiteId)?.get(sessionId)?.segments ?? [];
            const updatedAt = now();
            const written = sessionWrite(rulesOf(websiteId), { websiteId, sessionId }, before, next, updatedAt);
            store(websiteId, sessionId, written, updatedAt);
            return written.next.segments;
        },
        /** A conversation's email changed: runs the rules, and writes only if they changed or sent something. */
        emailChanged(websiteId, sessionId, facts) {
            const rules = rulesOf(websiteId);
            if (rules.length === 0)
                return;
            const current = read(websiteId, sessionId);
            const at = now();
            const written = sessionWrite(rules, { websiteId, sessionId }, current.segments, current, at, facts);
            if (written.changes.some(isEventful))
                store(websiteId, sessionId, written, at);
        },
        ensure(websiteId, sessionId) {
            const sessions = sessionsOf(websiteId);
            if (!sessions.has(sessionId))
                sessions.set(sessionId, { ...emptySession(), updatedAt: now() });
        },
        newestFirst(websiteId, limit) {
            const rows = [...(websites.get(websiteId) ?? new Map())]
                .reverse()
                .slice(0, Math.max(0, limit));
            return rows.map(([sessionId, row]) => ({ sessionId, ...row, segments: row.segments.slice() }));
        },
    };
}
function createMemoryStore(options = {}) {
    const now = options.now ?? Date.now;
    const feed = createChangeEmitter();
    const { record, ...automations } = createMemoryAutomations(now);
    const { rulesOf, ...rules } = createMemoryRules();
    const table = sessionTable({ now, emit: feed.emit, record, rulesOf });
    const { websites, read, write, newestFirst } = table;
    function edit(websiteId, sessionId, change) {
        const { result, next } = decideEdit(read(websiteId, sessionId), change);
        return next ? withSegments(result, write(websiteId, sessionId, next)) : result;
    }
    const team = createMemoryTeam({
        now,
        emit: feed.emit,
        record,
        rulesOf,
        sessions: (websiteId) => websites.get(websiteId),
        edit,
        emailChanged: table.emailChanged,
        ensureSession: table.ensure,
    });
    return {
        ...team,
        ...automations,
        ...rules,
        subscribe: sessionsOnly(feed.subscribe),
        subscribeAll: feed.subscribe,
        async get(websiteId, sessionId) {
            const { segments, revision } = read(websiteId, sessionId);
            return { segments: segments.slice(), revision };
        },
        async applyChange(websiteId, sessionId, revision, change) {
            const { result, next } = decideChange(read(websiteId, sessionId), revision, change);
            return next ? withSegments(result, write(websiteId, sessionId, next)) : result;
        },
        edit: async (websiteId, sessionId, change) => edit(websiteId, sessionId, change),
        listSessions: async (websiteId, limit) => newestFirst(websiteId, limit),
    };
}

/**
 * The PostgreSQL store's automations. A claim is one statement that picks due deliveries `FOR UPDATE SKIP
 * LOCKED` and leases them (moves their due time past the lease), so that instances sharing the database never
 * claim one delivery twice while its lease runs; workers are woken through LISTEN "<schema>.outbox".
 */
function toEndpoint$1(row) {
    const endpoint = {
        endpointId: row.endpoint_id,
        url: row.url,
        secret: row.secret,
        events: row.events,
        segments: row.segments,
        enabled: row.enabled,
        createdAt: Number(row.created_at),
    };
    if (row.disabled_reason === "gone")
        endpoint.disabledReason = "gone";
    return endpoint;
}
function toDelivery(row) {
    return {
        ...row,
        startedAt: Number(row.startedAt),
        nextAttemptAt: Number(row.nextAttemptAt),
        createdAt: Number(row.createdAt),
    };
}
const ENDPOINT = "endpoint_id, url, secret, events, segments, enabled, disabled_reason, created_at";
function endpointQueries$1({ sql, endpoints, channel }) {
    const columns = sql.unsafe(ENDPOINT);
    return {
        async list(websiteId) {
            const rows = await sql `SELECT ${columns} FROM ${endpoints} WHERE website_id = ${websiteId}
        ORDER BY created_at, endpoint_id`;
            return rows.map(toEndpoint$1);
        },
        async create(websiteId, e) {
            await sql `INSERT INTO ${endpoints} (website_id, endpoint_id, url, secret, events, segments, enabled, created_at)
        VALUES (${websiteId}, ${e.endpointId}, ${e.url}, ${e.secret}, ${e.events}::text[], ${e.segments}::text[],
          ${e.enabled}, ${e.createdAt})`;
        },
        async setEnabled(websiteId, endpointId, enabled) {
            const [row] = await sql `
        WITH changed AS (
          UPDATE ${endpoints} SET enabled = ${enabled}, disabled_reason = NULL
          WHERE website_id = ${websiteId} AND endpoint_id = ${endpointId} RETURNING ${columns}
        )
        SELECT changed.*, CASE WHEN changed.enabled THEN pg_notify(${channel}, '') END FROM changed`;
            return row && toEndpoint$1(row);
        },
        async remove(websiteId, endpointId) {
            const rows = await sql `DELETE FROM ${endpoints} WHERE website_id = ${websiteId} AND endpoint_id = ${endpointId}
        RETURNING 1`;
            return rows.length === 1;
        },
    };
}
const DELIVERY$1 = `delivery_id AS "deliveryId", event_id AS "eventId", event, endpoint_id AS "endpointId", state,
  attempts, started_at AS "startedAt", next_attempt_at AS "nextAttemptAt", last_status AS "lastStatus",
  last_error AS "lastError", created_at AS "createdAt"`;
function outboxQueries$1({ sql, deliveries, events }, now) {
    const columns = sql.unsafe(DELIVERY$1);
    const replayed = (target) => {
        if ("deliveryId" in target)
            return sql `AND delivery_id = ${target.deliveryId}`;
        return "endpointId" in target ? sql `AND endpoint_id = ${target.endpointId}` : sql ``;
    };
    return {
        async list(websiteId, query) {
            const { limit, offset } = pageWindow(query);
            const rows = await sql `SELECT ${columns} FROM ${deliveries} WHERE website_id = ${websiteId}
        ${query.state === undefined ? sql `` : sql `AND state = ${query.state}`}
        ${query.endpointId === undefined ? sql `` : sql `AND endpoint_id = ${query.endpointId}`}
        ORDER BY seq DESC LIMIT ${limit} OFFSET ${offset}`;
            return rows.map(toDelivery);
        },
        async prune(before) {
            return sql.begin(async (tx) => {
                const gone = await tx `DELETE FROM ${deliveries} WHERE state = 'delivered' AND next_attempt_at < ${before}`;
                await tx `DELETE FROM ${events} e WHERE e.created_at < ${before}
          AND NOT EXISTS (SELECT 1 FROM ${deliveries} d WHERE d.event_id = e.event_id)`;
                return gone.count;
            });
        },
        async replay(websiteId, target) {
            const at = now();
            const rows = await sql `UPDATE ${deliveries} SET state = 'pending', attempts = 0, started_at = ${at},
          next_attempt_at = ${at}, claim = NULL
        WHERE website_id = ${websiteId} AND state = 'failed' ${replayed(target)} RETURNING 1`;
            return rows.length;
        },
    };
}
function claimQueries$1({ sql, endpoints, events, deliveries }) {
    return {
        async claim(request) {
            const { now, limit, leaseMs, claim } = request;
            const rows = await sql `
        WITH due AS (
          SELECT d.seq, d.next_attempt_at AS due_at FROM ${deliveries} d
          JOIN ${endpoints} e ON e.website_id = d.website_id AND e.endpoint_id = d.endpoint_id AND e.enabled
          WHERE d.state = 'pending' AND d.next_attempt_at <= ${now}
          ORDER BY d.next_attempt_at, d.seq LIMIT ${Math.max(0, Math.floor(limit))}
          FOR UPDATE OF d SKIP LOCKED
        )
        UPDATE ${deliveries} d SET claim = ${claim}, attempts = d.attempts + 1, next_attempt_at = ${now + leaseMs}
        FROM due, ${endpoints} e, ${events} ev
        WHERE d.seq = due.seq AND e.website_id = d.website_id AND e.endpoint_id = d.endpoint_id
          AND ev.event_id = d.event_id
        RETURNING due.due_at, due.seq, d.delivery_id AS "deliveryId", d.claim, d.attempts, d.started_at AS "startedAt",
          d.event_id AS "eventId", d.website_id AS "websiteId", d.endpoint_id AS "endpointId", e.url, e.secret, ev.body`;
            // RETURNING keeps no order: sorted again as picked, oldest due first.
            rows.sort((a, b) => Number(a.due_at) - Number(b.due_at) || Number(a.seq) - Number(b.seq));
            return rows.map(({ due_at: _due, seq: _seq, ...row }) => ({ ...row, startedAt: Number(row.startedAt) }));
        },
        async settle(...[claimed, settlement, now]) {
            const next = settlement.state === "pending" ? settlement.nextAttemptAt : now;
            const { state, lastStatus, lastError } = settlement;
            const gone = settlement.disableEndpoint;
            const rows = await sql `
        WITH settled AS (
          UPDATE ${deliveries} SET state = ${state}, last_status = ${lastStatus}, last_error = ${lastError},
            next_attempt_at = ${next}, claim = NULL
          WHERE delivery_id = ${claimed.deliveryId} AND claim = ${claimed.claim}
          RETURNING website_id, endpoint_id
        ), disabled AS (
          UPDATE ${endpoints} e SET enabled = false, disabled_reason = 'gone' FROM settled
          WHERE ${gone} AND e.website_id = settled.website_id AND e.endpoint_id = settled.endpoint_id
        )
        SELECT 1 FROM settled`;
            return rows.length === 1;
        },
        async next() {
            const [row] = await sql `SELECT min(d.next_attempt_at) AS at FROM ${deliveries} d
        JOIN ${endpoints} e ON e.website_id = d.website_id AND e.endpoint_id = d.endpoint_id AND e.enabled
        WHERE d.state = 'pending'`;
            return row?.at == null ? undefined : Number(row.at);
        },
    };
}
function createPostgresAutomations(sql, schema, now) {
    const tables = {
        sql,
        endpoints: sql(`${schema}.webhook_endpoints`),
        events: sql(`${schema}.events`),
        deliveries: sql(`${schema}.webhook_deliveries`),
        channel: `${schema}.outbox`,
    };
    const endpoints = endpointQueries$1(tables);
    const outbox = outboxQueries$1(tables, now);
    const claims = claimQueries$1(tables);
    return {
        listEndpoints: endpoints.list,
        async createEndpoint(websiteId, input) {
            const endpoint = makeEndpoint(input, randomUUID(), now());
            await endpoints.create(websiteId, endpoint);
            return endpoint;
        },
        setEndpointEnabled: endpoints.setEnabled,
        deleteEndpoint: endpoints.remove,
        listDeliveries: outbox.list,
        replayDeliveries: outbox.replay,
        claimDeliveries: claims.claim,
        settleDelivery: claims.settle,
        pruneDeliveries: outbox.prune,
        nextDeliveryAt: claims.next,
        async onDeliveries(listener) {
            const { unlisten } = await sql.listen(tables.channel, () => listener());
            return unlisten;
        },
    };
}

/** Run in order, with the store's schema first on the search path. Append only: never edit a shipped step. */
const MIGRATIONS$2 = [
    // Deliveries go with their endpoint (ON DELETE CASCADE); the partial indexes find the due ones among
    // the pending, and the delivered ones old enough to prune; events go once no delivery needs them.
    // The trigger on deliveries tells every instance's worker (LISTEN "<schema>.outbox") when deliveries are
    // recorded or replayed; NOTIFY sends once per transaction whatever the number of rows.
    () => `CREATE TABLE webhook_endpoints (
     website_id text NOT NULL,
     endpoint_id text NOT NULL,
     url text NOT NULL,
     secret text NOT NULL,
     events text[] NOT NULL,
     segments text[] NOT NULL,
     enabled boolean NOT NULL,
     disabled_reason text,
     created_at bigint NOT NULL,
     PRIMARY KEY (website_id, endpoint_id)
   );
   CREATE TABLE events (
     event_id text PRIMARY KEY,
     website_id text NOT NULL,
     name text NOT NULL,
     body text NOT NULL,
     created_at bigint NOT NULL
   );
   CREATE TABLE webhook_deliveries (
     seq bigserial PRIMARY KEY,
     delivery_id text NOT NULL UNIQUE,
     website_id text NOT NULL,
     endpoint_id text NOT NULL,
     event_id text NOT NULL REFERENCES events,
     event text NOT NULL,
     state text NOT NULL,
     attempts integer NOT NULL,
     started_at bigint NOT NULL,
     next_attempt_at bigint NOT NULL,
     last_status integer,
     last_error text,
     claim text,
     created_at bigint NOT NULL,
     FOREIGN KEY (website_id, endpoint_id) REFERENCES webhook_endpoints ON DELETE CASCADE
   );
   CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
   CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (website_id, endpoint_id, seq);
   CREATE INDEX webhook_deliveries_by_website ON webhook_deliveries (website_id, seq);
   CREATE INDEX webhook_deliveries_by_event ON webhook_deliveries (event_id);
   CREATE INDEX webhook_deliveries_delivered ON webhook_deliveries (next_attempt_at) WHERE state = 'delivered';
   CREATE INDEX events_by_time ON events (created_at);
   CREATE FUNCTION webhook_deliveries_due() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     PERFORM pg_notify(TG_TABLE_SCHEMA || '.outbox', '');
     RETURN NULL;
   END $$;
   CREATE TRIGGER webhook_deliveries_due AFTER INSERT OR UPDATE ON webhook_deliveries
     FOR EACH ROW WHEN (NEW.state = 'pending' AND NEW.attempts = 0) EXECUTE FUNCTION webhook_deliveries_due();`,
    recording,
    rules,
    // The event's id in the webhook body too, as the memory and SQLite stores write it.
    (schema) => recordRulesEvent(`"${schema}"`, "CREATE OR REPLACE", BODY_WITH_ID),
    recordingWhenWanted,
];
/** The webhook body as the first steps wrote it: Crisp's envelope, without the event's id. */
const BODY_WITHOUT_ID = "json_build_object('website_id', website, 'event', name, 'data', data, 'timestamp', at)::text";
/** The body since step 4: the event's id besides (events.ts' webhookBody). */
const BODY_WITH_ID = "json_build_object('website_id', website, 'event', name, 'id', event_id, 'data', data, 'timestamp', at)::text";
/**
 * The function every write records its events through (see `rules`), its webhook body given: a shipped step keeps
 * the body it shipped with, and a later step replaces the function with another.
 */
function recordRulesEvent(s, create, body) {
    return `
   ${create} FUNCTION ${s}.record_rules_event(website text, name text, id_key text, id text, old_list text[],
     new_list text[], at bigint, rule text, send_to text[]) RETURNS void LANGUAGE plpgsql AS $$
   DECLARE
     event_id text;
     changed boolean := old_list IS DISTINCT FROM new_list;
     added text[];
     removed text[];
     wanting text[];
     data json;
   BEGIN
     IF NOT EXISTS (SELECT 1 FROM ${s}.webhook_endpoints e WHERE e.website_id = website AND e.enabled) THEN
       RETURN;
     END IF;
     added := ARRAY(SELECT x FROM unnest(new_list) WITH ORDINALITY AS u(x, i) WHERE x <> ALL(old_list) ORDER BY i);
     SELECT array_agg(e.endpoint_id ORDER BY e.created_at, e.endpoint_id) INTO wanting FROM ${s}.webhook_endpoints e
     WHERE e.website_id = website AND e.enabled AND ((changed
       AND (cardinality(e.events) = 0 OR name = ANY(e.events))
       AND (cardinality(e.segments) = 0 OR e.segments && added)) OR e.endpoint_id = ANY(send_to));
     IF wanting IS NULL THEN
       RETURN;
     END IF;
     removed := ARRAY(SELECT x FROM unnest(old_list) WITH ORDINALITY AS u(x, i) WHERE x <> ALL(new_list) ORDER BY i);
     data := CASE WHEN id_key = 'session_id'
       THEN json_build_object('website_id', website, 'session_id', id, 'inbox_id', NULL, 'segments', new_list,
         'added', added, 'removed', removed)
       ELSE json_build_object('website_id', website, 'people_id', id, 'segments', new_list, 'added', added,
         'removed', removed) END;
     IF rule IS NOT NULL THEN
       data := (left(data::text, -1) || ', "rule_id" : ' || to_json(rule)::text || '}')::json;
     END IF;
     event_id := gen_random_uuid()::text;
     INSERT INTO ${s}.events (event_id, website_id, name, body, created_at) VALUES (event_id, website, name,
       ${body}, at);
     INSERT INTO ${s}.webhook_deliveries (delivery_id, website_id, endpoint_id, event_id, event, state, attempts,
       started_at, next_attempt_at, created_at)
     SELECT gen_random_uuid()::text, website, w.endpoint_id, event_id, name, 'pending', 0, at, at, at
     FROM unnest(wanting) WITH ORDINALITY AS w(endpoint_id, i) ORDER BY w.i;
   END $$;
`.slice(1);
}
/**
 * Rules: a row per website that has any (an empty list deletes it); a trigger tells every instance (LISTEN
 * "<schema>.rules") to reload its copy, whoever changed them. A write on a website with rules records its changes
 * itself (its own, then each rule firing's, marked with the rule and sent where the rules say), through
 * `record_rules_event`, after turning the triggers' recording off for its transaction (the setting
 * `crisp_segments.rules_record`): one implementation of what an event is, the triggers' now a call of it.
 */
function rules(schema) {
    const s = `"${schema}"`;
    return `
   CREATE TABLE ${s}.rule_lists (
     website_id text PRIMARY KEY,
     rules jsonb NOT NULL,
     updated_at bigint NOT NULL
   );
   CREATE FUNCTION ${s}.rule_lists_changed() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     PERFORM pg_notify(TG_TABLE_SCHEMA || '.rules', '');
     RETURN NULL;
   END $$;
   CREATE TRIGGER rule_lists_changed AFTER INSERT OR UPDATE OR DELETE ON ${s}.rule_lists
     FOR EACH STATEMENT EXECUTE FUNCTION ${s}.rule_lists_changed();
${recordRulesEvent(s, "CREATE", BODY_WITHOUT_ID)}   CREATE OR REPLACE FUNCTION ${s}.record_segments_event(website text, name text, id_key text, id text,
     old_list text[], new_list text[], at bigint) RETURNS void LANGUAGE plpgsql AS $$
   BEGIN
     IF current_setting('crisp_segments.rules_record', true) = 'on' THEN
       RETURN;
     END IF;
     PERFORM ${s}.record_rules_event(website, name, id_key, id, old_list, new_list, at, NULL, '{}');
   END $$;`;
}
/**
 * The recorder: triggers on sessions and contacts record a changed list's event and one delivery per endpoint
 * that wants it, in the transaction of the write, whichever statement made it; the client's statements stay as
 * they were (one round trip for an SDK change). They follow events.ts (the data, `added` in the new list's
 * order, `removed` in the old's; nothing for a list left as it was) and endpoints.ts' `wantsEvent`. Function
 * bodies name the schema, since they run with the caller's search path.
 */
function recording(schema) {
    const s = `"${schema}"`;
    return `
   CREATE FUNCTION ${s}.record_segments_event(website text, name text, id_key text, id text, old_list text[],
     new_list text[], at bigint) RETURNS void LANGUAGE plpgsql AS $$
   DECLARE
     event_id text;
     added text[];
     removed text[];
     wanting text[];
     data json;
   BEGIN
     -- The common case, a website without webhooks, costs this one indexed read.
     IF NOT EXISTS (SELECT 1 FROM ${s}.webhook_endpoints e WHERE e.website_id = website AND e.enabled) THEN
       RETURN;
     END IF;
     added := ARRAY(SELECT x FROM unnest(new_list) WITH ORDINALITY AS u(x, i) WHERE x <> ALL(old_list) ORDER BY i);
     SELECT array_agg(e.endpoint_id ORDER BY e.created_at, e.endpoint_id) INTO wanting FROM ${s}.webhook_endpoints e
     WHERE e.website_id = website AND e.enabled AND (cardinality(e.events) = 0 OR name = ANY(e.events))
       AND (cardinality(e.segments) = 0 OR e.segments && added);
     IF wanting IS NULL THEN
       RETURN;
     END IF;
     removed := ARRAY(SELECT x FROM unnest(old_list) WITH ORDINALITY AS u(x, i) WHERE x <> ALL(new_list) ORDER BY i);
     data := CASE WHEN id_key = 'session_id'
       THEN json_build_object('website_id', website, 'session_id', id, 'inbox_id', NULL, 'segments', new_list,
         'added', added, 'removed', removed)
       ELSE json_build_object('website_id', website, 'people_id', id, 'segments', new_list, 'added', added,
         'removed', removed) END;
     event_id := gen_random_uuid()::text;
     INSERT INTO ${s}.events (event_id, website_id, name, body, created_at) VALUES (event_id, website, name,
       json_build_object('website_id', website, 'event', name, 'data', data, 'timestamp', at)::text, at);
     INSERT INTO ${s}.webhook_deliveries (delivery_id, website_id, endpoint_id, event_id, event, state, attempts,
       started_at, next_attempt_at, created_at)
     SELECT gen_random_uuid()::text, website, w.endpoint_id, event_id, name, 'pending', 0, at, at, at
     FROM unnest(wanting) WITH ORDINALITY AS w(endpoint_id, i) ORDER BY w.i;
   END $$;
   CREATE FUNCTION ${s}.session_segments_changed() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     PERFORM ${s}.record_segments_event(NEW.website_id, 'session:set_segments', 'session_id', NEW.session_id,
       CASE WHEN TG_OP = 'UPDATE' THEN OLD.segments ELSE '{}' END, NEW.segments, NEW.updated_at);
     RETURN NULL;
   END $$;
   CREATE FUNCTION ${s}.contact_segments_changed() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     PERFORM ${s}.record_segments_event(NEW.website_id, 'people:set_segments', 'people_id', NEW.people_id,
       CASE WHEN TG_OP = 'UPDATE' THEN OLD.segments ELSE '{}' END, NEW.segments, NEW.updated_at);
     RETURN NULL;
   END $$;
   CREATE TRIGGER sessions_segments_inserted AFTER INSERT ON ${s}.sessions
     FOR EACH ROW WHEN (cardinality(NEW.segments) > 0) EXECUTE FUNCTION ${s}.session_segments_changed();
   CREATE TRIGGER sessions_segments_updated AFTER UPDATE OF segments ON ${s}.sessions
     FOR EACH ROW WHEN (OLD.segments IS DISTINCT FROM NEW.segments) EXECUTE FUNCTION ${s}.session_segments_changed();
   CREATE TRIGGER contacts_segments_inserted AFTER INSERT ON ${s}.contacts
     FOR EACH ROW WHEN (cardinality(NEW.segments) > 0) EXECUTE FUNCTION ${s}.contact_segments_changed();
   CREATE TRIGGER contacts_segments_updated AFTER UPDATE OF segments ON ${s}.contacts
     FOR EACH ROW WHEN (OLD.segments IS DISTINCT FROM NEW.segments) EXECUTE FUNCTION ${s}.contact_segments_changed();`;
}
/**
 * The triggers ask first whether the website has an enabled endpoint, which `record_rules_event` asks too before
 * anything else: the common write, on a website without webhooks, then costs that one indexed read and not the two
 * nested calls it takes to reach it (about a sixth of a session write's time in the database, measured serially).
 */
function recordingWhenWanted(schema) {
    const s = `"${schema}"`;
    const changed = (name, event, key, id) => `
   CREATE OR REPLACE FUNCTION ${s}.${name}() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF EXISTS (SELECT 1 FROM ${s}.webhook_endpoints e WHERE e.website_id = NEW.website_id AND e.enabled) THEN
       PERFORM ${s}.record_segments_event(NEW.website_id, '${event}', '${key}', NEW.${id},
         CASE WHEN TG_OP = 'UPDATE' THEN OLD.segments ELSE '{}' END, NEW.segments, NEW.updated_at);
     END IF;
     RETURN NULL;
   END $$;`;
    return (changed("session_segments_changed", "session:set_segments", "session_id", "session_id") +
        changed("contact_segments_changed", "people:set_segments", "people_id", "people_id"));
}
async function migrateAutomations$1(sql, schema) {
    await sql.begin(async (tx) => {
        await tx `SELECT pg_advisory_xact_lock(hashtext(${`crisp-segments:${schema}:automations`}))`;
        await tx.unsafe(`CREATE TABLE IF NOT EXISTS "${schema}".automations_migrations (step integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
        const [row] = await tx `
      SELECT coalesce(max(step), 0) AS done FROM ${tx(schema)}.automations_migrations`;
        const done = row?.done ?? 0;
        if (done > MIGRATIONS$2.length) {
            throw new Error(`schema "${schema}" has automations at version ${done}; this code knows up to ${MIGRATIONS$2.length}`);
        }
        for (let step = done; step < MIGRATIONS$2.length; step++) {
            await tx.unsafe(`SET LOCAL search_path TO "${schema}"; ${MIGRATIONS$2[step]?.(schema) ?? ""}`);
            await tx `INSERT INTO ${tx(schema)}.automations_migrations (step) VALUES (${step + 1})`;
        }
    });
}

function postgresRuleRecorder(sql, schema) {
    const recordEvent = sql(`${schema}.record_rules_event`);
    return {
        async takeOver() {
            await sql `SELECT set_config('crisp_segments.rules_record', 'on', true)`;
        },
        async record(changes) {
            for (const change of changes) {
                if (!isEventful(change))
                    continue;
                const [key, id] = "sessionId" in change ? ["session_id", change.sessionId] : ["people_id", change.peopleId];
                await sql `SELECT ${recordEvent}(${change.websiteId}, ${eventNameOf(change)}, ${key}, ${id},
          ${change.before}::text[], ${change.after}::text[], ${change.at},
          ${change.rule ?? null}, ${(change.sendTo ?? [])}::text[])`;
            }
        },
    };
}

async function createPostgresRules(sql, schema, onError) {
    const table = sql(`${schema}.rule_lists`);
    let lists = new Map();
    // Loads may finish out of order: only one issued after the list in hand replaces it.
    let issued = 0;
    let applied = 0;
    const reload = async () => {
        const ticket = ++issued;
        const rows = await sql `SELECT website_id, rules FROM ${table}`;
        if (ticket < applied)
            return;
        applied = ticket;
        lists = new Map(rows.map((row) => [row.website_id, row.rules]));
    };
    const reloadSoon = () => void reload().catch(onError);
    await sql.listen(`${schema}.rules`, reloadSoon, reloadSoon);
    await reload();
    return {
        rulesOf: (websiteId) => lists.get(websiteId) ?? NO_RULES,
        async listRules(websiteId) {
            const [row] = await sql `SELECT rules FROM ${table} WHERE website_id = ${websiteId}`;
            return row?.rules ?? [];
        },
        async editRules(websiteId, edit) {
            let answer;
            await sql.begin(async (tx) => {
                await tx `SELECT pg_advisory_xact_lock(hashtext(${`crisp-segments:${schema}:rules:${websiteId}`}))`;
                const [row] = await tx `SELECT rules FROM ${table} WHERE website_id = ${websiteId}`;
                const { result, rules } = edit(row?.rules ?? []);
                if (rules !== undefined && rules.length === 0)
                    await tx `DELETE FROM ${table} WHERE website_id = ${websiteId}`;
                else if (rules !== undefined) {
                    await tx `INSERT INTO ${table} (website_id, rules, updated_at)
            VALUES (${websiteId}, ${tx.json(rules)}, ${Date.now()})
            ON CONFLICT (website_id) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at`;
                }
                answer = { result };
            });
            await reload();
            return answer.result;
        },
    };
}

const MAX_PAYLOAD_BYTES = 7_999;
function encodeNotice(change) {
    const { websiteId: w, updatedAt: u, segments: g } = change;
    const fields = isContactChange(change)
        ? { w, p: change.peopleId, u, d: change.deleted }
        : { w, s: change.sessionId, r: change.revision, u };
    const full = JSON.stringify({ ...fields, g });
    return Buffer.byteLength(full) <= MAX_PAYLOAD_BYTES ? full : JSON.stringify(fields);
}
/** Throws on a payload that is not one of ours: the channel is the store's own, so that is a bug to hear of. */
function decodeNotice(payload) {
    const { w, s, r, u, g, p, d } = JSON.parse(payload);
    const segmentsOk = g === undefined || (Array.isArray(g) && g.every((x) => typeof x === "string"));
    const sessionOk = typeof s === "string" && typeof r === "number";
    const contactOk = typeof p === "string" && typeof d === "boolean";
    if (typeof w !== "string" || typeof u !== "number" || !segmentsOk || !(sessionOk || contactOk)) {
        throw new Error(`segments change feed: malformed notice ${payload.slice(0, 200)}`);
    }
    const notice = contactOk
        ? { websiteId: w, peopleId: p, updatedAt: u, deleted: d }
        : { websiteId: w, sessionId: s, revision: r, updatedAt: u };
    if (g !== undefined)
        notice.segments = g;
    return notice;
}

function createPostgresFeed(sql, channel, queries, onError) {
    const emitter = createChangeEmitter();
    let listening;
    let queue = Promise.resolve();
    const completeSession = async (notice) => {
        const row = await queries.read(notice.websiteId, notice.sessionId);
        if (row === undefined)
            throw new Error(`segments change feed: session ${notice.sessionId} is gone`);
        return { ...notice, segments: row.segments, revision: Number(row.revision), updatedAt: Number(row.updated_at) };
    };
    // A contact deleted before its notice was read back is skipped: its deletion's notice follows, and ids are
    // never reused, so listeners still end on what is stored.
    const completeContact = async (notice) => {
        const contact = await queries.contact(notice.websiteId, notice.peopleId);
        return contact && { ...notice, segments: contact.segments, updatedAt: contact.updatedAt };
    };
    const complete = async (notice) => {
        if (notice.segments !== undefined)
            return { ...notice, segments: notice.segments };
        return "peopleId" in notice ? completeContact(notice) : completeSession(notice);
    };
    const hear = (payload) => {
        queue = queue.then(() => complete(decodeNotice(payload))).then((change) => change && emitter.emit(change), onError);
    };
    return {
        async subscribeAll(listener) {
            listening ??= sql.listen(channel, hear).catch((error) => {
                listening = undefined;
                throw error;
            });
            await listening;
            return emitter.subscribe(listener);
        },
    };
}

function sessionQueries(sql, schema, channel) {
    const [sessions, marks] = [sql(`${schema}.sessions`), sql(`${schema}.session_marks`)];
    // The revision rule, in SQL too: an SDK change only raises the revision, an edit never moves it.
    const rules = {
        raise: () => sql `stored.revision < excluded.revision`,
        keep: () => sql `stored.revision = excluded.revision`,
    };
    return {
        async read(websiteId, sessionId) {
            const [row] = await sql `
        SELECT segments, revision, version, updated_at FROM ${sessions}
        WHERE website_id = ${websiteId} AND session_id = ${sessionId}`;
            return row;
        },
        async write(change, seen, rule) {
            const { websiteId, sessionId, segments, revision, updatedAt } = change;
            const written = await sql `
        WITH written AS (
          INSERT INTO ${sessions} AS stored (website_id, session_id, segments, revision, version, updated_at)
          VALUES (${websiteId}, ${sessionId}, ${segments}::text[], ${revision}, 1, ${updatedAt})
          ON CONFLICT (website_id, session_id) DO UPDATE
          SET segments = excluded.segments, revision = excluded.revision, version = stored.version + 1,
              updated_at = excluded.updated_at
          WHERE stored.version = ${seen} AND ${rules[rule]()}
          RETURNING 1
        ), marked AS (
          INSERT INTO ${marks} (website_id, session_id) SELECT ${websiteId}, ${sessionId} FROM written
        )
        SELECT pg_notify(${channel}, ${encodeNotice(change)}) FROM written`;
            return written.length === 1;
        },
        async recent(websiteId, limit) {
            const rows = await sql `
        SELECT session_id, segments, revision, updated_at FROM ${sessions}
        WHERE website_id = ${websiteId} ORDER BY updated_at DESC, session_id LIMIT ${Math.max(0, Math.floor(limit))}`;
            return rows.map((row) => ({
                sessionId: row.session_id,
                segments: row.segments,
                revision: Number(row.revision),
                updatedAt: Number(row.updated_at),
            }));
        },
        async lock(websiteId, sessionIds) {
            await sql `SELECT 1 FROM ${sessions} WHERE website_id = ${websiteId} AND session_id = ANY(${sessionIds}::text[])
        ORDER BY session_id COLLATE "C" FOR UPDATE`;
        },
    };
}

/** The setting by which a connection's session writes mark their sessions in the statement, not by trigger. */
const STATEMENT_MARKS = "crisp_segments.statement_marks";
/** Schema steps, run in order inside the store's schema. Append only: never edit a shipped step. */
const POSTGRES_MIGRATIONS = [
    // `version` counts writes to a row: a write names the version it decided on, so a racing write is retried.
    // The GIN index serves "sessions carrying segment X" (`segments @> ARRAY[...]`); the B-tree, "newest first".
    `CREATE TABLE sessions (
     website_id text NOT NULL,
     session_id text NOT NULL,
     segments text[] NOT NULL,
     revision bigint NOT NULL,
     version bigint NOT NULL,
     updated_at bigint NOT NULL,
     PRIMARY KEY (website_id, session_id)
   );
   CREATE INDEX sessions_by_update ON sessions (website_id, updated_at DESC, session_id);
   CREATE INDEX sessions_by_segment ON sessions USING gin (segments);`,
    // The team's side. Emails and search text are keyed in JavaScript (lower-cased) so that every store compares
    // them alike; the GIN index serves contacts' segment filters as sessions_by_segment serves conversations'.
    // Larger statistics keep rare segments among the most common elements: at the default, a segment on 1 row in
    // 10,000 was estimated at 1,000 rows and the planner walked the newest-first index instead (54 ms at 200,000).
    `CREATE TABLE conversation_metas (
     website_id text NOT NULL,
     session_id text NOT NULL,
     meta jsonb NOT NULL,
     email_key text,
     PRIMARY KEY (website_id, session_id)
   );
   CREATE INDEX conversation_metas_by_email ON conversation_metas (website_id, email_key);
   CREATE TABLE contacts (
     website_id text NOT NULL,
     people_id text NOT NULL,
     email text NOT NULL,
     email_key text NOT NULL,
     nickname text NOT NULL,
     search_key text NOT NULL,
     segments text[] NOT NULL,
     created_at bigint NOT NULL,
     updated_at bigint NOT NULL,
     PRIMARY KEY (website_id, people_id)
   );
   CREATE UNIQUE INDEX contacts_by_email ON contacts (website_id, email_key);
   CREATE INDEX contacts_by_update ON contacts (website_id, updated_at DESC, people_id);
   CREATE INDEX contacts_by_segment ON contacts USING gin (segments);
   ALTER TABLE sessions ALTER COLUMN segments SET STATISTICS 1000;
   ALTER TABLE contacts ALTER COLUMN segments SET STATISTICS 1000;`,
    // Suggestions read segment_counts through its index, a page at a time. A write does not touch a count (every
    // write carrying "lead" would queue on that one row): its trigger appends the moves, and they are folded into
    // the counts before each read and every few seconds (postgres-segment-counts.ts). Conversations given only a
    // meta get a session row (no segments, revision 0), so that the list walks one index.
    `INSERT INTO sessions (website_id, session_id, segments, revision, version, updated_at)
   SELECT website_id, session_id, '{}', 0, 0, (extract(epoch FROM now()) * 1000)::bigint FROM conversation_metas
   ON CONFLICT DO NOTHING;
   CREATE TABLE segment_counts (
     website_id text NOT NULL, kind text NOT NULL, segment text NOT NULL, count bigint NOT NULL,
     PRIMARY KEY (website_id, kind, segment)
   );
   CREATE INDEX segment_counts_by_count ON segment_counts (website_id, kind, count DESC, segment COLLATE "C");
   CREATE TABLE segment_count_moves (website_id text NOT NULL, kind text NOT NULL, segment text NOT NULL, move integer NOT NULL);
   INSERT INTO segment_counts SELECT website_id, 'conversations', segment, count(*)
     FROM sessions, unnest(segments) AS segment GROUP BY website_id, segment;
   INSERT INTO segment_counts SELECT website_id, 'contacts', segment, count(*)
     FROM contacts, unnest(segments) AS segment GROUP BY website_id, segment;
   CREATE FUNCTION segment_counts_moved() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
   BEGIN
     IF TG_OP = 'INSERT' THEN
       INSERT INTO segment_count_moves SELECT NEW.website_id, TG_ARGV[0], s, 1 FROM unnest(NEW.segments) AS s;
     ELSIF TG_OP = 'DELETE' THEN
       INSERT INTO segment_count_moves SELECT OLD.website_id, TG_ARGV[0], s, -1 FROM unnest(OLD.segments) AS s;
     ELSE
       INSERT INTO segment_count_moves
       SELECT OLD.website_id, TG_ARGV[0], s, -1 FROM unnest(OLD.segments) AS s WHERE NOT s = ANY (NEW.segments)
       UNION ALL
       SELECT NEW.website_id, TG_ARGV[0], s, 1 FROM unnest(NEW.segments) AS s WHERE NOT s = ANY (OLD.segments);
     END IF;
     RETURN NULL;
   END $$;
   CREATE TRIGGER sessions_counted_inserted AFTER INSERT ON sessions
     FOR EACH ROW WHEN (cardinality(NEW.segments) > 0) EXECUTE FUNCTION segment_counts_moved('conversations');
   CREATE TRIGGER sessions_counted_updated AFTER UPDATE OF segments ON sessions
     FOR EACH ROW WHEN (OLD.segments IS DISTINCT FROM NEW.segments) EXECUTE FUNCTION segment_counts_moved('conversations');
   CREATE TRIGGER sessions_counted_deleted AFTER DELETE ON sessions
     FOR EACH ROW WHEN (cardinality(OLD.segments) > 0) EXECUTE FUNCTION segment_counts_moved('conversations');
   CREATE TRIGGER contacts_counted_inserted AFTER INSERT ON contacts
     FOR EACH ROW WHEN (cardinality(NEW.segments) > 0) EXECUTE FUNCTION segment_counts_moved('contacts');
   CREATE TRIGGER contacts_counted_updated AFTER UPDATE OF segments ON contacts
     FOR EACH ROW WHEN (OLD.segments IS DISTINCT FROM NEW.segments) EXECUTE FUNCTION segment_counts_moved('contacts');
   CREATE TRIGGER contacts_counted_deleted AFTER DELETE ON contacts
     FOR EACH ROW WHEN (cardinality(OLD.segments) > 0) EXECUTE FUNCTION segment_counts_moved('contacts');`,
    // Filtered lists walk each segment's entries in list order: one row per (segment, row) carrying the row's
    // updated_at, indexed (website, segment, newest first, id), so that a page of one segment is a range of that
    // index, not a sort of all its rows. A row's entries share its updated_at, so "does x carry segment y" is one
    // probe of the same index. Sessions are the hot write path: a write only leaves a mark (by trigger) and the
    // entries of marked sessions are rebuilt a moment later and before any filtered read (postgres-segment-index.ts),
    // once however often a session was written in between. Contacts, written rarely, keep their entries by trigger.
    `CREATE TABLE session_segments (
     website_id text NOT NULL, segment text NOT NULL, updated_at bigint NOT NULL, session_id text NOT NULL
   );
   INSERT INTO session_segments SELECT DISTINCT website_id, segment, updated_at, session_id
     FROM sessions, unnest(segments) AS segment;
   CREATE INDEX session_segments_in_order ON session_segments (website_id, segment, updated_at DESC, session_id);
   CREATE INDEX session_segments_by_session ON session_segments (website_id, session_id);
   CREATE TABLE session_marks (website_id text NOT NULL, session_id text NOT NULL);
   CREATE FUNCTION session_marked() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
   BEGIN
     IF TG_OP = 'DELETE' THEN
       INSERT INTO session_marks VALUES (OLD.website_id, OLD.session_id);
     ELSE
       INSERT INTO session_marks VALUES (NEW.website_id, NEW.session_id);
     END IF;
     RETURN NULL;
   END $$;
   CREATE TRIGGER sessions_marked_inserted AFTER INSERT ON sessions
     FOR EACH ROW WHEN (cardinality(NEW.segments) > 0) EXECUTE FUNCTION session_marked();
   CREATE TRIGGER sessions_marked_updated AFTER UPDATE OF segments, updated_at ON sessions
     FOR EACH ROW WHEN ((OLD.segments IS DISTINCT FROM NEW.segments OR OLD.updated_at IS DISTINCT FROM NEW.updated_at)
       AND (cardinality(OLD.segments) > 0 OR cardinality(NEW.segments) > 0)) EXECUTE FUNCTION session_marked();
   CREATE TRIGGER sessions_marked_deleted AFTER DELETE ON sessions
     FOR EACH ROW WHEN (cardinality(OLD.segments) > 0) EXECUTE FUNCTION session_marked();
   -- One fold at a time (the advisory lock), each statement after the lock seeing the folds before it. A mark
   -- taken is one committed before this statement's snapshot, whose session is then read as of that snapshot
   -- or later; a write committed meanwhile leaves a mark of its own for the next fold.
   CREATE FUNCTION index_marked_sessions() RETURNS void LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
   BEGIN
     IF NOT EXISTS (SELECT 1 FROM session_marks) THEN RETURN; END IF;
     PERFORM pg_advisory_xact_lock(hashtext('crisp-segments:' || current_schema() || ':index'));
     WITH marked AS (DELETE FROM session_marks RETURNING website_id, session_id),
     keys AS (SELECT DISTINCT website_id, session_id FROM marked),
     gone AS (DELETE FROM session_segments x USING keys k
       WHERE x.website_id = k.website_id AND x.session_id = k.session_id)
     INSERT INTO session_segments (website_id, segment, updated_at, session_id)
     SELECT DISTINCT s.website_id, segment, s.updated_at, s.session_id
     FROM keys k JOIN sessions s ON s.website_id = k.website_id AND s.session_id = k.session_id,
       unnest(s.segments) AS segment;
   END $$;
   CREATE TABLE contact_segments (
     website_id text NOT NULL, segment text NOT NULL, updated_at bigint NOT NULL, people_id text NOT NULL
   );
   INSERT INTO contact_segments SELECT DISTINCT website_id, segment, updated_at, people_id
     FROM contacts, unnest(segments) AS segment;
   CREATE INDEX contact_segments_in_order ON contact_segments (website_id, segment, updated_at DESC, people_id);
   CREATE FUNCTION contact_segments_moved() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
   BEGIN
     IF TG_OP <> 'INSERT' THEN
       DELETE FROM contact_segments WHERE website_id = OLD.website_id AND segment = ANY (OLD.segments)
         AND updated_at = OLD.updated_at AND people_id = OLD.people_id;
     END IF;
     IF TG_OP <> 'DELETE' THEN
       INSERT INTO contact_segments SELECT DISTINCT NEW.website_id, segment, NEW.updated_at, NEW.people_id
         FROM unnest(NEW.segments) AS segment;
     END IF;
     RETURN NULL;
   END $$;
   CREATE TRIGGER contacts_listed_inserted AFTER INSERT ON contacts
     FOR EACH ROW WHEN (cardinality(NEW.segments) > 0) EXECUTE FUNCTION contact_segments_moved();
   CREATE TRIGGER contacts_listed_updated AFTER UPDATE OF segments, updated_at ON contacts
     FOR EACH ROW WHEN (OLD.segments IS DISTINCT FROM NEW.segments OR OLD.updated_at IS DISTINCT FROM NEW.updated_at)
     EXECUTE FUNCTION contact_segments_moved();
   CREATE TRIGGER contacts_listed_deleted AFTER DELETE ON contacts
     FOR EACH ROW WHEN (cardinality(OLD.segments) > 0) EXECUTE FUNCTION contact_segments_moved();`,
    // The conversations' counts move with their entries: the rebuild, which deletes a marked session's entries and
    // inserts its new ones, adds their difference to segment_counts, so that a session's write appends its mark and
    // no moves (the moves trigger cost a fifth of a write's time in the database). The counts are made again from the
    // entries, which they then stay equal to, while no fold of either runs (the two advisory locks); the moves left
    // by writes before the triggers went are dropped, and those writes' marks bring them into the counts.
    // The store's own write statement appends its mark (a third of what the trigger cost), on connections that
    // say so (crisp_segments.statement_marks); the trigger still marks every other writer's rows, an instance of the
    // version before among them. A store step that writes sessions must mark them itself.
    `SELECT pg_advisory_xact_lock(hashtext('crisp-segments:' || current_schema() || ':index'));
   SELECT pg_advisory_xact_lock(hashtext('crisp-segments:' || current_schema() || ':counts'));
   DROP TRIGGER sessions_counted_inserted ON sessions;
   DROP TRIGGER sessions_counted_updated ON sessions;
   DROP TRIGGER sessions_counted_deleted ON sessions;
   DROP TRIGGER sessions_marked_inserted ON sessions;
   DROP TRIGGER sessions_marked_updated ON sessions;
   CREATE TRIGGER sessions_marked_inserted AFTER INSERT ON sessions
     FOR EACH ROW WHEN (cardinality(NEW.segments) > 0
       AND current_setting('${STATEMENT_MARKS}', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION session_marked();
   CREATE TRIGGER sessions_marked_updated AFTER UPDATE OF segments, updated_at ON sessions
     FOR EACH ROW WHEN ((OLD.segments IS DISTINCT FROM NEW.segments OR OLD.updated_at IS DISTINCT FROM NEW.updated_at)
       AND (cardinality(OLD.segments) > 0 OR cardinality(NEW.segments) > 0)
       AND current_setting('${STATEMENT_MARKS}', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION session_marked();
   DELETE FROM segment_count_moves WHERE kind = 'conversations';
   DELETE FROM segment_counts WHERE kind = 'conversations';
   INSERT INTO segment_counts SELECT website_id, 'conversations', segment, count(*)
     FROM session_segments GROUP BY website_id, segment;
   -- The counts' rows are taken in one order (segment_counts' key), and only folds of the same kind, serialised by
   -- the advisory lock, move conversations' counts: two folds never deadlock. A count down to 0 is deleted.
   CREATE OR REPLACE FUNCTION index_marked_sessions() RETURNS void LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
   DECLARE
     emptied_websites text[];
     emptied_segments text[];
   BEGIN
     IF NOT EXISTS (SELECT 1 FROM session_marks) THEN RETURN; END IF;
     PERFORM pg_advisory_xact_lock(hashtext('crisp-segments:' || current_schema() || ':index'));
     WITH marked AS (DELETE FROM session_marks RETURNING website_id, session_id),
     keys AS (SELECT DISTINCT website_id, session_id FROM marked),
     gone AS (DELETE FROM session_segments x USING keys k
       WHERE x.website_id = k.website_id AND x.session_id = k.session_id RETURNING x.website_id, x.segment),
     made AS (INSERT INTO session_segments (website_id, segment, updated_at, session_id)
       SELECT DISTINCT s.website_id, segment, s.updated_at, s.session_id
       FROM keys k JOIN sessions s ON s.website_id = k.website_id AND s.session_id = k.session_id,
         unnest(s.segments) AS segment
       RETURNING website_id, segment),
     moved AS (SELECT website_id, segment, sum(move) AS move
       FROM (SELECT website_id, segment, -1 AS move FROM gone UNION ALL SELECT website_id, segment, 1 FROM made) m
       GROUP BY website_id, segment HAVING sum(move) <> 0),
     counted AS (INSERT INTO segment_counts AS c (website_id, kind, segment, count)
       SELECT website_id, 'conversations', segment, move FROM moved ORDER BY website_id, segment
       ON CONFLICT (website_id, kind, segment) DO UPDATE SET count = c.count + excluded.count
       RETURNING c.website_id, c.segment, c.count)
     SELECT array_agg(website_id), array_agg(segment) INTO emptied_websites, emptied_segments
     FROM counted WHERE count <= 0;
     IF emptied_websites IS NOT NULL THEN
       DELETE FROM segment_counts WHERE kind = 'conversations' AND (website_id, segment) IN
         (SELECT * FROM unnest(emptied_websites, emptied_segments)) AND count <= 0;
     END IF;
   END $$;`,
];
const POSTGRES_SCHEMA_VERSION = POSTGRES_MIGRATIONS.length;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,47}$/;
/** The schema name, checked: it is written into statements and channel names, never bound as a parameter. */
function checkSchemaName(schema) {
    if (!SCHEMA_NAME.test(schema)) {
        throw new Error(`schema "${schema}" is not 1 to 48 lower-case letters, digits or _ (starting with no digit)`);
    }
    return schema;
}
/**
 * Brings `schema` to the current version in one transaction. The advisory lock makes instances that start at
 * once take turns: the second finds the work done. `migrations` logs each run by the version it reached.
 */
async function migrate$1(sql, schema) {
    await sql.begin(async (tx) => {
        await tx `SELECT pg_advisory_xact_lock(hashtext(${`crisp-segments:${schema}`}))`;
        await tx.unsafe(`CREATE SCHEMA IF NOT EXISTS "${schema}";
       CREATE TABLE IF NOT EXISTS "${schema}".migrations (step integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
        const [row] = await tx `SELECT coalesce(max(step), 0) AS done FROM ${tx(schema)}.migrations`;
        const done = row?.done ?? 0;
        if (done > POSTGRES_SCHEMA_VERSION) {
            throw new Error(`schema "${schema}" is at version ${done}; this code knows up to ${POSTGRES_SCHEMA_VERSION}`);
        }
        if (done === POSTGRES_SCHEMA_VERSION)
            return;
        for (let step = done; step < POSTGRES_SCHEMA_VERSION; step++) {
            await tx.unsafe(`SET LOCAL search_path TO "${schema}"; ${POSTGRES_MIGRATIONS[step] ?? ""}`);
        }
        await tx `INSERT INTO ${tx(schema)}.migrations (step) VALUES (${POSTGRES_SCHEMA_VERSION})`;
    });
}

const FOLD_EVERY_MS$1 = 5_000;
function postgresSegmentCounts(sql, schema, indexSessions, onError) {
    const [counts, moves] = [sql(`${schema}.segment_counts`), sql(`${schema}.segment_count_moves`)];
    const fold = () => sql.begin(async (tx) => {
        await tx `SELECT pg_advisory_xact_lock(hashtext(${`crisp-segments:${schema}:counts`}))`;
        const moved = await tx `
        WITH moved AS (DELETE FROM ${moves} RETURNING website_id, kind, segment, move)
        INSERT INTO ${counts} AS c (website_id, kind, segment, count)
        SELECT website_id, kind, segment, sum(move) FROM moved GROUP BY website_id, kind, segment
        ON CONFLICT (website_id, kind, segment) DO UPDATE SET count = c.count + excluded.count
        RETURNING c.website_id, c.kind, c.segment, c.count`;
        const gone = moved.filter((row) => Number(row.count) <= 0);
        if (gone.length === 0)
            return;
        await tx `DELETE FROM ${counts} WHERE (website_id, kind, segment) IN (SELECT * FROM unnest(
        ${gone.map((row) => row.website_id)}::text[], ${gone.map((row) => row.kind)}::text[],
        ${gone.map((row) => row.segment)}::text[]))`;
    });
    const timer = setInterval(() => fold().catch(onError), FOLD_EVERY_MS$1);
    timer.unref();
    return {
        async suggest(websiteId, of, page) {
            await (of === "conversations" ? indexSessions() : fold());
            const { limit, offset } = pageWindow(page);
            const rows = await sql `
        SELECT segment, count FROM ${counts} WHERE website_id = ${websiteId} AND kind = ${of} AND count > 0
        ORDER BY count DESC, segment COLLATE "C" LIMIT ${limit} OFFSET ${offset}`;
            return rows.map(({ segment, count }) => ({ segment, count: Number(count) }));
        },
        stop: () => clearInterval(timer),
    };
}

const FOLD_EVERY_MS = 5_000;
function postgresSegmentIndex(sql, schema, onError) {
    const catchUp = async () => {
        await sql.unsafe(`SELECT "${schema}".index_marked_sessions()`);
    };
    const timer = setInterval(() => catchUp().catch(onError), FOLD_EVERY_MS);
    timer.unref();
    return { catchUp, stop: () => clearInterval(timer) };
}

function toContact$1(row) {
    const { people_id, email, nickname, segments, created_at, updated_at } = row;
    return {
        peopleId: people_id,
        email,
        nickname,
        segments,
        createdAt: Number(created_at),
        updatedAt: Number(updated_at),
    };
}
const CONTACT_COLUMNS = "people_id, email, nickname, segments, created_at, updated_at";
function metaQueries$1({ sql, metas, contacts, sessions }) {
    return {
        /** Locked until the transaction ends when `lock` (inside one). */
        async meta(websiteId, sessionId, lock = false) {
            const [row] = await sql `
        SELECT meta FROM ${metas} WHERE website_id = ${websiteId} AND session_id = ${sessionId}
        ${lock ? sql `FOR UPDATE` : sql ``}`;
            return row?.meta ?? {};
        },
        /**
         * team-rules' mergeMeta in one statement (jsonb `||` merges top-level fields), so that racing merges both land.
         * A conversation given a meta before any segment gets a session row too, so that the list shows it: no
         * segments, revision 0 and version 0, which is how a session never written reads and is written over.
         */
        async mergeMeta(websiteId, sessionId, patch, at) {
            const email = patch.email === undefined ? null : emailKey(patch.email);
            const [row] = await sql `
        WITH merged AS (
          INSERT INTO ${metas} AS stored (website_id, session_id, meta, email_key)
          VALUES (${websiteId}, ${sessionId}, ${sql.json(knownMeta(patch))}, ${email})
          ON CONFLICT (website_id, session_id) DO UPDATE
          SET meta = stored.meta || excluded.meta, email_key = coalesce(excluded.email_key, stored.email_key)
          RETURNING meta
        ), listed AS (
          INSERT INTO ${sessions} (website_id, session_id, segments, revision, version, updated_at)
          VALUES (${websiteId}, ${sessionId}, '{}', 0, 0, ${at}) ON CONFLICT DO NOTHING
        )
        SELECT meta FROM merged`;
            return row?.meta ?? {};
        },
        /** Locked until the transaction ends when `lock` (inside one). */
        async owner(websiteId, sessionId) {
            const [row] = await sql `
        SELECT c.people_id, c.email, c.nickname, c.segments, c.created_at, c.updated_at
        FROM ${metas} m JOIN ${contacts} c ON c.website_id = m.website_id AND c.email_key = m.email_key
        WHERE m.website_id = ${websiteId} AND m.session_id = ${sessionId}`;
            return row && toContact$1(row);
        },
    };
}
function contactQueries$1({ sql, contacts, channel }) {
    const contactColumns = sql.unsafe(CONTACT_COLUMNS);
    return {
        async contact(websiteId, peopleId, lock = false) {
            const [row] = await sql `
        SELECT ${contactColumns} FROM ${contacts} WHERE website_id = ${websiteId} AND people_id = ${peopleId}
        ${lock ? sql `FOR UPDATE` : sql ``}`;
            return row && toContact$1(row);
        },
        async lockContacts(websiteId, peopleIds) {
            await sql `SELECT 1 FROM ${contacts} WHERE website_id = ${websiteId} AND people_id = ANY(${peopleIds}::text[])
        ORDER BY people_id COLLATE "C" FOR UPDATE`;
        },
        async holder(websiteId, email) {
            if (email === undefined)
                return undefined;
            const [row] = await sql `
        SELECT people_id FROM ${contacts} WHERE website_id = ${websiteId} AND email_key = ${emailKey(email)}`;
            return row?.people_id;
        },
        async putContact(websiteId, c) {
            await sql `
        INSERT INTO ${contacts} (website_id, people_id, email, email_key, nickname, search_key, segments,
          created_at, updated_at)
        VALUES (${websiteId}, ${c.peopleId}, ${c.email}, ${emailKey(c.email)}, ${c.nickname}, ${searchKey(c)},
          ${c.segments}::text[], ${c.createdAt}, ${c.updatedAt})
        ON CONFLICT (website_id, people_id) DO UPDATE SET email = excluded.email, email_key = excluded.email_key,
          nickname = excluded.nickname, search_key = excluded.search_key, segments = excluded.segments,
          updated_at = excluded.updated_at`;
        },
        async deleteContact(websiteId, peopleId) {
            const rows = await sql `
        DELETE FROM ${contacts} WHERE website_id = ${websiteId} AND people_id = ${peopleId} RETURNING 1`;
            return rows.length === 1;
        },
        /** Told when the transaction commits, in commit order. */
        async notify(change) {
            await sql `SELECT pg_notify(${channel}, ${encodeNotice(change)})`;
        },
    };
}
/**
 * A page's LIMIT, written into the statement (an integer from pageWindow, one of at most MAX_PER_PAGE), and its
 * OFFSET, bound. postgres.js prepares each statement by name, and after 5 runs PostgreSQL may plan it once for all
 * values: a LIMIT unknown there is taken for a tenth of the rows, and the page's rows were then joined by reading
 * the whole table (a hash join) rather than by key. An OFFSET written in would make a statement per page number.
 */
function pageLimit(sql, { limit, offset }) {
    return sql `LIMIT ${sql.unsafe(String(limit))} OFFSET ${offset}`;
}
/**
 * The keys of a page of rows carrying segments, in list order, walked through the side table's index in that order
 * (website, segment, updated_at DESC, id): "all of" walks its rarest segment's entries (by segment_counts) and
 * probes each listed segment's entry by its whole key (a row's entries share its updated_at, and are distinct); "any
 * of" merges each segment's walk (see `any`). Rows skipped by an offset cost an entry each.
 */
function segmentWalks$1(sql, table, counts, id) {
    const key = sql(id);
    const after = ({ cursor }) => {
        const { before, after } = cursorBounds(cursor);
        return sql `x.updated_at <= ${before} AND (x.updated_at < ${before} OR x.${key} > ${after})`;
    };
    const page = (window) => sql `ORDER BY updated_at DESC, id ${pageLimit(sql, window)}`;
    // Whether row x carries all of `segments`: a probe of each one's entry by its whole key. A subquery's boolean is
    // taken to hold for half the rows; `(SELECT count(*) ...) = n` was taken for 1 in 200, and planned without the
    // values (a generic plan), the walk then looked so short that the segment's entries were all probed and sorted.
    const carriesAll = (websiteId, segments) => sql `(SELECT count(*) = ${segments.length}
    FROM ${table} y WHERE y.website_id = ${websiteId} AND y.segment = ANY(${segments}::text[])
      AND y.updated_at = x.updated_at AND y.${key} = x.${key})`;
    const all = (websiteId, kind, segments, window, check) => sql `
    SELECT x.${key} AS id, x.updated_at FROM ${table} x
    WHERE x.website_id = ${websiteId} AND x.segment = (SELECT s FROM unnest(${segments}::text[]) AS s
        ORDER BY coalesce((SELECT c.count FROM ${counts} c
          WHERE c.website_id = ${websiteId} AND c.kind = ${kind} AND c.segment = s), 0), s LIMIT 1)
      AND ${after(window)} ${check}
      ${segments.length === 1 ? sql `` : sql `AND ${carriesAll(websiteId, segments)}`}
    ${page(window)}`;
    // Each segment's walk stops at the page's end (no segment gives the page more rows than offset + limit); the walks
    // are merged in list order (a Merge Append), and a row met in several, with the same key in each, is kept once by
    // DISTINCT (a Unique over the merge). No walk probes the other segments: a probe `(SELECT count(*) ...) = 0`,
    // taken for 1 in 200 rows, made each walk look a few rows long, and each segment's entries were probed and sorted.
    const any = (websiteId, segments, window, check) => {
        const walks = segments
            .map((segment) => sql `(SELECT x.${key} AS id, x.updated_at FROM ${table} x
          WHERE x.website_id = ${websiteId} AND x.segment = ${segment} AND ${after(window)} ${check}
          ORDER BY x.updated_at DESC, x.${key} LIMIT ${window.offset + window.limit})`)
            .reduce((union, walk) => sql `${union} UNION ALL ${walk}`);
        return sql `SELECT DISTINCT id, updated_at FROM (${walks}) AS merged ${page(window)}`;
    };
    return (websiteId, kind, filter, window, check = sql ``) => {
        const segments = filterSegments$1(filter) ?? [];
        return filter.match === "any"
            ? any(websiteId, segments, window, check)
            : all(websiteId, kind, segments, window, check);
    };
}
/**
 * Whether a list with this filter walks the segments' ordered entries (session_segments, contact_segments): any
 * filter of segments does ("all of" and "any of"); a list without one walks the rows' newest-first index.
 */
function walksSegmentEntries(filter) {
    return filterSegments$1(filter) !== undefined;
}
/**
 * A page is found first, on keys alone (an index-only walk of the newest-first index, or of the segments' ordered
 * entries for a filter), and only its rows are then read whole and joined.
 */
function listQueries$1({ sql, sessions, metas, contacts, sessionSegments, contactSegments, counts }) {
    // The rows after the cursor, as a range of the newest-first index plus a check of its ties.
    const newest = (table, id, websiteId, window, check = sql ``) => {
        const { before, after } = cursorBounds(window.cursor);
        return sql `SELECT ${sql(id)} AS id, updated_at FROM ${table}
      WHERE website_id = ${websiteId} AND updated_at <= ${before} AND (updated_at < ${before} OR ${sql(id)} > ${after})
      ${check} ORDER BY updated_at DESC, ${sql(id)} ${pageLimit(sql, window)}`;
    };
    const sessionWalk = segmentWalks$1(sql, sessionSegments, counts, "session_id");
    const contactWalk = segmentWalks$1(sql, contactSegments, counts, "people_id");
    const contactColumns = sql.unsafe("c.people_id, c.email, c.nickname, c.segments, c.created_at, c.updated_at");
    const windowOf = (query) => ({ cursor: query.after, ...pageWindow(query) });
    return {
        async conversations(websiteId, query) {
            const window = windowOf(query);
            const keys = walksSegmentEntries(query.filter)
                ? sessionWalk(websiteId, "conversations", query.filter, window)
                : newest(sessions, "session_id", websiteId, window);
            const rows = await sql `
        SELECT s.session_id, s.segments, s.revision, s.updated_at, m.meta
        FROM (${keys}) AS p
        JOIN ${sessions} s ON s.website_id = ${websiteId} AND s.session_id = p.id
        LEFT JOIN ${metas} m ON m.website_id = ${websiteId} AND m.session_id = p.id
        ORDER BY p.updated_at DESC, p.id`;
            return rows.map((row) => ({
                sessionId: row.session_id,
                segments: row.segments,
                revision: Number(row.revision),
                updatedAt: Number(row.updated_at),
                meta: row.meta ?? {},
            }));
        },
        async contacts(websiteId, query) {
            const window = windowOf(query);
            const text = (query.text ?? "").toLowerCase();
            const keys = !walksSegmentEntries(query.filter)
                ? newest(contacts, "people_id", websiteId, window, text === "" ? sql `` : sql `AND strpos(search_key, ${text}) > 0`)
                : contactWalk(websiteId, "contacts", query.filter, window, text === ""
                    ? sql ``
                    : // A scalar subquery, so that each contact walked is read by key (an EXISTS may become a join of all).
                        sql `AND (SELECT strpos(t.search_key, ${text}) FROM ${contacts} t
                    WHERE t.website_id = ${websiteId} AND t.people_id = x.people_id) > 0`);
            const rows = await sql `
        SELECT ${contactColumns}
        FROM (${keys}) AS p
        JOIN ${contacts} c ON c.website_id = ${websiteId} AND c.people_id = p.id
        ORDER BY p.updated_at DESC, p.id`;
            return rows.map(toContact$1);
        },
    };
}
function teamQueries$1(sql, schema, channel) {
    const tables = {
        sql,
        sessions: sql(`${schema}.sessions`),
        metas: sql(`${schema}.conversation_metas`),
        contacts: sql(`${schema}.contacts`),
        sessionSegments: sql(`${schema}.session_segments`),
        contactSegments: sql(`${schema}.contact_segments`),
        counts: sql(`${schema}.segment_counts`),
        channel,
    };
    return { ...metaQueries$1(tables), ...contactQueries$1(tables), ...listQueries$1(tables) };
}

/**
 * The PostgreSQL store's team side. A contact write, or a batch, is one transaction that locks the rows it
 * decides on; the feed's notices go out with its commit. A write that lost a race (an email taken meanwhile, a
 * session created meanwhile) is decided again on what won.
 */
// A unique email taken meanwhile, and a deadlock (which PostgreSQL breaks by failing one side) are lost races.
const RETRIED_CODES = new Set(["23505", "40P01"]);
const MAX_ATTEMPTS = 5;
/** Thrown inside a transaction to roll it back and run it again: another writer came first. */
class LostRace extends Error {
}
function isLostRace(error) {
    return error instanceof LostRace || RETRIED_CODES.has(String(error?.code));
}
function stateOf(row) {
    return row ? { segments: row.segments, revision: Number(row.revision) } : emptySession();
}
/** Rows written in one order by every batch, the order `lock` takes them in, so that two batches never deadlock. */
function inLockOrder(ids) {
    return [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
function txRules(tx, schema, rulesOf) {
    const seen = new Map();
    const recorder = postgresRuleRecorder(tx, schema);
    let tookOver = false;
    return {
        recorder,
        async of(websiteId) {
            const rules = seen.get(websiteId) ?? rulesOf(websiteId);
            seen.set(websiteId, rules);
            if (rules.length > 0 && !tookOver) {
                await recorder.takeOver();
                tookOver = true;
            }
            return rules;
        },
    };
}
/** Stores `decided` once the website's rules have run on it (`previous`: absent when created); answers it. */
async function storeContact(tx, websiteId, decided, previous) {
    const rules = await tx.rules.of(websiteId);
    const { result, next, changes } = contactWrite(rules, websiteId, previous, decided);
    await tx.team.putContact(websiteId, next);
    if (rules.length > 0)
        await tx.rules.recorder.record(changes);
    const { peopleId, segments, updatedAt } = next;
    await tx.team.notify({ websiteId, peopleId, segments, updatedAt, deleted: false });
    return result;
}
async function createContact(tx, websiteId, input) {
    const holder = await tx.team.holder(websiteId, input.email);
    const { result, next } = decideCreate(input, randomUUID(), tx.now(), holder);
    return next ? storeContact(tx, websiteId, next) : result;
}
async function updateContact(tx, websiteId, peopleId, patch) {
    const current = await tx.team.contact(websiteId, peopleId, true);
    if (current === undefined)
        return { reason: "not_found" };
    const { result, next } = decideUpdate(current, patch, tx.now(), await tx.team.holder(websiteId, patch.email));
    return next ? storeContact(tx, websiteId, next, current) : result;
}
/** Writes a session inside a transaction, with its rules' run; throws LostRace when another writer came first. */
async function writeSession(tx, ids, row, next, facts) {
    const rules = await tx.rules.of(ids.websiteId);
    const current = stateOf(row);
    const at = tx.now();
    const written = sessionWrite(rules, ids, current.segments, next, at, facts);
    if (facts !== undefined && !written.changes.some(isEventful))
        return;
    const change = { ...ids, ...written.next, updatedAt: at };
    if (!(await tx.sessions.write(change, row?.version ?? "0", "keep")))
        throw new LostRace();
    if (rules.length > 0)
        await tx.rules.recorder.record(written.changes);
}
/** Adds to a session inside a batch; its row, when it has one, is locked already. */
async function addToSession(tx, websiteId, sessionId, segments) {
    const row = await tx.sessions.read(websiteId, sessionId);
    const { result, next } = decideEdit(stateOf(row), addition(segments));
    if (next !== undefined)
        await writeSession(tx, { websiteId, sessionId }, row, next);
    return result.reason;
}
/**
 * A meta merge that changes the email, on a website with rules: the merge, then the rules' run on the
 * conversation, in one transaction; the meta row is locked first so that the email it had is the one replaced.
 */
async function mergeMetaWithRules(tx, websiteId, sessionId, patch) {
    const previous = await tx.team.meta(websiteId, sessionId, true);
    const merged = await tx.team.mergeMeta(websiteId, sessionId, patch, tx.now());
    if (merged.email === previous.email)
        return merged;
    const row = await tx.sessions.read(websiteId, sessionId);
    await writeSession(tx, { websiteId, sessionId }, row, stateOf(row), emailFacts(merged, previous));
    return merged;
}
async function addSegments(tx, websiteId, target, segments) {
    const given = "sessions" in target ? target.sessions : target.contacts;
    const ids = inLockOrder(given);
    if ("sessions" in target)
        await tx.sessions.lock(websiteId, ids);
    else
        await tx.team.lockContacts(websiteId, ids);
    const buckets = new Map();
    for (const id of ids) {
        const reason = "sessions" in target
            ? await addToSession(tx, websiteId, id, segments)
            : (await updateContact(tx, websiteId, id, { segments: addition(segments) })).reason;
        buckets.set(id, batchBucket(reason));
    }
    return tally(given, buckets);
}
function createPostgresTeam(sql, schema, channel, { now, rulesOf, indexSessions }) {
    const reads = teamQueries$1(sql, schema, channel);
    async function transact(work) {
        for (let attempt = 1;; attempt++) {
            try {
                return (await sql.begin((tx) => work({
                    team: teamQueries$1(tx, schema, channel),
                    sessions: sessionQueries(tx, schema, channel),
                    now,
                    rules: txRules(tx, schema, rulesOf),
                })));
            }
            catch (error) {
                if (!isLostRace(error) || attempt === MAX_ATTEMPTS)
                    throw error;
            }
        }
    }
    return {
        getMeta: reads.meta,
        mergeMeta: (websiteId, sessionId, patch) => patch.email === undefined || rulesOf(websiteId).length === 0
            ? reads.mergeMeta(websiteId, sessionId, patch, now())
            : transact((tx) => mergeMetaWithRules(tx, websiteId, sessionId, patch)),
        createContact: (websiteId, input) => transact((tx) => createContact(tx, websiteId, input)),
        getContact: (websiteId, peopleId) => reads.contact(websiteId, peopleId),
        updateContact: (websiteId, peopleId, patch) => transact((tx) => updateContact(tx, websiteId, peopleId, patch)),
        deleteContact: (websiteId, peopleId) => transact(async (tx) => {
            const deleted = await tx.team.deleteContact(websiteId, peopleId);
            if (deleted)
                await tx.team.notify({ websiteId, peopleId, segments: [], updatedAt: now(), deleted });
            return deleted;
        }),
        contactOfConversation: reads.owner,
        listConversations: async (websiteId, query) => {
            // Only a list that walks the entries waits for them to be brought up to date.
            if (walksSegmentEntries(query.filter))
                await indexSessions();
            return reads.conversations(websiteId, query);
        },
        listContacts: reads.contacts,
        addSegments: (websiteId, target, segments) => transact((tx) => addSegments(tx, websiteId, target, segments)),
    };
}

/** `postgres` is an optional peer dependency, loaded when a store is made, never by importing the package. */
async function loadDriver$1() {
    try {
        return (await import('postgres')).default;
    }
    catch (error) {
        throw new Error("createPostgresStore needs postgres 3: npm install postgres@3", { cause: error });
    }
}
/** The URL as it may be printed: its password replaced. */
function redactUrl(url) {
    try {
        const parsed = new URL(url);
        if (parsed.password)
            parsed.password = "***";
        return parsed.href;
    }
    catch {
        return "(not a URL)";
    }
}
async function createPostgresStore(options) {
    const schema = checkSchemaName(options.schema ?? "crisp_segments");
    if (!/^postgres(ql)?:\/\//.test(options.url)) {
        throw new Error(`database URL ${redactUrl(options.url)} does not start with postgres://`);
    }
    const driver = await loadDriver$1();
    const sql = driver(options.url, {
        max: options.max ?? 10,
        onnotice: () => { },
        connection: {
            application_name: "crisp-segments",
            synchronous_commit: options.synchronousCommit ? "on" : "off",
            // This store's session writes mark their sessions themselves (postgres-queries.ts), cheaper than a trigger.
            [STATEMENT_MARKS]: "on",
        },
    });
    try {
        await migrate$1(sql, schema);
        await migrateAutomations$1(sql, schema);
    }
    catch (error) {
        await sql.end({ timeout: 1 });
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`cannot open the segments store on PostgreSQL at ${redactUrl(options.url)}: ${reason}`, {
            cause: error,
        });
    }
    try {
        return openStore(sql, schema, options, await createPostgresRules(sql, schema, options.onError ?? console.error));
    }
    catch (error) {
        await sql.end({ timeout: 1 });
        throw error;
    }
}
function openStore(sql, schema, options, { rulesOf, ...rules }) {
    const now = options.now ?? Date.now;
    const channel = `${schema}.changes`;
    const queries = sessionQueries(sql, schema, channel);
    const feed = createPostgresFeed(sql, channel, { ...queries, ...teamQueries$1(sql, schema, channel) }, options.onError ?? console.error);
    const index = postgresSegmentIndex(sql, schema, options.onError ?? console.error);
    const counts = postgresSegmentCounts(sql, schema, index.catchUp, options.onError ?? console.error);
    const stateOf = (row) => row === undefined ? emptySession() : { segments: row.segments, revision: Number(row.revision) };
    /**
     * Decides on the stored row and writes; a write that lost a race is decided again on what won. On a website
     * with rules, the write stores the rules' list too and records its changes itself, in one transaction.
     */
    async function decideAndWrite(websiteId, sessionId, decide, rule) {
        for (;;) {
            const row = await queries.read(websiteId, sessionId);
            const current = stateOf(row);
            const { result, next } = decide(current);
            if (next === undefined)
                return result;
            const rules = rulesOf(websiteId);
            const change = { websiteId, sessionId, ...next, updatedAt: now() };
            if (rules.length === 0) {
                if (await queries.write(change, row?.version ?? "0", rule))
                    return result;
                continue;
            }
            const written = sessionWrite(rules, { websiteId, sessionId }, current.segments, next, change.updatedAt);
            const stored = { ...change, segments: written.next.segments };
            const won = await sql.begin(async (tx) => {
                const recorder = postgresRuleRecorder(tx, schema);
                await recorder.takeOver();
                if (!(await sessionQueries(tx, schema, channel).write(stored, row?.version ?? "0", rule)))
                    return false;
                await recorder.record(written.changes);
                return true;
            });
            if (won)
                return withSegments(result, stored.segments);
        }
    }
    return {
        async get(websiteId, sessionId) {
            return stateOf(await queries.read(websiteId, sessionId));
        },
        applyChange(websiteId, sessionId, revision, change) {
            return decideAndWrite(websiteId, sessionId, (current) => decideChange(current, revision, change), "raise");
        },
        edit(websiteId, sessionId, change) {
            return decideAndWrite(websiteId, sessionId, (current) => decideEdit(current, change), "keep");
        },
        listSessions: queries.recent,
        ...createPostgresTeam(sql, schema, channel, { now, rulesOf, indexSessions: index.catchUp }),
        suggestSegments: counts.suggest,
        ...createPostgresAutomations(sql, schema, now),
        ...rules,
        subscribeAll: feed.subscribeAll,
        subscribe: sessionsOnly(feed.subscribeAll),
        async close() {
            counts.stop();
            index.stop();
            await sql.end({ timeout: 5 });
        },
    };
}

/**
 * Schema steps; `PRAGMA user_version` holds how many have run. Append only: never edit a shipped step. Exported
 * so that tests can build a file as an older version left it.
 */
const MIGRATIONS$1 = [
    // The list is read and written whole, as the protocol does, so one JSON array per session is enough.
    `CREATE TABLE sessions (
     website_id TEXT NOT NULL,
     session_id TEXT NOT NULL,
     segments TEXT NOT NULL,
     revision INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     PRIMARY KEY (website_id, session_id)
   ) STRICT, WITHOUT ROWID;
   CREATE INDEX sessions_by_update ON sessions (website_id, updated_at DESC);`,
    // The team's side. Lists stay JSON arrays, read whole; the *_segments side tables, one row per (segment, row),
    // are the index that filters and counts use, and segment_counts answers "segments in use, most used first" a page
    // at a time. Sessions, the hot write path, are indexed by the store shortly after they are written (`indexed`
    // is the list as last indexed; sqlite-segment-index.ts); contacts, written rarely, by triggers. contact_search
    // (FTS5 trigrams, keyed by contact_rows' integer ids) finds contacts whose email or nickname contains a text.
    // Emails and search text are keyed in JavaScript (lower-cased) so that every store compares them alike.
    `CREATE TABLE conversation_metas (
     website_id TEXT NOT NULL,
     session_id TEXT NOT NULL,
     meta TEXT NOT NULL,
     email_key TEXT,
     PRIMARY KEY (website_id, session_id)
   ) STRICT, WITHOUT ROWID;
   CREATE INDEX conversation_metas_by_email ON conversation_metas (website_id, email_key);
   CREATE TABLE contacts (
     website_id TEXT NOT NULL,
     people_id TEXT NOT NULL,
     email TEXT NOT NULL,
     email_key TEXT NOT NULL,
     nickname TEXT NOT NULL,
     search_key TEXT NOT NULL,
     segments TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     PRIMARY KEY (website_id, people_id)
   ) STRICT, WITHOUT ROWID;
   CREATE UNIQUE INDEX contacts_by_email ON contacts (website_id, email_key);
   CREATE INDEX contacts_by_update ON contacts (website_id, updated_at DESC);
   CREATE TABLE contact_rows (
     id INTEGER PRIMARY KEY, website_id TEXT NOT NULL, people_id TEXT NOT NULL, UNIQUE (website_id, people_id)
   ) STRICT;
   CREATE VIRTUAL TABLE contact_search USING fts5(
     search_key, content = '', contentless_delete = 1, tokenize = 'trigram'
   );
   CREATE TRIGGER contacts_search_inserted AFTER INSERT ON contacts BEGIN
     INSERT INTO contact_rows (website_id, people_id) VALUES (NEW.website_id, NEW.people_id);
     INSERT INTO contact_search (rowid, search_key) VALUES (last_insert_rowid(), NEW.search_key);
   END;
   CREATE TRIGGER contacts_search_updated AFTER UPDATE OF search_key ON contacts
   WHEN OLD.search_key IS NOT NEW.search_key BEGIN
     DELETE FROM contact_search WHERE rowid =
       (SELECT id FROM contact_rows WHERE website_id = OLD.website_id AND people_id = OLD.people_id);
     INSERT INTO contact_search (rowid, search_key) SELECT id, NEW.search_key FROM contact_rows
       WHERE website_id = NEW.website_id AND people_id = NEW.people_id;
   END;
   CREATE TRIGGER contacts_search_deleted AFTER DELETE ON contacts BEGIN
     DELETE FROM contact_search WHERE rowid =
       (SELECT id FROM contact_rows WHERE website_id = OLD.website_id AND people_id = OLD.people_id);
     DELETE FROM contact_rows WHERE website_id = OLD.website_id AND people_id = OLD.people_id;
   END;
   CREATE TABLE session_segments (
     website_id TEXT NOT NULL, segment TEXT NOT NULL, session_id TEXT NOT NULL,
     PRIMARY KEY (website_id, segment, session_id)
   ) STRICT, WITHOUT ROWID;
   CREATE TABLE contact_segments (
     website_id TEXT NOT NULL, segment TEXT NOT NULL, people_id TEXT NOT NULL,
     PRIMARY KEY (website_id, segment, people_id)
   ) STRICT, WITHOUT ROWID;
   CREATE INDEX contact_segments_by_contact ON contact_segments (website_id, people_id);
   INSERT INTO session_segments SELECT s.website_id, j.value, s.session_id FROM sessions s, json_each(s.segments) j;
   ALTER TABLE sessions ADD COLUMN indexed TEXT NOT NULL DEFAULT '[]';
   UPDATE sessions SET indexed = segments;
   CREATE INDEX sessions_unindexed ON sessions (website_id, session_id) WHERE indexed IS NOT segments;
   CREATE TRIGGER contacts_segments_inserted AFTER INSERT ON contacts BEGIN
     INSERT INTO contact_segments SELECT NEW.website_id, value, NEW.people_id FROM json_each(NEW.segments);
   END;
   CREATE TRIGGER contacts_segments_updated AFTER UPDATE OF segments ON contacts
   WHEN OLD.segments IS NOT NEW.segments BEGIN
     DELETE FROM contact_segments WHERE website_id = OLD.website_id AND people_id = OLD.people_id
       AND segment NOT IN (SELECT value FROM json_each(NEW.segments));
     INSERT INTO contact_segments SELECT NEW.website_id, value, NEW.people_id FROM json_each(NEW.segments)
       WHERE value NOT IN (SELECT segment FROM contact_segments WHERE website_id = NEW.website_id AND people_id = NEW.people_id);
   END;
   CREATE TRIGGER contacts_segments_deleted AFTER DELETE ON contacts BEGIN
     DELETE FROM contact_segments WHERE website_id = OLD.website_id AND people_id = OLD.people_id;
   END;
   CREATE TABLE segment_counts (
     website_id TEXT NOT NULL, kind TEXT NOT NULL, segment TEXT NOT NULL, count INTEGER NOT NULL,
     PRIMARY KEY (website_id, kind, segment)
   ) STRICT, WITHOUT ROWID;
   CREATE INDEX segment_counts_by_count ON segment_counts (website_id, kind, count DESC, segment);
   INSERT INTO segment_counts
   SELECT website_id, 'conversations', segment, count(*) FROM session_segments GROUP BY website_id, segment;
   CREATE TRIGGER contact_segments_counted AFTER INSERT ON contact_segments BEGIN
     INSERT INTO segment_counts VALUES (NEW.website_id, 'contacts', NEW.segment, 1)
     ON CONFLICT DO UPDATE SET count = count + 1;
   END;
   CREATE TRIGGER contact_segments_uncounted AFTER DELETE ON contact_segments BEGIN
     UPDATE segment_counts SET count = count - 1
     WHERE website_id = OLD.website_id AND kind = 'contacts' AND segment = OLD.segment;
     DELETE FROM segment_counts
     WHERE website_id = OLD.website_id AND kind = 'contacts' AND segment = OLD.segment AND count = 0;
   END;`,
    // Sessions' marks move from a column of the row to a small table of their own, written by triggers: the
    // catch-up then clears one small table instead of rewriting every session row it indexed (a second random page
    // of the big table per change), and the rows shrink back to one copy of their list. A mark holds the list as
    // last indexed; a session written again before the catch-up keeps its first mark.
    `CREATE TABLE session_marks (
     website_id TEXT NOT NULL, session_id TEXT NOT NULL, indexed TEXT NOT NULL,
     PRIMARY KEY (website_id, session_id)
   ) STRICT, WITHOUT ROWID;
   INSERT INTO session_marks SELECT website_id, session_id, indexed FROM sessions WHERE indexed IS NOT segments;
   DROP INDEX sessions_unindexed;
   ALTER TABLE sessions DROP COLUMN indexed;
   CREATE TRIGGER sessions_marked_inserted AFTER INSERT ON sessions WHEN NEW.segments IS NOT '[]' BEGIN
     INSERT INTO session_marks VALUES (NEW.website_id, NEW.session_id, '[]') ON CONFLICT DO NOTHING;
   END;
   CREATE TRIGGER sessions_marked_updated AFTER UPDATE OF segments ON sessions
   WHEN OLD.segments IS NOT NEW.segments BEGIN
     INSERT INTO session_marks VALUES (OLD.website_id, OLD.session_id, OLD.segments) ON CONFLICT DO NOTHING;
   END;`,
    // A conversation given only a meta is listed: it gets a session row (no segments, revision 0, as a session
    // never seen reads), so that the list walks one index. The store writes that row with the meta from now on.
    `INSERT INTO sessions (website_id, session_id, segments, revision, updated_at)
   SELECT website_id, session_id, '[]', 0, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)
   FROM conversation_metas WHERE true ON CONFLICT DO NOTHING;`,
    // Filtered lists walk an index in the list's order: each side table's row carries its row's updated_at, indexed
    // (segment, newest first, id), so that a page of one segment's rows is a range of it, not a sort of them all. A
    // session whose updated_at moves is marked as a change of its list is (when it has segments), and the catch-up
    // moves its entries; contacts' triggers move theirs in the write.
    `ALTER TABLE session_segments ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
   UPDATE session_segments SET updated_at = coalesce((SELECT s.updated_at FROM sessions s
     WHERE s.website_id = session_segments.website_id AND s.session_id = session_segments.session_id), 0);
   CREATE INDEX session_segments_in_order ON session_segments (website_id, segment, updated_at DESC, session_id);
   DROP TRIGGER sessions_marked_updated;
   CREATE TRIGGER sessions_marked_updated AFTER UPDATE OF segments, updated_at ON sessions
   WHEN (OLD.segments IS NOT NEW.segments OR OLD.updated_at IS NOT NEW.updated_at)
     AND (OLD.segments IS NOT '[]' OR NEW.segments IS NOT '[]') BEGIN
     INSERT INTO session_marks VALUES (OLD.website_id, OLD.session_id, OLD.segments) ON CONFLICT DO NOTHING;
   END;
   ALTER TABLE contact_segments ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
   UPDATE contact_segments SET updated_at = coalesce((SELECT c.updated_at FROM contacts c
     WHERE c.website_id = contact_segments.website_id AND c.people_id = contact_segments.people_id), 0);
   CREATE INDEX contact_segments_in_order ON contact_segments (website_id, segment, updated_at DESC, people_id);
   DROP TRIGGER contacts_segments_inserted;
   CREATE TRIGGER contacts_segments_inserted AFTER INSERT ON contacts BEGIN
     INSERT INTO contact_segments (website_id, segment, people_id, updated_at)
     SELECT NEW.website_id, value, NEW.people_id, NEW.updated_at FROM json_each(NEW.segments);
   END;
   DROP TRIGGER contacts_segments_updated;
   CREATE TRIGGER contacts_segments_updated AFTER UPDATE OF segments, updated_at ON contacts
   WHEN OLD.segments IS NOT NEW.segments OR OLD.updated_at IS NOT NEW.updated_at BEGIN
     DELETE FROM contact_segments WHERE website_id = OLD.website_id AND people_id = OLD.people_id
       AND segment NOT IN (SELECT value FROM json_each(NEW.segments));
     UPDATE contact_segments SET updated_at = NEW.updated_at
       WHERE website_id = NEW.website_id AND people_id = NEW.people_id AND updated_at IS NOT NEW.updated_at;
     INSERT INTO contact_segments (website_id, segment, people_id, updated_at)
     SELECT NEW.website_id, value, NEW.people_id, NEW.updated_at FROM json_each(NEW.segments)
       WHERE value NOT IN (SELECT segment FROM contact_segments WHERE website_id = NEW.website_id AND people_id = NEW.people_id);
   END;`,
];
const SCHEMA_VERSION = MIGRATIONS$1.length;
function migrate(db) {
    db.transaction(() => {
        // Read inside the write lock: another process opening the same file may have migrated it meanwhile.
        const version = Number(db.pragma("user_version", { simple: true }));
        if (version > SCHEMA_VERSION) {
            throw new Error(`segments database has schema ${version}; this code knows up to ${SCHEMA_VERSION}`);
        }
        for (let step = version; step < SCHEMA_VERSION; step++) {
            db.exec(MIGRATIONS$1[step] ?? "");
            db.pragma(`user_version = ${step + 1}`);
        }
    }).immediate();
}
/** Lists are read back defensively: a damaged file must fail loudly, not feed odd values to visitors. */
function readList(text) {
    const segments = JSON.parse(text);
    if (!Array.isArray(segments) || !segments.every((s) => typeof s === "string")) {
        throw new Error("segments database holds a malformed segment list");
    }
    return segments;
}

/**
 * The SQLite store's automations. Endpoints, events and deliveries live in the store's file; the recorder runs
 * inside the store's write transactions, and a claim is one IMMEDIATE transaction, so that processes sharing the
 * file never claim one delivery twice while its lease runs.
 */
function toEndpoint(row) {
    const endpoint = {
        endpointId: row.endpoint_id,
        url: row.url,
        secret: row.secret,
        events: readList(row.events),
        segments: readList(row.segments),
        enabled: row.enabled === 1,
        createdAt: row.created_at,
    };
    if (row.disabled_reason === "gone")
        endpoint.disabledReason = "gone";
    return endpoint;
}
const DELIVERY = `delivery_id AS deliveryId, event_id AS eventId, event, endpoint_id AS endpointId, state, attempts,
  started_at AS startedAt, next_attempt_at AS nextAttemptAt, last_status AS lastStatus, last_error AS lastError,
  created_at AS createdAt`;
function endpointQueries(db) {
    const prepare = (source) => db.prepare(source);
    const list = prepare("SELECT * FROM webhook_endpoints WHERE website_id = :website ORDER BY created_at, endpoint_id");
    const one = prepare("SELECT * FROM webhook_endpoints WHERE website_id = :website AND endpoint_id = :id");
    const enabled = prepare("SELECT * FROM webhook_endpoints WHERE website_id = :website AND enabled = 1 ORDER BY created_at, endpoint_id");
    const insert = prepare(`INSERT INTO webhook_endpoints VALUES
    (:website, :endpointId, :url, :secret, :events, :segments, :enabled, NULL, :createdAt)`);
    const setEnabled = prepare(`UPDATE webhook_endpoints SET enabled = :enabled, disabled_reason = NULL
    WHERE website_id = :website AND endpoint_id = :id`);
    const remove = prepare("DELETE FROM webhook_endpoints WHERE website_id = :website AND endpoint_id = :id");
    const removeDeliveries = prepare("DELETE FROM webhook_deliveries WHERE website_id = :website AND endpoint_id = :id");
    return {
        list: (website) => list.all({ website }).map(toEndpoint),
        one: (website, id) => {
            const row = one.get({ website, id });
            return row && toEndpoint(row);
        },
        enabled: (website) => enabled.all({ website }).map(toEndpoint),
        insert(website, e) {
            const [events, segments] = [JSON.stringify(e.events), JSON.stringify(e.segments)];
            insert.run({ website, ...e, events, segments, enabled: e.enabled ? 1 : 0 });
        },
        setEnabled: (website, id, on) => setEnabled.run({ website, id, enabled: on ? 1 : 0 }).changes === 1,
        remove: db.transaction((website, id) => {
            removeDeliveries.run({ website, id });
            return remove.run({ website, id }).changes === 1;
        }),
    };
}
/** Records an event and its deliveries, inside the caller's transaction. */
function recorder(db, enabledEndpoints, tell) {
    const insertEvent = db.prepare("INSERT INTO events VALUES (:eventId, :website, :name, :body, :createdAt)");
    const insertDelivery = db.prepare(`INSERT INTO webhook_deliveries (delivery_id, website_id, endpoint_id,
      event_id, event, state, attempts, started_at, next_attempt_at, created_at)
    VALUES (:deliveryId, :website, :endpointId, :eventId, :name, 'pending', 0, :at, :at, :at)`);
    const record = (change) => {
        const endpoints = enabledEndpoints(change.websiteId);
        // The common case, a website without webhooks, costs this one indexed read.
        if (endpoints.length === 0)
            return;
        const found = eventFor(change, endpoints, randomUUID);
        if (found === undefined)
            return;
        const { event } = found.recorded;
        const common = { website: change.websiteId, eventId: event.id, name: event.event, at: event.timestamp };
        insertEvent.run({ ...common, body: found.recorded.body, createdAt: event.timestamp });
        for (const { endpointId } of found.endpoints)
            insertDelivery.run({ ...common, endpointId, deliveryId: randomUUID() });
        tell();
    };
    return record;
}
function replayWhere(target) {
    if ("deliveryId" in target)
        return "AND delivery_id = :id";
    return "endpointId" in target ? "AND endpoint_id = :id" : "";
}
function outboxQueries(db, now) {
    const prepare = (source) => db.prepare(source);
    const page = (where) => prepare(`SELECT ${DELIVERY} FROM webhook_deliveries WHERE website_id = :website ${where}
      ORDER BY seq DESC LIMIT :limit OFFSET :offset`);
    const lists = {
        all: page(""),
        state: page("AND state = :state"),
        endpoint: page("AND endpoint_id = :endpoint"),
        both: page("AND state = :state AND endpoint_id = :endpoint"),
    };
    const replays = new Map();
    const replay = (target) => {
        const where = replayWhere(target);
        const statement = replays.get(where) ??
            db.prepare(`UPDATE webhook_deliveries SET state = 'pending',
      attempts = 0, started_at = :at, next_attempt_at = :at, claim = NULL
      WHERE website_id = :website AND state = 'failed' ${where}`);
        replays.set(where, statement);
        return statement;
    };
    const pruneDelivered = prepare("DELETE FROM webhook_deliveries WHERE state = 'delivered' AND next_attempt_at < :before");
    const pruneEvents = prepare(`DELETE FROM events WHERE created_at < :before
    AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = events.event_id)`);
    return {
        prune: db.transaction((before) => {
            const count = pruneDelivered.run({ before }).changes;
            pruneEvents.run({ before });
            return count;
        }),
        list(website, query) {
            const { state, endpointId: endpoint } = query;
            const which = state === undefined ? (endpoint === undefined ? "all" : "endpoint") : endpoint === undefined ? "state" : "both";
            return lists[which].all({ website, state, endpoint, ...pageWindow(query) });
        },
        replay(website, target) {
            const id = "deliveryId" in target ? target.deliveryId : "endpointId" in target ? target.endpointId : undefined;
            return replay(target).run({ website, at: now(), ...(id === undefined ? {} : { id }) }).changes;
        },
    };
}
function claimQueries(db) {
    const prepare = (source) => db.prepare(source);
    const due = prepare(`SELECT d.seq, d.delivery_id AS deliveryId, d.attempts + 1 AS attempts,
      d.started_at AS startedAt, d.event_id AS eventId, d.website_id AS websiteId, d.endpoint_id AS endpointId,
      e.url, e.secret, ev.body
    FROM webhook_deliveries d
    JOIN webhook_endpoints e ON e.website_id = d.website_id AND e.endpoint_id = d.endpoint_id AND e.enabled = 1
    JOIN events ev ON ev.event_id = d.event_id
    WHERE d.state = 'pending' AND d.next_attempt_at <= :now ORDER BY d.next_attempt_at, d.seq LIMIT :limit`);
    const take = prepare(`UPDATE webhook_deliveries SET claim = :claim, attempts = attempts + 1,
    next_attempt_at = :until WHERE seq = :seq`);
    const settle = prepare(`UPDATE webhook_deliveries SET state = :state, last_status = :lastStatus,
    last_error = :lastError, next_attempt_at = :next, claim = NULL WHERE delivery_id = :deliveryId AND claim = :claim`);
    const gone = prepare(`UPDATE webhook_endpoints SET enabled = 0, disabled_reason = 'gone'
    WHERE website_id = :websiteId AND endpoint_id = :endpointId`);
    const next = prepare(`SELECT min(d.next_attempt_at) AS at FROM webhook_deliveries d
    JOIN webhook_endpoints e ON e.website_id = d.website_id AND e.endpoint_id = d.endpoint_id AND e.enabled = 1
    WHERE d.state = 'pending'`);
    return {
        claim: db.transaction((request) => {
            const { now, limit, leaseMs, claim } = request;
            const rows = due.all({ now, limit: Math.max(0, Math.floor(limit)) });
            for (const { seq } of rows)
                take.run({ claim, until: now + leaseMs, seq });
            return rows.map(({ seq: _seq, ...row }) => ({ ...row, claim }));
        }),
        settle: db.transaction((...[claimed, settlement, now]) => {
            const nextAt = settlement.state === "pending" ? settlement.nextAttemptAt : now;
            const { state, lastStatus, lastError } = settlement;
            const { deliveryId, claim, websiteId, endpointId } = claimed;
            const stored = settle.run({ deliveryId, claim, state, lastStatus, lastError, next: nextAt }).changes === 1;
            if (stored && settlement.disableEndpoint)
                gone.run({ websiteId, endpointId });
            return stored;
        }),
        next: () => next.get({})?.at ?? undefined,
    };
}
function createSqliteAutomations(db, now) {
    const endpoints = endpointQueries(db);
    const signal = createWakeSignal();
    const outbox = outboxQueries(db, now);
    const claims = claimQueries(db);
    return {
        record: recorder(db, endpoints.enabled, signal.tell),
        listEndpoints: async (websiteId) => endpoints.list(websiteId),
        async createEndpoint(websiteId, input) {
            const endpoint = makeEndpoint(input, randomUUID(), now());
            endpoints.insert(websiteId, endpoint);
            return endpoint;
        },
        async setEndpointEnabled(websiteId, endpointId, enabled) {
            if (!endpoints.setEnabled(websiteId, endpointId, enabled))
                return undefined;
            if (enabled)
                signal.tell();
            return endpoints.one(websiteId, endpointId);
        },
        deleteEndpoint: async (websiteId, endpointId) => endpoints.remove.immediate(websiteId, endpointId),
        listDeliveries: async (websiteId, query) => outbox.list(websiteId, query),
        async replayDeliveries(websiteId, target) {
            const count = outbox.replay(websiteId, target);
            if (count > 0)
                signal.tell();
            return count;
        },
        claimDeliveries: async (request) => claims.claim.immediate(request),
        settleDelivery: async (claimed, settlement, at) => claims.settle.immediate(claimed, settlement, at),
        pruneDeliveries: async (before) => outbox.prune.immediate(before),
        nextDeliveryAt: async () => claims.next(),
        onDeliveries: signal.subscribe,
    };
}

/** Append only: never edit a shipped step. */
const MIGRATIONS = [
    // Filters are JSON arrays, read with the endpoints of a website in every write that changes a list there.
    // Deliveries keep an integer key for "newest first"; the partial indexes find the due ones among
    // the pending, and the delivered ones old enough to prune; events go once no delivery needs them.
    `CREATE TABLE webhook_endpoints (
     website_id TEXT NOT NULL,
     endpoint_id TEXT NOT NULL,
     url TEXT NOT NULL,
     secret TEXT NOT NULL,
     events TEXT NOT NULL,
     segments TEXT NOT NULL,
     enabled INTEGER NOT NULL,
     disabled_reason TEXT,
     created_at INTEGER NOT NULL,
     PRIMARY KEY (website_id, endpoint_id)
   ) STRICT, WITHOUT ROWID;
   CREATE TABLE events (
     event_id TEXT PRIMARY KEY,
     website_id TEXT NOT NULL,
     name TEXT NOT NULL,
     body TEXT NOT NULL,
     created_at INTEGER NOT NULL
   ) STRICT, WITHOUT ROWID;
   CREATE TABLE webhook_deliveries (
     seq INTEGER PRIMARY KEY,
     delivery_id TEXT NOT NULL UNIQUE,
     website_id TEXT NOT NULL,
     endpoint_id TEXT NOT NULL,
     event_id TEXT NOT NULL,
     event TEXT NOT NULL,
     state TEXT NOT NULL,
     attempts INTEGER NOT NULL,
     started_at INTEGER NOT NULL,
     next_attempt_at INTEGER NOT NULL,
     last_status INTEGER,
     last_error TEXT,
     claim TEXT,
     created_at INTEGER NOT NULL
   ) STRICT;
   CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
   CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (website_id, endpoint_id, seq);
   CREATE INDEX webhook_deliveries_by_website ON webhook_deliveries (website_id, seq);
   CREATE INDEX webhook_deliveries_by_event ON webhook_deliveries (event_id);
   CREATE INDEX webhook_deliveries_delivered ON webhook_deliveries (next_attempt_at) WHERE state = 'delivered';
   CREATE INDEX events_by_time ON events (created_at);`,
    // Rules: a row per website that has any (an empty list deletes it), and a version every process checks once per
    // write transaction to know when to reload them (sqlite-rules.ts).
    `CREATE TABLE rule_lists (
     website_id TEXT PRIMARY KEY,
     rules TEXT NOT NULL,
     updated_at INTEGER NOT NULL
   ) STRICT, WITHOUT ROWID;
   CREATE TABLE rule_lists_version (
     only INTEGER PRIMARY KEY CHECK (only = 1),
     version INTEGER NOT NULL
   ) STRICT;
   INSERT INTO rule_lists_version VALUES (1, 0);`,
];
function migrateAutomations(db) {
    db.transaction(() => {
        db.exec("CREATE TABLE IF NOT EXISTS automations_migrations (step INTEGER PRIMARY KEY) STRICT");
        const done = db.prepare("SELECT coalesce(max(step), 0) AS done FROM automations_migrations");
        const version = done.get()?.done ?? 0;
        if (version > MIGRATIONS.length) {
            throw new Error(`segments database has automations schema ${version}; this code knows up to ${MIGRATIONS.length}`);
        }
        for (let step = version; step < MIGRATIONS.length; step++) {
            db.exec(MIGRATIONS[step] ?? "");
            db.prepare("INSERT INTO automations_migrations (step) VALUES (?)").run(step + 1);
        }
    }).immediate();
}

function createSqliteRules(db, now) {
    const version = db.prepare("SELECT version FROM rule_lists_version");
    const all = db.prepare("SELECT website_id, rules FROM rule_lists");
    const one = db.prepare("SELECT rules FROM rule_lists WHERE website_id = ?");
    const put = db.prepare(`INSERT INTO rule_lists VALUES (?, ?, ?)
    ON CONFLICT (website_id) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at`);
    const remove = db.prepare("DELETE FROM rule_lists WHERE website_id = ?");
    const bump = db.prepare("UPDATE rule_lists_version SET version = version + 1");
    let seen = -1;
    let lists = new Map();
    const read = (websiteId) => JSON.parse(one.get(websiteId)?.rules ?? "[]");
    const refresh = () => {
        const current = version.get()?.version ?? 0;
        if (current === seen)
            return;
        lists = new Map(all.all().map((row) => [row.website_id, JSON.parse(row.rules)]));
        seen = current;
    };
    const edit = db.transaction((websiteId, change) => {
        const { result, rules } = change(read(websiteId));
        if (rules === undefined)
            return result;
        if (rules.length === 0)
            remove.run(websiteId);
        else
            put.run(websiteId, JSON.stringify(rules), now());
        bump.run();
        return result;
    });
    refresh();
    return {
        rulesOf: (websiteId) => lists.get(websiteId) ?? NO_RULES,
        refresh,
        listRules: async (websiteId) => read(websiteId),
        async editRules(websiteId, change) {
            const result = edit.immediate(websiteId, change);
            refresh();
            return result;
        },
    };
}

/**
 * Group commit: the writes that arrive while the event loop is busy go to the database together, in one
 * transaction, in the order they arrived. A commit costs far more than a write (SQLite: ~40 µs for one change
 * alone, ~7 µs each when 16 share a commit), so under load this is most of a store's speed; alone, a write waits
 * only for the current turn of the event loop to end.
 */
function groupCommit(commitAll) {
    let queue = [];
    const flush = () => {
        const batch = queue;
        queue = [];
        let outcomes;
        try {
            outcomes = commitAll(batch.map((waiting) => waiting.job));
        }
        catch (error) {
            for (const waiting of batch)
                waiting.reject(error);
            return;
        }
        batch.forEach((waiting, index) => {
            const outcome = outcomes[index];
            if (outcome?.ok)
                waiting.resolve(outcome.value);
            else
                waiting.reject(outcome ? outcome.error : new Error("the commit gave no outcome for this write"));
        });
    };
    return (job) => new Promise((resolve, reject) => {
        if (queue.length === 0)
            setImmediate(flush);
        queue.push({ job, resolve, reject });
    });
}

/** Marked sessions indexed per transaction: a long backlog is caught up in steps that let requests in between. */
const CHUNK = 500;
function indexStatements(db) {
    return {
        anyMarked: db.prepare("SELECT 1 AS one FROM session_marks LIMIT 1"),
        // In the marks' key order, so that the chunk read is the chunk unmarked by one range delete.
        marked: db.prepare(`SELECT m.website_id, m.session_id, coalesce(s.segments, '[]') AS segments, coalesce(s.updated_at, 0) AS updated_at,
         m.indexed FROM session_marks m
       LEFT JOIN sessions s ON s.website_id = m.website_id AND s.session_id = m.session_id
       ORDER BY m.website_id, m.session_id LIMIT ?`),
        unmark: db.prepare("DELETE FROM session_marks WHERE (website_id, session_id) <= (?, ?)"),
        insert: db.prepare("INSERT INTO session_segments (website_id, segment, session_id, updated_at) VALUES (?, ?, ?, ?)"),
        // Entries stay in list order: a session written again without a change of list moves in each of its segments.
        move: db.prepare("UPDATE session_segments SET updated_at = ? WHERE website_id = ? AND segment = ? AND session_id = ?"),
        remove: db.prepare("DELETE FROM session_segments WHERE website_id = ? AND segment = ? AND session_id = ?"),
        add: db.prepare(`INSERT INTO segment_counts VALUES (?, 'conversations', ?, ?)
       ON CONFLICT DO UPDATE SET count = count + excluded.count`),
        drop: db.prepare("DELETE FROM segment_counts WHERE website_id = ? AND kind = 'conversations' AND segment = ? AND count <= 0"),
    };
}
function segmentIndex(db) {
    const sql = indexStatements(db);
    /** Indexes one session's change, and notes how much each segment's count moved. */
    const reindex = (row, moves) => {
        const [was, is] = [new Set(readList(row.indexed)), new Set(readList(row.segments))];
        const counts = moves.get(row.website_id) ?? new Map();
        moves.set(row.website_id, counts);
        const move = (segment, by) => counts.set(segment, (counts.get(segment) ?? 0) + by);
        for (const segment of was) {
            if (is.has(segment))
                continue;
            sql.remove.run(row.website_id, segment, row.session_id);
            move(segment, -1);
        }
        for (const segment of is) {
            if (was.has(segment)) {
                sql.move.run(row.updated_at, row.website_id, segment, row.session_id);
                continue;
            }
            sql.insert.run(row.website_id, segment, row.session_id, row.updated_at);
            move(segment, 1);
        }
    };
    const chunk = db.transaction(() => {
        const rows = sql.marked.all(CHUNK);
        const moves = new Map();
        for (const row of rows)
            reindex(row, moves);
        for (const [websiteId, counts] of moves) {
            for (const [segment, by] of counts) {
                if (by !== 0)
                    sql.add.run(websiteId, segment, by);
                if (by < 0)
                    sql.drop.run(websiteId, segment);
            }
        }
        const last = rows.at(-1);
        if (last)
            sql.unmark.run(last.website_id, last.session_id);
        return rows.length === CHUNK;
    });
    // Checked first, outside a transaction: most reads find nothing to do and need not take the write lock.
    const catchUpSome = () => sql.anyMarked.get() !== undefined && chunk.immediate();
    return {
        catchUp: () => {
            while (catchUpSome())
                ;
        },
        catchUpSome,
    };
}

const CONTACT = "people_id, email, nickname, segments, created_at, updated_at";
// Rows carrying `need` of the listed segments (all of them, or 1 for any), found through the side table's key:
// CROSS JOIN keeps the listed segments the outer loop, or the planner may scan the website's entries by row.
const matching = (table, id) => `${id} IN (SELECT x.${id} FROM json_each(:segments) AS j CROSS JOIN ${table} AS x
     ON x.website_id = :website AND x.segment = j.value GROUP BY x.${id} HAVING count(*) >= :need)`;
// Contacts whose search key holds the text, found through its trigrams (3 characters or more); `instr` still
// checks each, so that both paths answer alike.
const SEARCHED = `people_id IN (SELECT r.people_id FROM contact_search JOIN contact_rows AS r ON r.id = contact_search.rowid
  WHERE contact_search MATCH :phrase AND r.website_id = :website)`;
function toContact(row) {
    const { people_id, email, nickname, segments, created_at, updated_at } = row;
    return {
        peopleId: people_id,
        email,
        nickname,
        segments: readList(segments),
        createdAt: created_at,
        updatedAt: updated_at,
    };
}
/** The bindings of a page of rows matching a filter, or no filter, from the start or after a cursor. */
function bindings(websiteId, query) {
    const segments = filterSegments$1(query.filter);
    const need = query.filter?.match === "any" ? 1 : (segments?.length ?? 0);
    const place = cursorBounds(query.after);
    return { website: websiteId, segments: JSON.stringify(segments ?? []), need, ...place, ...pageWindow(query) };
}
// The rows after the cursor (:before, :after), as a range of the newest-first index plus a check of its ties.
const AFTER = (id) => `updated_at <= :before AND (updated_at < :before OR ${id} > :after)`;
function metaQueries(db) {
    const prepare = (source) => db.prepare(source);
    const meta = prepare("SELECT meta FROM conversation_metas WHERE website_id = :website AND session_id = :session");
    const putMeta = prepare(`INSERT INTO conversation_metas (website_id, session_id, meta, email_key)
     VALUES (:website, :session, :meta, :email) ON CONFLICT (website_id, session_id)
     DO UPDATE SET meta = excluded.meta, email_key = excluded.email_key`);
    // A conversation given a meta before any segment is listed too: it gets a session row (no segments, revision 0,
    // which is how a session never seen reads anyway).
    const ensureSession = prepare(`INSERT INTO sessions (website_id, session_id, segments, revision, updated_at)
     VALUES (:website, :session, '[]', 0, :at) ON CONFLICT DO NOTHING`);
    const owner = prepare(`SELECT c.people_id FROM conversation_metas m JOIN contacts c
     ON c.website_id = m.website_id AND c.email_key = m.email_key WHERE m.website_id = :website AND m.session_id = :session`);
    return {
        meta(websiteId, sessionId) {
            const row = meta.get({ website: websiteId, session: sessionId });
            return row === undefined ? {} : JSON.parse(row.meta);
        },
        putMeta(websiteId, sessionId, value, at) {
            const email = value.email === undefined ? null : emailKey(value.email);
            putMeta.run({ website: websiteId, session: sessionId, meta: JSON.stringify(value), email });
            ensureSession.run({ website: websiteId, session: sessionId, at });
        },
        owner(websiteId, sessionId) {
            return owner.get({ website: websiteId, session: sessionId })?.people_id;
        },
    };
}
function contactQueries(db) {
    const prepare = (source) => db.prepare(source);
    const contact = prepare(`SELECT ${CONTACT} FROM contacts WHERE website_id = :website AND people_id = :id`);
    const holder = prepare("SELECT people_id FROM contacts WHERE website_id = :website AND email_key = :email");
    const putContact = prepare(`INSERT INTO contacts (website_id, people_id, email, email_key, nickname, search_key,
       segments, created_at, updated_at)
     VALUES (:website, :id, :email, :emailKey, :nickname, :searchKey, :segments, :createdAt, :updatedAt)
     ON CONFLICT (website_id, people_id) DO UPDATE SET email = excluded.email, email_key = excluded.email_key,
       nickname = excluded.nickname, search_key = excluded.search_key, segments = excluded.segments,
       updated_at = excluded.updated_at`);
    const deleteContact = prepare("DELETE FROM contacts WHERE website_id = :website AND people_id = :id");
    return {
        contact(websiteId, peopleId) {
            const row = contact.get({ website: websiteId, id: peopleId });
            return row && toContact(row);
        },
        holder(websiteId, email) {
            return email === undefined ? undefined : holder.get({ website: websiteId, email: emailKey(email) })?.people_id;
        },
        putContact(websiteId, c) {
            const { peopleId: id, email, nickname, createdAt, updatedAt } = c;
            const [segments, key, search] = [JSON.stringify(c.segments), emailKey(email), searchKey(c)];
            putContact.run({
                website: websiteId,
                id,
                email,
                emailKey: key,
                nickname,
                searchKey: search,
                segments,
                createdAt,
                updatedAt,
            });
        },
        deleteContact(websiteId, peopleId) {
            return deleteContact.run({ website: websiteId, id: peopleId }).changes === 1;
        },
    };
}
/**
 * The keys of a page of rows carrying segments, in list order, walked through the side table's index in that order
 * (website, segment, updated_at DESC, id): "all of" walks its rarest segment's entries and checks the others by
 * key; "any of" merges each segment's walk (a compound SELECT ordered by the index: SQLite merges the arms, one
 * row at a time, and the UNION drops a row met twice). Rows skipped by an offset cost an index entry each.
 */
function segmentWalks(table, id, check = "") {
    const after = `x.updated_at <= :before AND (x.updated_at < :before OR x.${id} > :after)`;
    const all = `SELECT x.${id} AS id, x.updated_at FROM ${table} x
    WHERE x.website_id = :website AND x.segment = :first AND ${after} ${check}
      AND NOT EXISTS (SELECT 1 FROM json_each(:others) AS j WHERE NOT EXISTS (SELECT 1 FROM ${table} y
        WHERE y.website_id = :website AND y.segment = j.value AND y.${id} = x.${id}))
    ORDER BY x.updated_at DESC, x.${id} LIMIT :limit OFFSET :offset`;
    const arm = (n) => `SELECT x.${id} AS id, x.updated_at FROM ${table} x
    WHERE x.website_id = :website AND x.segment = :s${n} AND ${after} ${check}`;
    const any = (count) => `${Array.from({ length: count }, (_, n) => arm(n)).join(" UNION ")}
     ORDER BY 2 DESC, 1 LIMIT :limit OFFSET :offset`;
    return { all, any };
}
/** A walk's bindings: the rarest segment first (by segment_counts), or each segment by position for "any of". */
function walkBindings(segments, match, counts) {
    if (match === "any")
        return Object.fromEntries(segments.map((segment, n) => [`s${n}`, segment]));
    const [first, ...others] = segments.slice().sort((a, b) => counts(a) - counts(b));
    return { first, others: JSON.stringify(others) };
}
/**
 * A page is found first, on keys alone (the newest-first index, or the segment side tables' ordered index for a
 * filter), and only its rows are then read whole and joined: rows skipped by an offset cost an index entry each.
 */
function listQueries(db) {
    const prepare = (source) => db.prepare(source);
    const cached = new Map();
    const prepared = (source) => {
        const statement = cached.get(source) ?? prepare(source);
        cached.set(source, statement);
        return statement;
    };
    const conversations = (keys) => prepared(`SELECT s.session_id, s.segments, s.revision, s.updated_at, m.meta
       FROM (${keys}) AS p
       JOIN sessions s ON s.website_id = :website AND s.session_id = p.id
       LEFT JOIN conversation_metas m ON m.website_id = :website AND m.session_id = p.id
       ORDER BY p.updated_at DESC, p.id`);
    const contacts = (keys) => prepared(`SELECT c.people_id, c.email, c.nickname, c.segments, c.created_at, c.updated_at
       FROM (${keys}) AS p
       JOIN contacts c ON c.website_id = :website AND c.people_id = p.id
       ORDER BY p.updated_at DESC, p.id`);
    const newest = (table, id, where = "") => `SELECT ${id} AS id, updated_at FROM ${table} WHERE website_id = :website AND ${AFTER(id)} ${where}
     ORDER BY updated_at DESC, ${id} LIMIT :limit OFFSET :offset`;
    const suggest = prepare(`SELECT segment, count FROM segment_counts
     WHERE website_id = :website AND kind = :kind ORDER BY count DESC, segment LIMIT :limit OFFSET :offset`);
    const count = prepare("SELECT count FROM segment_counts WHERE website_id = :website AND kind = :kind AND segment = :segment");
    const sessionWalks = segmentWalks("session_segments", "session_id");
    // A short text is checked on each contact walked; a longer one is found through its trigrams first.
    const shortText = "AND instr(search_key, :text) > 0";
    const contactWalks = {
        none: segmentWalks("contact_segments", "people_id"),
        short: segmentWalks("contact_segments", "people_id", `AND EXISTS (SELECT 1 FROM contacts c WHERE c.website_id = :website AND c.people_id = x.people_id
        AND instr(c.search_key, :text) > 0)`),
    };
    const long = `${shortText} AND ${SEARCHED}`;
    const filteredLong = newest("contacts", "people_id", `AND ${matching("contact_segments", "people_id")} ${long}`);
    /** The page's keys: the newest-first walk unfiltered, else the segments' walks. */
    const walk = (websiteId, kind, query) => {
        const bound = bindings(websiteId, query);
        const segments = filterSegments$1(query.filter);
        if (segments === undefined)
            return { bound, segments, match: "all" };
        const counts = (segment) => count.get({ website: websiteId, kind, segment })?.count ?? 0;
        const match = query.filter?.match ?? "all";
        return { bound: { ...bound, ...walkBindings(segments, match, counts) }, segments, match };
    };
    const pick = (walks, match, segments) => match === "any" ? walks.any(segments.length) : walks.all;
    return {
        conversations(websiteId, query) {
            const { bound, segments, match } = walk(websiteId, "conversations", query);
            const keys = segments === undefined ? newest("sessions", "session_id") : pick(sessionWalks, match, segments);
            return conversations(keys)
                .all(bound)
                .map((row) => ({
                sessionId: row.session_id,
                segments: readList(row.segments),
                revision: row.revision,
                updatedAt: row.updated_at,
                meta: row.meta === null ? {} : JSON.parse(row.meta),
            }));
        },
        contacts(websiteId, query) {
            const text = (query.text ?? "").toLowerCase();
            const { bound, segments, match } = walk(websiteId, "contacts", query);
            const length = [...text].length;
            const kind = length === 0 ? "none" : length < 3 ? "short" : "long";
            const keys = segments === undefined
                ? newest("contacts", "people_id", kind === "none" ? "" : kind === "short" ? shortText : long)
                : kind === "long"
                    ? filteredLong
                    : pick(contactWalks[kind], match, segments);
            const phrase = `"${text.replaceAll('"', '""')}"`;
            return contacts(keys)
                .all({ ...bound, text, phrase })
                .map(toContact);
        },
        suggest(websiteId, of, page) {
            return suggest.all({ website: websiteId, kind: of, ...pageWindow(page) });
        },
    };
}
function teamQueries(db) {
    return { ...metaQueries(db), ...contactQueries(db), ...listQueries(db) };
}

/**
 * The SQLite store's team side. Each write is one IMMEDIATE transaction, run at once: better-sqlite3 is
 * synchronous, so it never interleaves with the group commit's; the feed hears it once committed.
 */
/** The writes that run inside a transaction, each recording in `told` what the feed will hear. */
function sqliteWrites(sql, deps) {
    /** Stores `decided` once the website's rules have run on it (`previous`: absent when created); answers it. */
    const store = (websiteId, decided, previous, told) => {
        const { result, next, changes } = contactWrite(deps.rules.rulesOf(websiteId), websiteId, previous, decided);
        sql.putContact(websiteId, next);
        for (const change of changes)
            deps.record(change);
        const { peopleId, segments, updatedAt } = next;
        told.push({ websiteId, peopleId, segments, updatedAt, deleted: false });
        return result;
    };
    const storeSession = (websiteId, sessionId, written, told) => {
        const stored = deps.sessions.write(websiteId, sessionId, written.next, written.changes[0]?.at);
        for (const change of written.changes)
            deps.record(change);
        told.push(stored);
        return stored;
    };
    return {
        create(websiteId, input, told) {
            const holder = sql.holder(websiteId, input.email);
            const { result, next } = decideCreate(input, randomUUID(), deps.now(), holder);
            return next ? store(websiteId, next, undefined, told) : result;
        },
        update(websiteId, peopleId, patch, told) {
            const current = sql.contact(websiteId, peopleId);
            if (current === undefined)
                return { reason: "not_found" };
            const { result, next } = decideUpdate(current, patch, deps.now(), sql.holder(websiteId, patch.email));
            return next ? store(websiteId, next, current, told) : result;
        },
        edit(websiteId, sessionId, change, told) {
            const current = deps.sessions.read(websiteId, sessionId);
            const { result, next } = decideEdit(current, change);
            if (next === undefined)
                return result;
            const rules = deps.rules.rulesOf(websiteId);
            const written = sessionWrite(rules, { websiteId, sessionId }, current.segments, next, deps.now());
            return withSegments(result, storeSession(websiteId, sessionId, written, told).segments);
        },
        /** A conversation's email changed: runs the rules, and writes only if they changed or sent something. */
        emailChanged(websiteId, sessionId, facts, told) {
            const rules = deps.rules.rulesOf(websiteId);
            if (rules.length === 0)
                return;
            const current = deps.sessions.read(websiteId, sessionId);
            const ids = { websiteId, sessionId };
            const written = sessionWrite(rules, ids, current.segments, current, deps.now(), facts);
            if (written.changes.some(isEventful))
                storeSession(websiteId, sessionId, written, told);
        },
    };
}
function createSqliteTeam(db, deps) {
    const sql = teamQueries(db);
    const { create, update, edit, emailChanged } = sqliteWrites(sql, deps);
    /** Runs `work` in one IMMEDIATE transaction, then tells the feed what it stored. */
    const transact = (work) => {
        const told = [];
        const result = db
            .transaction(() => {
            deps.rules.refresh();
            return work(told);
        })
            .immediate();
        for (const change of told)
            deps.emit(change);
        return result;
    };
    return {
        getMeta: async (websiteId, sessionId) => sql.meta(websiteId, sessionId),
        mergeMeta: async (websiteId, sessionId, patch) => transact((told) => {
            const previous = sql.meta(websiteId, sessionId);
            const merged = mergeMeta(previous, patch);
            sql.putMeta(websiteId, sessionId, merged, deps.now());
            if (merged.email !== previous.email)
                emailChanged(websiteId, sessionId, emailFacts(merged, previous), told);
            return merged;
        }),
        createContact: async (websiteId, input) => transact((told) => create(websiteId, input, told)),
        getContact: async (websiteId, peopleId) => sql.contact(websiteId, peopleId),
        updateContact: async (websiteId, peopleId, patch) => transact((told) => update(websiteId, peopleId, patch, told)),
        deleteContact: async (websiteId, peopleId) => transact((told) => {
            const deleted = sql.deleteContact(websiteId, peopleId);
            if (deleted)
                told.push({ websiteId, peopleId, segments: [], updatedAt: deps.now(), deleted });
            return deleted;
        }),
        async contactOfConversation(websiteId, sessionId) {
            const owner = sql.owner(websiteId, sessionId);
            return owner === undefined ? undefined : sql.contact(websiteId, owner);
        },
        async listConversations(websiteId, query) {
            deps.index();
            return sql.conversations(websiteId, query);
        },
        listContacts: async (websiteId, query) => sql.contacts(websiteId, query),
        async suggestSegments(websiteId, of, page) {
            if (of === "conversations")
                deps.index();
            return sql.suggest(websiteId, of, page);
        },
        addSegments: async (websiteId, target, segments) => transact((told) => {
            const ids = "sessions" in target ? target.sessions : target.contacts;
            const add = (id) => "sessions" in target
                ? edit(websiteId, id, addition(segments), told).reason
                : update(websiteId, id, { segments: addition(segments) }, told).reason;
            return tally(ids, new Map([...new Set(ids)].map((id) => [id, batchBucket(add(id))])));
        }),
    };
}

/**
 * The embedded store: one SQLite file through better-sqlite3. Writes are committed in groups (group-commit.ts),
 * each group one IMMEDIATE transaction, so that concurrent writers from other processes queue instead of
 * deadlocking on a read-then-write upgrade.
 */
/**
 * better-sqlite3 is an optional peer dependency, needed by this store alone: it is loaded when a store is made,
 * never when `crisp-segments/server` is imported.
 */
function loadDriver() {
    try {
        return createRequire(import.meta.url)("better-sqlite3");
    }
    catch (error) {
        throw new Error("createSqliteStore needs better-sqlite3 12: npm install better-sqlite3@12", { cause: error });
    }
}
function toState(row) {
    return { segments: readList(row.segments), revision: row.revision };
}
function openDatabase(filename) {
    const Driver = loadDriver();
    const db = new Driver(filename);
    try {
        db.pragma("journal_mode = WAL");
        // In WAL, NORMAL syncs at checkpoints, not at every commit: a crash of the process loses nothing; a power cut
        // may lose the last acknowledged changes, never the file. The usual trade for a commit without an fsync.
        db.pragma("synchronous = NORMAL");
        // A checkpoint (copy to the file, two fsyncs) every 1,000 WAL pages, the default, ran dozens of times a second
        // under load once each change also wrote its segment index; every 10,000 pages (≤ ~40 MB of WAL) costs far less.
        db.pragma("wal_autocheckpoint = 10000");
        db.pragma("busy_timeout = 5000");
        migrate(db);
        migrateAutomations(db);
    }
    catch (error) {
        db.close();
        throw error;
    }
    return db;
}
/** The store's statements, each prepared once. */
function statements(db, now) {
    const select = db.prepare("SELECT segments, revision FROM sessions WHERE website_id = ? AND session_id = ?");
    const upsert = db.prepare(`INSERT INTO sessions (website_id, session_id, segments, revision, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (website_id, session_id)
     DO UPDATE SET segments = excluded.segments, revision = excluded.revision, updated_at = excluded.updated_at`);
    const recent = db.prepare(`SELECT session_id, segments, revision, updated_at FROM sessions
     WHERE website_id = ? ORDER BY updated_at DESC, session_id LIMIT ?`);
    return {
        read(websiteId, sessionId) {
            const row = select.get(websiteId, sessionId);
            return row === undefined ? emptySession() : toState(row);
        },
        now,
        /** Writes `next` (at `at`, or now), and returns what the feed tells once the transaction has committed. */
        write(websiteId, sessionId, next, at) {
            const updatedAt = at ?? now();
            upsert.run(websiteId, sessionId, JSON.stringify(next.segments), next.revision, updatedAt);
            return { websiteId, sessionId, ...next, updatedAt };
        },
        recent(websiteId, limit) {
            return recent
                .all(websiteId, Math.max(0, Math.floor(limit)))
                .map((row) => ({ sessionId: row.session_id, updatedAt: row.updated_at, ...toState(row) }));
        },
    };
}
/** Commits jobs in groups, one IMMEDIATE transaction each; the feed hears a change once it is committed. */
function committer(db, sql, { record, rules }, emit) {
    const judge = (job) => {
        try {
            const current = sql.read(job.websiteId, job.sessionId);
            return { ok: true, value: { current, ...job.decide(current) } };
        }
        catch (error) {
            // A job that fails alone is that job's answer; the others still commit.
            return { ok: false, error };
        }
    };
    const run = (job) => {
        const judged = judge(job);
        if (!judged.ok)
            return judged;
        const { current, result, next } = judged.value;
        if (next === undefined)
            return { ok: true, value: { result } };
        const { websiteId, sessionId } = job;
        const written = sessionWrite(rules.rulesOf(websiteId), { websiteId, sessionId }, current.segments, next, sql.now());
        // A failed write or event is the database's failure and fails the whole group, so that no change commits
        // without its event (a savepoint per job would spare the others, at ~1.5 µs a change: a fifth of a write).
        const stored = sql.write(websiteId, sessionId, written.next, written.changes[0]?.at);
        for (const change of written.changes)
            record(change);
        return { ok: true, value: { result: withSegments(result, stored.segments), stored } };
    };
    const commitAll = db.transaction((jobs) => {
        rules.refresh();
        return jobs.map(run);
    });
    return groupCommit((jobs) => {
        const outcomes = commitAll.immediate(jobs);
        for (const outcome of outcomes)
            if (outcome.ok && outcome.value.stored)
                emit(outcome.value.stored);
        return outcomes;
    });
}
/**
 * Catches the segment index up a second after a session write, so that a second of writes shares one catch-up:
 * each session's lists are read and compared once, however often it changed (measured on the store alone under
 * load: 51 us of CPU per change with a catch-up every 50 ms, 40 us with one a second, 35 us with no index). A
 * long backlog goes in chunks, requests in between.
 */
function indexSoon(index, onError, delayMs = 1_000) {
    let timer;
    let pending;
    const stop = () => {
        clearTimeout(timer);
        clearImmediate(pending);
        timer = pending = undefined;
    };
    // A failed catch-up leaves the rows marked: the next one, or the next read of the index, takes them up.
    const step = () => {
        pending = undefined;
        try {
            if (index.catchUpSome())
                pending = setImmediate(step).unref();
        }
        catch (error) {
            // Another process holding the write lock is routine; anything else is worth a line in the log.
            if (error.code !== "SQLITE_BUSY")
                onError(error);
        }
    };
    return {
        now() {
            stop();
            index.catchUp();
        },
        soon() {
            timer ??= setTimeout(() => {
                timer = undefined;
                step();
            }, delayMs).unref();
        },
    };
}
function createSqliteStore(options) {
    const db = openDatabase(options.filename);
    const sql = statements(db, options.now ?? Date.now);
    const index = indexSoon(segmentIndex(db), options.onError ?? ((error) => console.error("crisp-segments: the SQLite segment index's catch-up failed", error)));
    const feed = createChangeEmitter();
    const emit = (change) => {
        index.soon();
        feed.emit(change);
    };
    const { record, ...automations } = createSqliteAutomations(db, options.now ?? Date.now);
    const { rulesOf, refresh, ...rules } = createSqliteRules(db, options.now ?? Date.now);
    const commit = committer(db, sql, { record, rules: { rulesOf, refresh, ...rules } }, emit);
    const teamDeps = { now: options.now ?? Date.now, emit, record, rules: { rulesOf, refresh } };
    return {
        ...createSqliteTeam(db, { ...teamDeps, sessions: sql, index: index.now }),
        ...automations,
        ...rules,
        subscribe: sessionsOnly(feed.subscribe),
        subscribeAll: feed.subscribe,
        get: async (websiteId, sessionId) => sql.read(websiteId, sessionId),
        // Each result is what its own `decide` returned: decideChange's or decideEdit's.
        applyChange: async (websiteId, sessionId, revision, change) => (await commit({ websiteId, sessionId, decide: (current) => decideChange(current, revision, change) }))
            .result,
        edit: async (websiteId, sessionId, change) => (await commit({ websiteId, sessionId, decide: (current) => decideEdit(current, change) })).result,
        listSessions: async (websiteId, limit) => sql.recent(websiteId, limit),
        close: () => {
            try {
                index.now();
            }
            finally {
                db.close();
            }
        },
    };
}

export { DEFAULT_BACKOFF, EVENT_NAMES, checkEndpoint, createDeliveryWorker, createMemoryStore, createNodeListener, createPostgresStore, createSegmentsHandler, createSqliteStore, createStaticFiles, isSecret, newSecret, serveNode };
//# sourceMappingURL=server.mjs.map
