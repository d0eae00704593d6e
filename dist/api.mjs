import ky, { HTTPError, TimeoutError } from 'ky';

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

/**
 * A list route's page and search, from its path and query string, as crisp-api sends them: `per_page`,
 * `search_type=segment|filter` with `search_query`, `search_operator=and|or`, `search_filter` and `search_text`
 * (filters are JSON arrays of `{model, criterion: "segments", operator: "eq", query: [...]}`); and our `cursor`
 * (list-cursor.ts). Pure.
 */
const MIN_PER_PAGE = 20;
const MAX_PER_PAGE = 50;

/**
 * A call's arguments, checked before any request with the rules the SDK and the service apply (protocol/ids,
 * protocol/segments, the service's meta, people id, page and batch rules): a bad one throws a one-line TypeError naming it and what was
 * expected, and nothing is sent.
 */
function refuse(name, value, expected) {
    throw new TypeError(`crisp-segments/api: ${name} is ${preview(value)}; expected ${expected}`);
}
function websiteIdArg(value) {
    return isWebsiteId(value) ? value : refuse("websiteId", value, WEBSITE_ID_RULE);
}
function sessionIdArg(value, name = "sessionId") {
    return isSessionId(value) ? value : refuse(name, value, "session_ followed by a lowercase UUID v4");
}
function peopleIdArg(value, name = "peopleId") {
    return isPeopleId(value) ? value : refuse(name, value, PEOPLE_ID_RULE);
}
/** The list normalised (NFC, trimmed, duplicates dropped) as the service would store it. */
function segmentsArg(value, name = "segments", max = MAX_SEGMENTS) {
    const check = checkSegments(value, max);
    if (check.ok)
        return check.segments;
    throw new TypeError(`crisp-segments/api: ${describeSegmentProblem(check.problem, name)}`);
}
/** What to remove never lands in the list, so it has no cap. */
function removalArg(value, name = "segments") {
    return segmentsArg(value, name, Number.POSITIVE_INFINITY);
}
function editArg(value) {
    if (typeof value !== "object" || value === null)
        refuse("the edit", value, "{ add?: string[], remove?: string[] }");
    return { add: segmentsArg(value.add ?? [], "add"), remove: removalArg(value.remove ?? [], "remove") };
}
function metaArg(value) {
    const check = readMeta(value);
    if (check.ok)
        return check.meta;
    if (check.field === "meta")
        return refuse("meta", value, check.expected);
    return refuse(`meta.${check.field}`, value[check.field], check.expected);
}
function emailArg(value) {
    // The service decides what an email is; a non-string is refused here, where the caller's line is.
    return typeof value === "string" && value.trim() !== "" ? value : refuse("email", value, "an email address");
}
function optionalString(value, name) {
    return value === undefined || typeof value === "string" ? value : refuse(name, value, "a string");
}
function pageArg(value) {
    return Number.isInteger(value) && value >= 1 ? value : refuse("page", value, "1 or more");
}
function perPageArg(value = MAX_PER_PAGE) {
    if (Number.isInteger(value) && value >= MIN_PER_PAGE && value <= MAX_PER_PAGE) {
        return value;
    }
    return refuse("perPage", value, `a whole number from ${MIN_PER_PAGE} to ${MAX_PER_PAGE}`);
}
function filterArg(value) {
    const match = value.match ?? "all";
    if (match !== "all" && match !== "any")
        refuse("match", match, '"all" or "any"');
    return { segments: segmentsArg(value.segments ?? []), match };
}
/** A batch's targets: 1 to the service's limit of ids, each checked by `check`. */
function idsArg(value, name, check) {
    if (!Array.isArray(value) || value.length === 0 || value.length > MAX_BATCH_TARGETS) {
        refuse(name, value, `an array of 1 to ${MAX_BATCH_TARGETS} ids`);
    }
    return value.map((id, index) => check(id, `${name}[${index}]`));
}
/** A batch's segments: at least one, as the service wants something to add. */
function batchSegmentsArg(value) {
    const segments = segmentsArg(value);
    return segments.length > 0 ? segments : refuse("segments", value, "at least one segment to add");
}

