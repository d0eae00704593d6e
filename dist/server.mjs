import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { createServer } from 'node:http';
import { getRequestListener, RequestError } from '@hono/node-server';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import { createRequire } from 'node:module';

/** The operators' REST routes' credentials: `Authorization: Bearer <token>`, compared in constant time. */
function hasBearerToken(header, token) {
    // The scheme is case-insensitive (RFC 9110, section 11.1).
    const given = header?.match(/^Bearer +(.+)$/i)?.[1];
    return given !== undefined && sameText(given, token);
}
/** Compares in time that depends on the expected token's length only, not on where the first difference is. */
function sameText(given, expected) {
    let difference = given.length ^ expected.length;
    for (let index = 0; index < expected.length; index++) {
        // Past the end of `given`, charCodeAt is NaN, which `^` reads as 0: the loop always runs the expected length.
        difference |= expected.charCodeAt(index) ^ given.charCodeAt(index);
    }
    return difference === 0;
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

const STATUS = {
    invalid_request: 400,
    invalid_json: 400,
    invalid_segments: 400,
    invalid_revision: 400,
    invalid_session: 400,
    unauthorized: 401,
    origin_not_allowed: 403,
    website_not_found: 404,
    not_found: 404,
    method_not_allowed: 405,
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

/** Revisions as the protocol fixes them, one definition for the SDK and the service. */
/** A non-negative safe integer: how JSON carries a stored revision, a status, a time or a sequence number. */
function isWholeNumber(value) {
    return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}
/** A revision a change carries: a positive safe integer. */
function isChangeRevision(value) {
    return isWholeNumber(value) && value >= 1;
}

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
/** An operator's body: PUT `{"segments": [...]}` replaces the list, PATCH `{"segments"?, "remove"?}` edits it. */
function parseEditBody(text, method) {
    const parsed = parseObject(text);
    if (!parsed.ok)
        return parsed;
    const { body } = parsed;
    if (method === "PUT") {
        const segments = segmentsField(body, "segments", "required", MAX_SEGMENTS);
        return segments.ok ? { ok: true, change: { overwrite: true, segments: segments.list } } : segments;
    }
    const segments = segmentsField(body, "segments", "empty", MAX_SEGMENTS);
    if (!segments.ok)
        return segments;
    const remove = segmentsField(body, "remove", "empty", Number.POSITIVE_INFINITY);
    if (!remove.ok)
        return remove;
    return { ok: true, change: { overwrite: false, segments: segments.list, remove: remove.list } };
}

/** Operators may send a full list with long, multi-byte segments: more room than the SDK's 16 KiB. */
const MAX_EDIT_BYTES = 64 * 1024;
const DEFAULT_LIST_LIMIT = 100;
const MAX_LIST_LIMIT = 1000;
function addApiRoutes(app, config, paths) {
    const { apiToken, store } = config;
    const guard = async (c, next) => {
        if (apiToken === undefined) {
            return failure(c, "not_found", "the REST API is off: give the handler an apiToken (the demo: SEGMENTS_API_TOKEN)");
        }
        if (!hasBearerToken(c.req.header("Authorization"), apiToken)) {
            return failure(c, "unauthorized", "send Authorization: Bearer <api token>", { "WWW-Authenticate": "Bearer" });
        }
        if (findWebsite(config, c.req.param("website") ?? "") === undefined)
            return unknownWebsite(c);
        await next();
    };
    app.use(paths.apiSessions, guard);
    app.use(paths.apiSession, guard);
    app.get(paths.apiSessions, async (c) => {
        const sessions = await store.listSessions(c.req.param("website") ?? "", listLimit(c.req.query("limit")));
        return success(c, "resolved", {
            sessions: sessions.map((session) => ({
                session_id: session.sessionId,
                segments: session.segments,
                revision: session.revision,
                updated_at: new Date(session.updatedAt).toISOString(),
            })),
        });
    });
    app.all(paths.apiSessions, (c) => failure(c, "method_not_allowed", "use GET", { Allow: "GET" }));
    app.on(["GET", "PUT", "PATCH"], paths.apiSession, async (c) => {
        const website = c.req.param("website") ?? "";
        const session = c.req.param("session") ?? "";
        const refused = refuseSessionId(c, session);
        if (refused)
            return refused;
        if (c.req.method === "GET")
            return success(c, "resolved", sessionData(await store.get(website, session)));
        const method = c.req.method === "PUT" ? "PUT" : "PATCH";
        return applyBody(c, MAX_EDIT_BYTES, (text) => parseEditBody(text, method), ({ change }) => store.edit(website, session, change));
    });
    app.all(paths.apiSession, (c) => failure(c, "method_not_allowed", "use GET, PUT or PATCH", { Allow: "GET, PUT, PATCH" }));
}
function listLimit(asked) {
    const limit = Number(asked ?? DEFAULT_LIST_LIMIT);
    return Number.isInteger(limit) ? Math.min(Math.max(limit, 1), MAX_LIST_LIMIT) : DEFAULT_LIST_LIMIT;
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
            return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / limit.rate)) };
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
        apiSession: `${basePath}/v1/api/website/:website/session/:session/segments`,
        apiSessions: `${basePath}/v1/api/website/:website/sessions`,
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
    if (options.apiToken !== undefined && options.apiToken.length < 16) {
        throw new TypeError("apiToken must be at least 16 characters long");
    }
    return {
        websites,
        store: options.store,
        basePath: normalizeBasePath(options.basePath),
        sessionLimiter: limiter(limits.perSession, DEFAULT_SESSION_LIMIT),
        addressLimiter: limiter(limits.perAddress, DEFAULT_ADDRESS_LIMIT),
        apiToken: options.apiToken,
        clientAddress: options.clientAddress ?? (() => undefined),
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
    const paths = routePaths(config.basePath);
    addSessionRoute(app, config, paths.session);
    addApiRoutes(app, config, paths);
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
        const file = await realpath(join(realRoot, ...parts));
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

/**
 * The folding algebra of docs/protocol.md: operations on a session's list, and the single pending change that any run
 * of them folds into. Pure functions; only `applyInPlace` changes what it is given, the set it applies to, so
 * that a command costs the size of its own list.
 */
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

/** A store in a Map, for tests and throwaway services: JavaScript's single thread makes each call atomic. */
/** The sessions of every website, in Maps: any website or session id, `__proto__` included, is just a key. */
function sessionTable(now, emit) {
    const websites = new Map();
    return {
        read: (websiteId, sessionId) => websites.get(websiteId)?.get(sessionId) ?? emptySession(),
        write(websiteId, sessionId, next) {
            let sessions = websites.get(websiteId);
            if (sessions === undefined) {
                sessions = new Map();
                websites.set(websiteId, sessions);
            }
            // Delete first so that Map order stays "least recently changed first".
            sessions.delete(sessionId);
            const updatedAt = now();
            sessions.set(sessionId, { segments: next.segments.slice(), revision: next.revision, updatedAt });
            emit({ websiteId, sessionId, segments: next.segments, revision: next.revision, updatedAt });
        },
        newestFirst(websiteId, limit) {
            const rows = [...(websites.get(websiteId) ?? new Map())].reverse().slice(0, Math.max(0, limit));
            return rows.map(([sessionId, row]) => ({ sessionId, ...row, segments: row.segments.slice() }));
        },
    };
}
function createMemoryStore(options = {}) {
    const feed = createChangeEmitter();
    const { read, write, newestFirst } = sessionTable(options.now ?? Date.now, feed.emit);
    return {
        subscribe: feed.subscribe,
        async get(websiteId, sessionId) {
            const { segments, revision } = read(websiteId, sessionId);
            return { segments: segments.slice(), revision };
        },
        async applyChange(websiteId, sessionId, revision, change) {
            const { result, next } = decideChange(read(websiteId, sessionId), revision, change);
            if (next)
                write(websiteId, sessionId, next);
            return result;
        },
        async edit(websiteId, sessionId, change) {
            const { result, next } = decideEdit(read(websiteId, sessionId), change);
            if (next)
                write(websiteId, sessionId, next);
            return result;
        },
        listSessions: async (websiteId, limit) => newestFirst(websiteId, limit),
    };
}

const MAX_PAYLOAD_BYTES = 7_999;
function encodeNotice(change) {
    const { websiteId: w, sessionId: s, revision: r, updatedAt: u, segments: g } = change;
    const full = JSON.stringify({ w, s, r, u, g });
    return Buffer.byteLength(full) <= MAX_PAYLOAD_BYTES ? full : JSON.stringify({ w, s, r, u });
}
/** Throws on a payload that is not one of ours: the channel is the store's own, so that is a bug to hear of. */
function decodeNotice(payload) {
    const { w, s, r, u, g } = JSON.parse(payload);
    const segmentsOk = g === undefined || (Array.isArray(g) && g.every((x) => typeof x === "string"));
    if (typeof w !== "string" || typeof s !== "string" || typeof r !== "number" || typeof u !== "number" || !segmentsOk) {
        throw new Error(`segments change feed: malformed notice ${payload.slice(0, 200)}`);
    }
    const notice = { websiteId: w, sessionId: s, revision: r, updatedAt: u };
    if (g !== undefined)
        notice.segments = g;
    return notice;
}

function createPostgresFeed(sql, channel, queries, onError) {
    const emitter = createChangeEmitter();
    let listening;
    let queue = Promise.resolve();
    const complete = async (notice) => {
        if (notice.segments !== undefined)
            return { ...notice, segments: notice.segments };
        const row = await queries.read(notice.websiteId, notice.sessionId);
        if (row === undefined)
            throw new Error(`segments change feed: session ${notice.sessionId} is gone`);
        return { ...notice, segments: row.segments, revision: Number(row.revision), updatedAt: Number(row.updated_at) };
    };
    const hear = (payload) => {
        queue = queue.then(() => complete(decodeNotice(payload))).then(emitter.emit, onError);
    };
    return {
        async subscribe(listener) {
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
    const sessions = sql(`${schema}.sessions`);
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
    };
}

/** Schema steps, run in order inside the store's schema. Append only: never edit a shipped step. */
const MIGRATIONS$1 = [
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
];
const POSTGRES_SCHEMA_VERSION = MIGRATIONS$1.length;
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
 * once take turns: the second finds the work done.
 */
async function migrate$1(sql, schema) {
    await sql.begin(async (tx) => {
        await tx `SELECT pg_advisory_xact_lock(hashtext(${`crisp-segments:${schema}`}))`;
        await tx.unsafe(`CREATE SCHEMA IF NOT EXISTS "${schema}";
       CREATE TABLE IF NOT EXISTS "${schema}".migrations (step integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
        const [row] = await tx `SELECT count(*)::int AS done FROM ${tx(schema)}.migrations`;
        const done = row?.done ?? 0;
        if (done > POSTGRES_SCHEMA_VERSION) {
            throw new Error(`schema "${schema}" is at version ${done}; this code knows up to ${POSTGRES_SCHEMA_VERSION}`);
        }
        for (let step = done; step < POSTGRES_SCHEMA_VERSION; step++) {
            await tx.unsafe(`SET LOCAL search_path TO "${schema}"; ${MIGRATIONS$1[step] ?? ""}`);
            await tx `INSERT INTO ${tx(schema)}.migrations (step) VALUES (${step + 1})`;
        }
    });
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
        connection: { application_name: "crisp-segments", synchronous_commit: options.synchronousCommit ? "on" : "off" },
    });
    try {
        await migrate$1(sql, schema);
    }
    catch (error) {
        await sql.end({ timeout: 1 });
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`cannot open the segments store on PostgreSQL at ${redactUrl(options.url)}: ${reason}`, {
            cause: error,
        });
    }
    return openStore(sql, schema, options);
}
function openStore(sql, schema, options) {
    const now = options.now ?? Date.now;
    const channel = `${schema}.changes`;
    const queries = sessionQueries(sql, schema, channel);
    const stateOf = (row) => row === undefined ? emptySession() : { segments: row.segments, revision: Number(row.revision) };
    /** Decides on the stored row and writes; a write that lost a race is decided again on what won. */
    async function decideAndWrite(websiteId, sessionId, decide, rule) {
        for (;;) {
            const row = await queries.read(websiteId, sessionId);
            const { result, next } = decide(stateOf(row));
            if (next === undefined)
                return result;
            const change = { websiteId, sessionId, ...next, updatedAt: now() };
            if (await queries.write(change, row?.version ?? "0", rule))
                return result;
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
        subscribe: createPostgresFeed(sql, channel, queries, options.onError ?? console.error).subscribe,
        async close() {
            await sql.end({ timeout: 5 });
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

/**
 * The embedded store: one SQLite file through better-sqlite3. Writes are committed in groups (group-commit.ts),
 * each group one IMMEDIATE transaction, so that concurrent writers from other processes queue instead of
 * deadlocking on a read-then-write upgrade.
 */
/** Schema steps; `PRAGMA user_version` holds how many have run. Append only: never edit a shipped step. */
const MIGRATIONS = [
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
];
const SCHEMA_VERSION = MIGRATIONS.length;
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
function migrate(db) {
    db.transaction(() => {
        // Read inside the write lock: another process opening the same file may have migrated it meanwhile.
        const version = Number(db.pragma("user_version", { simple: true }));
        if (version > SCHEMA_VERSION) {
            throw new Error(`segments database has schema ${version}; this code knows up to ${SCHEMA_VERSION}`);
        }
        for (let step = version; step < SCHEMA_VERSION; step++) {
            db.exec(MIGRATIONS[step] ?? "");
            db.pragma(`user_version = ${step + 1}`);
        }
    }).immediate();
}
/** Rows are read back defensively: a damaged file must fail loudly, not feed odd values to visitors. */
function toState(row) {
    const segments = JSON.parse(row.segments);
    if (!Array.isArray(segments) || !segments.every((s) => typeof s === "string")) {
        throw new Error("segments database holds a malformed segment list");
    }
    return { segments, revision: row.revision };
}
function openDatabase(filename) {
    const Driver = loadDriver();
    const db = new Driver(filename);
    try {
        db.pragma("journal_mode = WAL");
        // In WAL, NORMAL syncs at checkpoints, not at every commit: a crash of the process loses nothing; a power cut
        // may lose the last acknowledged changes, never the file. The usual trade for a commit without an fsync.
        db.pragma("synchronous = NORMAL");
        db.pragma("busy_timeout = 5000");
        migrate(db);
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
        /** Writes `next`, and returns what the feed tells once the transaction has committed. */
        write(websiteId, sessionId, next) {
            const updatedAt = now();
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
function committer(db, sql, emit) {
    const commitAll = db.transaction((jobs) => jobs.map((job) => {
        try {
            const { result, next } = job.decide(sql.read(job.websiteId, job.sessionId));
            return { ok: true, value: { result, stored: next && sql.write(job.websiteId, job.sessionId, next) } };
        }
        catch (error) {
            // A job that fails alone is that job's answer; the others still commit.
            return { ok: false, error };
        }
    }));
    return groupCommit((jobs) => {
        const outcomes = commitAll.immediate(jobs);
        for (const outcome of outcomes)
            if (outcome.ok && outcome.value.stored)
                emit(outcome.value.stored);
        return outcomes;
    });
}
function createSqliteStore(options) {
    const db = openDatabase(options.filename);
    const sql = statements(db, options.now ?? Date.now);
    const feed = createChangeEmitter();
    const commit = committer(db, sql, feed.emit);
    return {
        subscribe: feed.subscribe,
        get: async (websiteId, sessionId) => sql.read(websiteId, sessionId),
        // Each result is what its own `decide` returned: decideChange's or decideEdit's.
        applyChange: async (websiteId, sessionId, revision, change) => (await commit({ websiteId, sessionId, decide: (current) => decideChange(current, revision, change) }))
            .result,
        edit: async (websiteId, sessionId, change) => (await commit({ websiteId, sessionId, decide: (current) => decideEdit(current, change) })).result,
        listSessions: async (websiteId, limit) => sql.recent(websiteId, limit),
        close: () => db.close(),
    };
}

export { createMemoryStore, createNodeListener, createPostgresStore, createSegmentsHandler, createSqliteStore, createStaticFiles, serveNode };
//# sourceMappingURL=server.mjs.map