class SegmentsApiError extends Error {
    name = "SegmentsApiError";
    status;
    reason;
    detail;
    method;
    path;
    retryAfterMs;
    constructor(fields) {
        const answer = fields.status === null ? fields.reason : `${fields.status} ${fields.reason}`;
        super(`${fields.method} ${fields.path}: ${answer}: ${fields.detail}`, { cause: fields.cause });
        this.status = fields.status;
        this.reason = fields.reason;
        this.detail = fields.detail;
        this.method = fields.method;
        this.path = fields.path;
        this.retryAfterMs = fields.retryAfterMs ?? null;
    }
}
/** Thrown by the decoders when an answer's data is not of the documented shape; the call turns it into an error. */
class ResponseShapeError extends Error {
    name = "ResponseShapeError";
}

/**
 * The answers' `data`, checked against the REST API's shapes and renamed to the client's (snake_case on the wire,
 * camelCase here). A shape that does not match throws ResponseShapeError, which the call reports as
 * `invalid_response`: the types the client promises are the types it hands over.
 */
function isRecord(value) {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
function wrong(where, expected) {
    throw new ResponseShapeError(`the answer's ${where} is not ${expected}`);
}
function record(value, where) {
    return isRecord(value) ? value : wrong(where, "an object");
}
function string(value, where) {
    return typeof value === "string" ? value : wrong(where, "a string");
}
function time(value, where) {
    return typeof value === "number" && Number.isFinite(value) ? value : wrong(where, "a time in ms");
}
function strings(value, where) {
    if (!Array.isArray(value) || !value.every((item) => typeof item === "string"))
        wrong(where, "a list of strings");
    return value;
}
function list(value, where, item) {
    if (!Array.isArray(value))
        wrong(where, "a list");
    return value.map((entry, index) => item(entry, `${where}[${index}]`));
}
/** The meta fields the service keeps (its own rule, team-rules' readMeta), without anything else. */
function meta(value, where) {
    const check = readMeta(value);
    return check.ok ? check.meta : wrong(`${where}.${check.field}`, check.expected);
}
function metaWithSegments(data) {
    return { ...meta(data, "data"), segments: strings(record(data, "data").segments, "data.segments") };
}
function conversation(value, where) {
    const row = record(value, where);
    const read = {
        sessionId: string(row.session_id, `${where}.session_id`),
        websiteId: string(row.website_id, `${where}.website_id`),
        segments: strings(row.segments, `${where}.segments`),
        meta: meta(row.meta ?? {}, `${where}.meta`),
        updatedAt: time(row.updated_at, `${where}.updated_at`),
    };
    if (row.created_at !== undefined)
        read.createdAt = time(row.created_at, `${where}.created_at`);
    return read;
}
const conversations = (data) => list(data, "data", conversation);
function contact(value, where) {
    const row = record(value, where);
    const person = row.person === undefined ? {} : record(row.person, `${where}.person`);
    return {
        peopleId: string(row.people_id, `${where}.people_id`),
        email: string(row.email, `${where}.email`),
        nickname: person.nickname === undefined ? "" : string(person.nickname, `${where}.person.nickname`),
        segments: strings(row.segments, `${where}.segments`),
        createdAt: time(row.created_at, `${where}.created_at`),
        updatedAt: time(row.updated_at, `${where}.updated_at`),
    };
}
const oneContact = (data) => contact(data, "data");
const contacts = (data) => list(data, "data", contact);
const peopleId = (data) => string(record(data, "data").people_id, "data.people_id");
/** The list an atomic edit left: `{ segments }`. */
const editedSegments = (data) => strings(record(data, "data").segments, "data.segments");
function segmentCount(value, where) {
    const row = record(value, where);
    const count = row.count;
    if (typeof count !== "number" || !Number.isInteger(count) || count < 0)
        wrong(`${where}.count`, "a count");
    return { segment: string(row.segment, `${where}.segment`), count };
}
const segmentCounts = (data) => list(data, "data", segmentCount);
function batchResult(data) {
    const result = record(data, "data");
    return {
        updated: strings(result.updated, "data.updated"),
        notFound: strings(result.not_found, "data.not_found"),
        tooMany: strings(result.too_many, "data.too_many"),
    };
}
/** For calls whose answer carries nothing (`data: {}`): any data is fine. */
const nothing = () => undefined;

/** The REST API's paths, relative to the base URL, each id encoded as one path segment. */
const website = (websiteId) => `v1/website/${encodeURIComponent(websiteId)}`;
const paths = {
    conversationMeta: (websiteId, sessionId) => `${website(websiteId)}/conversation/${encodeURIComponent(sessionId)}/meta`,
    conversationSegments: (websiteId, sessionId) => `${website(websiteId)}/conversation/${encodeURIComponent(sessionId)}/segments`,
    conversations: (websiteId, page) => `${website(websiteId)}/conversations/${page}`,
    conversationSuggestions: (websiteId, page) => `${website(websiteId)}/conversations/suggest/segments/${page}`,
    newProfile: (websiteId) => `${website(websiteId)}/people/profile`,
    profile: (websiteId, peopleId) => `${website(websiteId)}/people/profile/${encodeURIComponent(peopleId)}`,
    profileSegments: (websiteId, peopleId) => `${website(websiteId)}/people/profile/${encodeURIComponent(peopleId)}/segments`,
    profiles: (websiteId, page) => `${website(websiteId)}/people/profiles/${page}`,
    peopleSuggestions: (websiteId, page) => `${website(websiteId)}/people/suggest/segments/${page}`,
    batchSegments: (websiteId) => `${website(websiteId)}/batch/segments`,
};

/** `api.batch`: segments added to many conversations or contacts in one call, as Crisp's batch route does. */
function batchApi(http) {
    return {
        async addToConversations(websiteId, sessionIds, segments) {
            const path = paths.batchSegments(websiteIdArg(websiteId));
            const json = { sessions: idsArg(sessionIds, "sessionIds", sessionIdArg), segments: batchSegmentsArg(segments) };
            return http.data({ method: "PATCH", path, json }, batchResult);
        },
        async addToPeople(websiteId, peopleIds, segments) {
            const path = paths.batchSegments(websiteIdArg(websiteId));
            const json = {
                people: { profiles: idsArg(peopleIds, "peopleIds", peopleIdArg) },
                segments: batchSegmentsArg(segments),
            };
            return http.data({ method: "PATCH", path, json }, batchResult);
        },
    };
}

/**
 * Walks a paginated list one page per request, only as far as the caller reads: a page shorter than asked for is
 * the last. Each page after the first is asked for after the last row of the one before (the cursor the service
 * answers), so a deep page costs what a first one does; it is asked by number too, for a service that answers no
 * cursor. The list is live, ordered by last change: a row changed during the walk may be met twice or not at
 * all; a walk is not a snapshot.
 */
async function* walkPages(fetchPage, perPage) {
    let cursor;
    for (let page = 1;; page++) {
        const { data, next } = await fetchPage(page, cursor);
        yield* data;
        if (data.length < perPage)
            return;
        cursor = next;
    }
}
/** The page's query string, with the cursor to follow when there is one. */
function withCursor(searchParams, cursor) {
    if (cursor === undefined)
        return searchParams;
    const next = new URLSearchParams(searchParams);
    next.set("cursor", cursor);
    return next;
}

/**
 * The list routes' query strings, as Crisp's REST API and its crisp-api client spell them: a segment filter is a
 * JSON array of criteria in one parameter, and `search_operator` says whether a row needs all of them or any.
 */
const OPERATOR = { all: "and", any: "or" };
/** One criterion per segment, so that `and` means every segment and `or` any of them. */
function criteria(model, segments) {
    return JSON.stringify(segments.map((segment) => ({ model, criterion: "segments", operator: "eq", query: [segment] })));
}
function conversationSearch(query) {
    const params = new URLSearchParams();
    if (query.perPage !== undefined)
        params.set("per_page", String(query.perPage));
    if (query.segments.length > 0) {
        params.set("search_type", "filter");
        params.set("search_query", criteria("session", query.segments));
        params.set("search_operator", OPERATOR[query.match]);
    }
    return params;
}
function peopleSearch(query) {
    const params = new URLSearchParams();
    if (query.perPage !== undefined)
        params.set("per_page", String(query.perPage));
    if (query.segments.length > 0) {
        params.set("search_filter", criteria("people", query.segments));
        params.set("search_operator", OPERATOR[query.match]);
    }
    if (query.text)
        params.set("search_text", query.text);
    return params;
}

/** `api.conversations`: a conversation's meta and segments, the filtered list, and the segments in use. */
// Not async: a bad argument throws where `list` is called, before the first page is asked for.
function listConversations(http, websiteId, options = {}) {
    const website = websiteIdArg(websiteId);
    const perPage = perPageArg(options.perPage);
    const searchParams = conversationSearch({ ...filterArg(options), perPage });
    const page = (number, cursor) => http.page({ method: "GET", path: paths.conversations(website, number), searchParams: withCursor(searchParams, cursor) }, conversations);
    return walkPages(page, perPage);
}
function conversationsApi(http) {
    // Every call is async, so that a bad argument rejects like a refusal would, before anything is sent.
    async function getMeta(websiteId, sessionId) {
        const path = paths.conversationMeta(websiteIdArg(websiteId), sessionIdArg(sessionId));
        return http.data({ method: "GET", path }, metaWithSegments);
    }
    async function updateMeta(websiteId, sessionId, update) {
        const path = paths.conversationMeta(websiteIdArg(websiteId), sessionIdArg(sessionId));
        const segments = update.segments === undefined ? {} : { segments: segmentsArg(update.segments) };
        return http.data({ method: "PATCH", path, json: { ...metaArg(update), ...segments } }, nothing);
    }
    /** The atomic edit, its lists already checked. */
    async function edit(websiteId, sessionId, checked) {
        const path = paths.conversationSegments(websiteIdArg(websiteId), sessionIdArg(sessionId));
        return http.data({ method: "PATCH", path, json: checked }, editedSegments);
    }
    return {
        getMeta,
        updateMeta,
        getSegments: async (websiteId, sessionId) => (await getMeta(websiteId, sessionId)).segments,
        async setSegments(websiteId, sessionId, segments) {
            const list = segmentsArg(segments);
            await updateMeta(websiteId, sessionId, { segments: list });
            return list;
        },
        editSegments: async (websiteId, sessionId, changes) => edit(websiteId, sessionId, editArg(changes)),
        addSegments: async (websiteId, sessionId, segments) => edit(websiteId, sessionId, { add: segmentsArg(segments), remove: [] }),
        removeSegments: async (websiteId, sessionId, segments) => edit(websiteId, sessionId, { add: [], remove: removalArg(segments) }),
        list: (websiteId, options) => listConversations(http, websiteId, options),
        async suggestSegments(websiteId, page = 1) {
            const path = paths.conversationSuggestions(websiteIdArg(websiteId), pageArg(page));
            return http.data({ method: "GET", path }, segmentCounts);
        },
    };
}

/**
 * The failure policy of docs/protocol.md as pure functions: what each answer means, how long to wait before trying
 * again, and how to read `Retry-After`.
 */
const DEFAULT_BACKOFF = { baseMs: 300, capMs: 30_000 };
/** Exponential delay for the `attempt`-th retry (1-based), capped. */
function backoffDelay(attempt, policy = DEFAULT_BACKOFF) {
    const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
    return Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
}
/**
 * "Equal jitter": half of the delay is kept, the other half is random. Clients that failed together spread out,
 * yet none retries at once.
 */
function jitter(delay, random = Math.random) {
    return delay / 2 + random() * (delay / 2);
}
/** `Retry-After` as seconds or an HTTP date, in ms from `now`; null when absent or unreadable. */
function retryAfterMs(header, now) {
    if (header === null || header === undefined)
        return null;
    const value = header.trim();
    if (/^\d+(\.\d+)?$/.test(value))
        return Math.ceil(Number(value) * 1000);
    // An HTTP date names a month and a four-digit year; Date.parse alone takes junk such as "-5" for a date.
    if (!/[A-Za-z]{3}/.test(value) || !/\d{4}/.test(value))
        return null;
    const date = Date.parse(value);
    if (Number.isNaN(date))
        return null;
    return Math.max(0, date - now);
}
/** Status codes ky retries for us, with backoff, and those after which it honours `Retry-After`. */
[408, 429, ...Array.from({ length: 100 }, (_, index) => 500 + index)];

/**
 * The one ky instance of a client: Basic auth and `X-Crisp-Tier: plugin` on every request, the envelope read on
 * every answer, and every failure turned into a SegmentsApiError naming the method and path.
 *
 * Retries (ky's): every method this client sends but POST is idempotent here. GET reads; PUT and DELETE are by
 * definition; and each PATCH of the REST API sets fields, replaces a list, or adds or removes a set of segments,
 * so that sending it twice leaves what sending it once does. POST creates a contact and is never retried: an answer
 * lost on the way would otherwise create it twice (or answer 409 for the contact it did create).
 */
const RETRIED_METHODS = ["get", "put", "patch", "delete"];
// 413 is left out of ky's list: a body too large stays too large. 501 and 505 will not change either.
const RETRIED_STATUSES = [408, 429, 500, 502, 503, 504];
function createHttp(config) {
    const client = createKy(config);
    const pathOf = (call) => new URL(call.path, config.baseUrl).pathname;
    const where = (call) => ({ method: call.method, path: pathOf(call) });
    async function send(call, accept) {
        try {
            return await client(call.path, {
                method: call.method,
                json: call.json,
                searchParams: call.searchParams,
                headers: { Accept: accept },
            });
        }
        catch (error) {
            throw await failureOf(error, call.method, pathOf(call), config.timeoutMs);
        }
    }
    async function page(call, decode) {
        const response = await send(call, "application/json");
        const body = await bodyOf(response, where(call));
        try {
            return { data: decode(envelopeData(body)), next: response.headers.get("X-Next-Cursor") ?? undefined };
        }
        catch (error) {
            if (!(error instanceof ResponseShapeError))
                throw error;
            const detail = error.message;
            throw new SegmentsApiError({ status: response.status, reason: "invalid_response", detail, ...where(call) });
        }
    }
    return {
        page,
        data: async (call, decode) => (await page(call, decode)).data,
        async csv(call) {
            const response = await send(call, "text/csv");
            const type = response.headers.get("Content-Type") ?? "";
            if (!type.startsWith("text/csv")) {
                void response.body?.cancel().catch(() => undefined);
                const detail = `answered ${preview(type)} where text/csv was asked for`;
                throw new SegmentsApiError({ status: response.status, reason: "invalid_response", detail, ...where(call) });
            }
            return bodyOf(response, where(call));
        },
    };
}
/** The body, read to its end; a connection lost on the way is a network error too. */
async function bodyOf(response, at) {
    try {
        return await response.text();
    }
    catch (error) {
        const detail = `the answer was cut before its end: ${describe(error)}`;
        throw new SegmentsApiError({ status: response.status, reason: "network_error", detail, ...at });
    }
}
function createKy(config) {
    const credentials = base64(new TextEncoder().encode(`${config.identifier}:${config.key}`));
    return ky.create({
        prefixUrl: config.baseUrl,
        headers: { Authorization: `Basic ${credentials}`, "X-Crisp-Tier": "plugin" },
        timeout: config.timeoutMs,
        ...(config.fetch ? { fetch: config.fetch } : {}),
        retry: {
            methods: RETRIED_METHODS,
            limit: config.retryLimit,
            statusCodes: RETRIED_STATUSES,
            afterStatusCodes: [429, 503],
            maxRetryAfter: config.maxRetryAfterMs,
            retryOnTimeout: true,
            delay: (attempt) => jitter(backoffDelay(attempt, DEFAULT_BACKOFF)),
            // ky would wait `maxRetryAfter` and try again where the service asked for longer: give up instead, and
            // let the error's retryAfterMs tell the caller when to come back.
            shouldRetry: ({ error }) => {
                if (!(error instanceof HTTPError))
                    return undefined;
                const wait = retryAfterMs(error.response.headers.get("Retry-After"), Date.now());
                return wait !== null && wait > config.maxRetryAfterMs ? false : undefined;
            },
        },
    });
}
function base64(bytes) {
    let binary = "";
    for (const byte of bytes)
        binary += String.fromCharCode(byte);
    return btoa(binary);
}
/** The `data` of a successful envelope; throws ResponseShapeError for anything else. */
function envelopeData(text) {
    let body;
    try {
        body = JSON.parse(text);
    }
    catch {
        throw new ResponseShapeError("the answer is not JSON");
    }
    if (!isRecord(body) || body.error !== false || !("data" in body)) {
        throw new ResponseShapeError("the answer is not the service's {error, reason, data} envelope");
    }
    return body.data;
}
async function failureOf(error, method, path, timeoutMs) {
    if (error instanceof HTTPError)
        return refusal(error.response, method, path);
    if (error instanceof TimeoutError) {
        const detail = `no answer within ${timeoutMs} ms`;
        return new SegmentsApiError({ status: null, reason: "timeout", detail, method, path, cause: error });
    }
    const detail = `the request failed before any answer: ${describe(error)}`;
    return new SegmentsApiError({ status: null, reason: "network_error", detail, method, path, cause: error });
}
/** An error answer: the service's reason and message from its envelope, or `invalid_response` without one. */
async function refusal(response, method, path) {
    const retryAfter = retryAfterMs(response.headers.get("Retry-After"), Date.now());
    const fields = { status: response.status, method, path, retryAfterMs: retryAfter };
    const body = await response.text().then(parseOrNull, () => null);
    if (isRecord(body) && body.error === true && typeof body.reason === "string") {
        const message = isRecord(body.data) && typeof body.data.message === "string" ? body.data.message : "";
        return new SegmentsApiError({ ...fields, reason: body.reason, detail: message || "no message" });
    }
    const detail = `answered ${response.status} without the service's envelope; is baseUrl the segments service?`;
    return new SegmentsApiError({ ...fields, reason: "invalid_response", detail });
}
function parseOrNull(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return null;
    }
}
/** Node's fetch says only "fetch failed"; the cause names the socket's error (ECONNREFUSED, ENOTFOUND, ...). */
function describe(error) {
    if (!(error instanceof Error))
        return String(error);
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
    return `${error.message}${cause}`;
}

/** The client's options, checked and normalised once here so that the rest of src/api can trust them. */
const fail = (name, value, expected) => {
    throw new TypeError(`crisp-segments/api: ${name} is ${preview(value)}; expected ${expected}`);
};
function checkWhole(name, value, min, max) {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
        return fail(name, value, `a whole number from ${min} to ${max}`);
    }
    return value;
}
function checkBaseUrl(value) {
    let url;
    try {
        url = typeof value === "string" ? new URL(value) : undefined;
    }
    catch {
        url = undefined;
    }
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.search || url.hash) {
        return fail("baseUrl", value, 'an absolute http(s) URL without query, e.g. "https://segments.example.com"');
    }
    // Credentials go in the Authorization header only, never in a URL that logs may keep.
    if (url.username || url.password)
        return fail("baseUrl", value, "a URL without user name or password");
    return `${url.origin}${url.pathname.replace(/\/+$/, "")}/`;
}
function normalizeApiOptions(options) {
    if (typeof options !== "object" || options === null)
        fail("the options", options, "an object");
    const { identifier, key, retry = {}, timeoutMs = 10_000 } = options;
    // Basic auth splits on the first colon: an identifier holding one could never be read back.
    if (typeof identifier !== "string" || identifier === "" || identifier.includes(":")) {
        fail("identifier", identifier, "a non-empty string without a colon");
    }
    if (typeof key !== "string" || key === "")
        fail("key", key, "a non-empty string");
    if (options.fetch !== undefined && typeof options.fetch !== "function")
        fail("fetch", options.fetch, "a function");
    return {
        baseUrl: checkBaseUrl(options.baseUrl),
        identifier,
        key,
        retryLimit: checkWhole("retry.limit", retry.limit ?? 2, 0, 10),
        maxRetryAfterMs: checkWhole("retry.maxRetryAfterMs", retry.maxRetryAfterMs ?? 60_000, 0, 3_600_000),
        timeoutMs: checkWhole("timeoutMs", timeoutMs, 1, 600_000),
        fetch: options.fetch,
    };
}

/** `api.people`: contacts (people profiles) with their segments, the filtered list and its CSV export. */
/** The body of a create or an update: the fields given, in the REST API's shape. */
function profileBody(profile) {
    const body = {};
    if (profile.email !== undefined)
        body.email = emailArg(profile.email);
    const nickname = optionalString(profile.nickname, "nickname");
    if (nickname !== undefined)
        body.person = { nickname };
    if (profile.segments !== undefined)
        body.segments = segmentsArg(profile.segments);
    return body;
}
/** The list's query string, its arguments checked; without `perPage` for the CSV export, which answers all. */
function listSearch(options, perPage) {
    return peopleSearch({ ...filterArg(options), perPage, text: optionalString(options.text, "text") });
}
// Not async: a bad argument throws where `list` is called, before the first page is asked for.
function listPeople(http, websiteId, options = {}) {
    const website = websiteIdArg(websiteId);
    const perPage = perPageArg(options.perPage);
    const searchParams = listSearch(options, perPage);
    const page = (number, cursor) => http.page({ method: "GET", path: paths.profiles(website, number), searchParams: withCursor(searchParams, cursor) }, contacts);
    return walkPages(page, perPage);
}
/** The atomic edit, its lists already checked. */
async function editSegments(http, websiteId, id, checked) {
    const path = paths.profileSegments(websiteIdArg(websiteId), peopleIdArg(id));
    return http.data({ method: "PATCH", path, json: checked }, editedSegments);
}
function peopleApi(http) {
    const profilePath = (websiteId, id) => paths.profile(websiteIdArg(websiteId), peopleIdArg(id));
    const edit = (websiteId, id, checked) => editSegments(http, websiteId, id, checked);
    async function get(websiteId, id) {
        return http.data({ method: "GET", path: profilePath(websiteId, id) }, oneContact);
    }
    async function update(websiteId, id, changes) {
        const path = profilePath(websiteId, id);
        return http.data({ method: "PATCH", path, json: profileBody(changes) }, nothing);
    }
    return {
        async create(websiteId, profile) {
            const path = paths.newProfile(websiteIdArg(websiteId));
            const json = profileBody({ ...profile, email: emailArg(profile?.email) });
            return http.data({ method: "POST", path, json }, peopleId);
        },
        get,
        update,
        async delete(websiteId, id) {
            return http.data({ method: "DELETE", path: profilePath(websiteId, id) }, nothing);
        },
        getSegments: async (websiteId, id) => (await get(websiteId, id)).segments,
        async setSegments(websiteId, id, segments) {
            const list = segmentsArg(segments);
            await update(websiteId, id, { segments: list });
            return list;
        },
        editSegments: async (websiteId, id, changes) => edit(websiteId, id, editArg(changes)),
        addSegments: async (websiteId, id, segments) => edit(websiteId, id, { add: segmentsArg(segments), remove: [] }),
        removeSegments: async (websiteId, id, segments) => edit(websiteId, id, { add: [], remove: removalArg(segments) }),
        list: (websiteId, options) => listPeople(http, websiteId, options),
        async exportCsv(websiteId, options = {}) {
            const path = paths.profiles(websiteIdArg(websiteId), 1);
            return http.csv({ method: "GET", path, searchParams: listSearch(options) });
        },
        async suggestSegments(websiteId, page = 1) {
            const path = paths.peopleSuggestions(websiteIdArg(websiteId), pageArg(page));
            return http.data({ method: "GET", path }, segmentCounts);
        },
    };
}

/** `createSegmentsApi`: the options checked once, one ky instance, and the three groups of calls sharing it. */
/** Throws a TypeError naming the bad option; makes no request until a call does. */
function createSegmentsApi(options) {
    const http = createHttp(normalizeApiOptions(options));
    return { conversations: conversationsApi(http), people: peopleApi(http), batch: batchApi(http) };
}

export { SegmentsApiError, createSegmentsApi };
//# sourceMappingURL=api.mjs.map
