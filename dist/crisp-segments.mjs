import ky, { HTTPError } from 'ky';

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

const EVENT_NAMES = [
    "session:loaded",
    "session:segments:changed",
    "session:synced",
    "error",
];
function refuse(command, detail, message) {
    return {
        ok: false,
        error: { code: "invalid_command", command, message: `${preview(command)} refused: ${message}`, ...detail },
    };
}
function refuseSegments(command, list, usage) {
    const check = checkSegments(list);
    if (check.ok)
        return check.segments;
    const position = check.problem.index >= 0 ? `segments[${check.problem.index}]` : "segments";
    return refuse(command, { value: check.problem.value, position, expected: check.problem.expected }, `${describeSegmentProblem(check.problem)}. Usage: ${usage}`);
}
/** Reads `[segments, ...]` from the third element, with the hint for the missing inner array. */
function segmentsArgument(command, usage) {
    const args = command[2];
    if (!Array.isArray(args)) {
        return refuse(command, { value: args, position: "arguments", expected: "an array [segments, ...]" }, `the arguments are ${preview(args)}; expected an array. Usage: ${usage}`);
    }
    if (args.length > 0 && !Array.isArray(args[0])) {
        const hint = args.every((value) => typeof value === "string")
            ? ` Did you mean ${preview([command[0], command[1], [args]])}? The list of segments goes inside the arguments array.`
            : "";
        return refuse(command, { value: args[0], position: "arguments[0]", expected: "an array of segment strings" }, `arguments[0] is ${preview(args[0])}; expected an array of segment strings.${hint} Usage: ${usage}`);
    }
    const segments = refuseSegments(command, args[0], usage);
    return Array.isArray(segments) ? { args, segments } : segments;
}
function eventArgument(command, usage) {
    const event = command[1];
    if (typeof event === "string" && EVENT_NAMES.includes(event))
        return event;
    return refuse(command, { value: event, position: "event", expected: `one of ${EVENT_NAMES.join(", ")}` }, `${preview(event)} is not an event of this SDK; expected one of ${EVENT_NAMES.join(", ")}. Usage: ${usage}`);
}
const COMMANDS = {
    "set session:segments": {
        usage: '["set", "session:segments", [segments, overwrite?]]',
        parse(command) {
            const parsed = segmentsArgument(command, this.usage);
            if (!("segments" in parsed))
                return parsed;
            const overwrite = parsed.args[1];
            if (overwrite !== undefined && typeof overwrite !== "boolean") {
                return refuse(command, { value: overwrite, position: "arguments[1]", expected: "true, false or nothing" }, `overwrite is ${preview(overwrite)}; expected true, false or nothing. Usage: ${this.usage}`);
            }
            const kind = overwrite === true ? "replace" : "add";
            return { ok: true, action: { type: "operation", operation: { kind, segments: parsed.segments } } };
        },
    },
    "do session:segments:remove": {
        usage: '["do", "session:segments:remove", [segments]]',
        parse(command) {
            const parsed = segmentsArgument(command, this.usage);
            if (!("segments" in parsed))
                return parsed;
            return { ok: true, action: { type: "operation", operation: { kind: "remove", segments: parsed.segments } } };
        },
    },
    "do session:reset": {
        usage: '["do", "session:reset"]',
        parse: () => ({ ok: true, action: { type: "reset" } }),
    },
    on: {
        usage: '["on", event, callback]',
        parse(command) {
            const event = eventArgument(command, this.usage);
            if (typeof event !== "string")
                return event;
            const listener = command[2];
            if (typeof listener !== "function") {
                return refuse(command, { value: listener, position: "callback", expected: "a function" }, `the callback is ${preview(listener)}; expected a function. Usage: ${this.usage}`);
            }
            return { ok: true, action: { type: "on", event, listener: listener } };
        },
    },
    off: {
        usage: '["off", event, callback?]',
        parse(command) {
            const event = eventArgument(command, this.usage);
            if (typeof event !== "string")
                return event;
            const listener = command[2];
            if (listener !== undefined && typeof listener !== "function") {
                return refuse(command, { value: listener, position: "callback", expected: "a function or nothing" }, `the callback is ${preview(listener)}; expected a function or nothing. Usage: ${this.usage}`);
            }
            return { ok: true, action: { type: "off", event, listener: listener } };
        },
    },
    safe: {
        usage: '["safe", true]',
        parse(command) {
            const enabled = command[1];
            if (enabled !== undefined && typeof enabled !== "boolean") {
                return refuse(command, { value: enabled, position: "arguments[1]", expected: "true or false" }, `${preview(enabled)} is not a boolean. Usage: ${this.usage}`);
            }
            return { ok: true, action: { type: "safe", enabled: enabled !== false } };
        },
    },
};
/**
 * The definition's key; undefined when a method is given but is not a string: an array or a String object only
 * prints like one, and must not run as one.
 */
function keyOf(verb, method) {
    if (verb === "on" || verb === "off" || verb === "safe")
        return verb;
    if (method === undefined)
        return verb;
    return typeof method === "string" ? `${verb} ${method}` : undefined;
}
function refused(command, value, why, expected) {
    return {
        ok: false,
        error: { code: "invalid_command", command, value, message: `${preview(command)} refused: ${why}`, expected },
    };
}
/** Turns anything pushed into an action, or the one error that says why it was refused. */
function parseCommand(command) {
    if (!Array.isArray(command) || typeof command[0] !== "string") {
        const why = 'a command is an array such as ["set", "session:segments", [["lead"]]]';
        return refused(command, command, why, 'an array ["verb", "method", arguments]');
    }
    const key = keyOf(command[0], command[1]);
    if (key === undefined) {
        const why = `the method is ${preview(command[1])}; expected a string such as "session:segments"`;
        return refused(command, command[1], why, "a string method");
    }
    if (Object.hasOwn(COMMANDS, key))
        return COMMANDS[key].parse(command);
    return {
        ok: false,
        error: {
            code: "unsupported_command",
            command,
            value: command.slice(0, 2),
            message: `${preview(command.slice(0, 2))} is not supported by crisp-segments, which handles session segments only; ignored`,
            expected: Object.values(COMMANDS)
                .map((definition) => definition.usage)
                .join(", "),
        },
    };
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

function checkConfig(config) {
    if (!isWebsiteId(config.websiteId)) {
        return {
            ok: false,
            error: {
                code: "invalid_configuration",
                value: config.websiteId,
                position: "websiteId",
                expected: WEBSITE_ID_RULE,
                message: `the website id ${preview(config.websiteId)} is not valid (expected ${WEBSITE_ID_RULE}); segments stay on this page only`,
            },
        };
    }
    if (!isHttpUrl(config.endpoint)) {
        return {
            ok: false,
            error: {
                code: "invalid_configuration",
                value: config.endpoint,
                position: "endpoint",
                expected: "an absolute http(s) URL",
                message: `the endpoint ${preview(config.endpoint)} is not an absolute http(s) URL; segments stay on this page only`,
            },
        };
    }
    return { ok: true, websiteId: config.websiteId, endpoint: config.endpoint.replace(/\/+$/, "") };
}
function isHttpUrl(value) {
    try {
        const url = new URL(value);
        return url.protocol === "http:" || url.protocol === "https:";
    }
    catch {
        return false;
    }
}

/** A tiny typed event emitter whose listeners can never break the SDK. */
class Emitter {
    onListenerError;
    #listeners = new Map();
    constructor(onListenerError) {
        this.onListenerError = onListenerError;
    }
    on(event, listener) {
        let set = this.#listeners.get(event);
        if (!set)
            this.#listeners.set(event, (set = new Set()));
        set.add(listener);
        return () => this.off(event, listener);
    }
    /** Removes one listener, or every listener of the event when none is given. */
    off(event, listener) {
        if (listener)
            this.#listeners.get(event)?.delete(listener);
        else
            this.#listeners.delete(event);
    }
    emit(event, payload) {
        const set = this.#listeners.get(event);
        if (!set)
            return;
        for (const listener of [...set]) {
            try {
                listener(payload);
            }
            catch (error) {
                this.onListenerError(error, event);
            }
        }
    }
}

function webLocks() {
    const locks = globalThis.navigator?.locks;
    return locks && typeof locks.request === "function" ? locks : null;
}
function browserLocks() {
    const manager = webLocks();
    if (!manager)
        return localLocks();
    const releases = new Set();
    return {
        exclusive: true,
        holdForever(name, onGranted) {
            const waiting = new AbortController();
            let release = () => waiting.abort();
            releases.add(() => release());
            manager
                .request(name, { signal: waiting.signal }, () => {
                onGranted?.();
                return new Promise((resolve) => (release = resolve));
            })
                .catch(() => {
                // Refused for another reason than our release (an opaque origin, say): this page is on its own.
                if (!waiting.signal.aborted)
                    onGranted?.();
            });
        },
        releaseAll() {
            for (const release of releases)
                release();
            releases.clear();
        },
        async held() {
            try {
                const state = await manager.query();
                return new Set((state.held ?? []).map((lock) => lock.name ?? ""));
            }
            catch {
                return null;
            }
        },
    };
}
/** Locks within this page only: every lock is granted at once. */
function localLocks() {
    return {
        exclusive: false,
        holdForever: (_name, onGranted) => onGranted?.(),
        releaseAll: () => { },
        held: async () => null,
    };
}

/** The page's effects the sync engine waits on: time, connectivity and the page going away. */
const systemClock = {
    now: () => Date.now(),
    setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
    clearTimeout: (handle) => globalThis.clearTimeout(handle),
};
function sleep(clock, ms) {
    return new Promise((resolve) => clock.setTimeout(resolve, Math.max(0, ms)));
}
const browserNetwork = {
    isOnline: () => globalThis.navigator?.onLine !== false,
    whenOnline() {
        if (browserNetwork.isOnline())
            return Promise.resolve();
        return new Promise((resolve) => globalThis.addEventListener("online", () => resolve(), { once: true }));
    },
};
/** Listens to `type` on `target`; returns the removal. */
function listen(target, type, listener) {
    target.addEventListener(type, listener);
    return () => target.removeEventListener(type, listener);
}
/** One removal for several. */
function removeAll(...removals) {
    return () => {
        for (const remove of removals)
            remove();
    };
}
/** Calls `callback` whenever the page's visibility becomes `state`. */
function onVisibility(state, callback) {
    return listen(document, "visibilitychange", () => {
        if (document.visibilityState === state)
            callback();
    });
}
/**
 * Calls `hide` when the page goes away or into the back/forward cache (`pagehide`), and `show` when it comes
 * back from that cache.
 */
function onPageCached(hide, show) {
    return removeAll(listen(globalThis, "pagehide", hide), listen(globalThis, "pageshow", (event) => {
        if (event.persisted)
            show();
    }));
}
/** Calls `callback` when the page may be going away: `pagehide`, or the page becoming hidden. */
function onPageExit(callback) {
    return removeAll(listen(globalThis, "pagehide", callback), onVisibility("hidden", callback));
}
/** Calls `callback` when the page becomes visible again or regains focus. */
function onPageShown(callback) {
    return removeAll(onVisibility("visible", callback), listen(globalThis, "focus", callback));
}
/** The callbacks waiting for the next task: one message carries all of them. */
let nextTask = null;
/** Runs `callback` in a task of its own, after the current one: unlike a timer, never throttled in a hidden tab. */
function afterThisTask(callback) {
    if (nextTask) {
        nextTask.push(callback);
        return;
    }
    const callbacks = (nextTask = [callback]);
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
        channel.port1.close();
        nextTask = null;
        for (const run of callbacks)
            run();
    };
    channel.port2.postMessage(null);
}

function memoryStorage() {
    const values = new Map();
    return {
        get: (key) => values.get(key) ?? null,
        set: (key, value) => {
            values.set(key, value);
            return false;
        },
        remove: (key) => void values.delete(key),
        keys: (prefix) => [...values.keys()].filter((key) => key.startsWith(prefix)),
    };
}
function openLocalStorage() {
    try {
        const storage = globalThis.localStorage;
        const probe = "crisp-segments:probe";
        storage.setItem(probe, probe);
        storage.removeItem(probe);
        return storage;
    }
    catch {
        return null;
    }
}
/** `localStorage`, with an in-memory overlay for the values it refused to hold. */
function browserStorage() {
    const storage = openLocalStorage();
    if (!storage)
        return memoryStorage();
    const overlay = memoryStorage();
    return {
        get(key) {
            const kept = overlay.get(key);
            if (kept !== null)
                return kept;
            try {
                return storage.getItem(key);
            }
            catch {
                return null;
            }
        },
        set(key, value) {
            try {
                storage.setItem(key, value);
                overlay.remove(key);
                return true;
            }
            catch {
                overlay.set(key, value);
                return false;
            }
        },
        remove(key) {
            overlay.remove(key);
            try {
                storage.removeItem(key);
            }
            catch {
                // Nothing to do: the value is gone from memory, and storage that cannot be written cannot be cleaned.
            }
        },
        keys(prefix) {
            const found = new Set(overlay.keys(prefix));
            try {
                for (let index = 0; index < storage.length; index++) {
                    const key = storage.key(index);
                    if (key?.startsWith(prefix))
                        found.add(key);
                }
            }
            catch {
                // Storage that cannot be listed has nothing of ours we could read back either.
            }
            return [...found];
        },
    };
}

/** Session ids as docs/protocol.md fixes them (see protocol/ids): `session_` and a lowercase UUID v4, unguessable. */
function newSessionId() {
    const crypto = globalThis.crypto;
    if (typeof crypto.randomUUID === "function")
        return `session_${crypto.randomUUID()}`;
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
    bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
    const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
    return `session_${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
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
/** What an answer's status means; a 4xx the protocol does not name is a refusal of the change. */
function verdict(status) {
    if (status >= 200 && status < 300)
        return "ok";
    if (status === 403 || status === 404)
        return "stop";
    if (status === 408 || status === 429 || status >= 500)
        return "later";
    return "drop";
}
/** Status codes ky retries for us, with backoff, and those after which it honours `Retry-After`. */
const RETRIED_STATUSES = [408, 429, ...Array.from({ length: 100 }, (_, index) => 500 + index)];
const RETRY_AFTER_STATUSES = [429, 503];

/** The browser a client runs in: the effects it uses and the settings it runs with. Tests replace them. */
function browserEnvironment() {
    return {
        storage: browserStorage(),
        locks: browserLocks(),
        clock: systemClock,
        network: browserNetwork,
        newSessionId,
        tabId: newSessionId().slice("session_".length),
        onPageExit,
        onPageCached,
        onPageShown,
        console: globalThis.console,
        startLater: afterThisTask,
        hidden: () => globalThis.document?.visibilityState === "hidden",
        delayMs: 100,
        timeoutMs: 10_000,
        backoff: DEFAULT_BACKOFF,
    };
}

/**
 * The folding algebra of docs/protocol.md: operations on a session's list, and the single pending change that any run
 * of them folds into. Pure functions; only `applyInPlace` changes what it is given, the set it applies to, so
 * that a command costs the size of its own list.
 */
const NO_CHANGE = { overwrite: false, segments: [], remove: [] };
function isEmptyChange(change) {
    return !change.overwrite && change.segments.length === 0 && change.remove.length === 0;
}
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
/** Folds a later change into an earlier one: applying the result equals applying `first`, then `second`. */
function compose(first, second) {
    if (second.overwrite)
        return { overwrite: true, segments: second.segments.slice() };
    return new ChangeBuilder(first)
        .fold({ kind: "remove", segments: second.remove })
        .fold({ kind: "add", segments: second.segments })
        .build();
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

function storageKeys(websiteId) {
    const prefix = `crisp-segments:${websiteId}:`;
    return {
        prefix,
        current: `${prefix}current`,
        sessionPrefix: `${prefix}session:`,
        outboxPrefix: `${prefix}outbox:`,
        leader: `${prefix}leader`,
        session: (sessionId) => `${prefix}session:${sessionId}`,
        outbox: (tabId) => `${prefix}outbox:${tabId}`,
        tab: (tabId) => `${prefix}tab:${tabId}`,
    };
}

/** Revisions as the protocol fixes them, one definition for the SDK and the service. */
/** A non-negative safe integer: how JSON carries a stored revision, a status, a time or a sequence number. */
function isWholeNumber(value) {
    return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}
/** A revision the service reports: 0 for a session the SDK never changed, else the highest it applied. */
const isStoredRevision = isWholeNumber;

/**
 * What is persisted for one session, shared by every tab of the website, and the pure transitions the sync
 * engine makes on it. A change is `open` while commands fold into it; it becomes `sent` (frozen, with its own
 * revision) when a request carries it, and stays so until acknowledged. Commands that arrive meanwhile fold into
 * a new `open` change, never into the sent one: re-applying a sent change is not always harmless
 * ("remove x, add x" moves x again), so only its revision can make a repeat harmless.
 */
const NEW_RECORD = {
    acked: [],
    ackedRevision: 0,
    revision: 0,
    sent: null,
    open: null,
    retryAt: 0,
    ackedAt: 0,
    merged: {},
    sentFrom: {},
    sentTo: {},
    refusal: null,
};
function recordView(record) {
    let list = record.acked;
    if (record.sent)
        list = applyChange(list, record.sent);
    if (record.open)
        list = applyChange(list, record.open);
    return list;
}
function hasWork(record) {
    return record.sent !== null || record.open !== null;
}
function withOpen(record, change) {
    if (isEmptyChange(change))
        return record;
    return { ...record, open: compose(record.open ?? { overwrite: false, segments: [], remove: [] }, change) };
}
/**
 * The change to send next, freezing the open one under a new revision when nothing is sent yet. A revision is
 * at least the time in ms: a record that was lost (storage full or wiped) cannot make a revision the service
 * has already taken from this session, which would be answered "stale" and lost.
 */
function nextSend(record, maxBodyBytes, now) {
    if (record.sent)
        return { record, revision: record.revision, change: record.sent };
    if (!record.open)
        return null;
    const revision = Math.max(record.revision + 1, record.ackedRevision + 1, Math.floor(now));
    const [first, rest] = splitChange(record.open, (change) => bodyBytes(revision, change) <= maxBodyBytes);
    const marks = { sentFrom: record.sentTo, sentTo: record.merged };
    return { record: { ...record, ...marks, revision, sent: first, open: rest }, revision, change: first };
}
/** Folds one tab's outbox entry into the record, unless it is in already. */
function mergeEntry(record, tabId, seq, change) {
    if ((record.merged[tabId] ?? 0) >= seq)
        return record;
    return { ...withOpen(record, change), merged: { ...record.merged, [tabId]: seq } };
}
/** A 2xx for `revision`: the service holds `state`, which includes the sent change. */
function acknowledge(record, revision, state, now) {
    // A late answer (to an exit send, say) may describe an older state than the one already heard.
    const heard = state.revision < record.ackedRevision ? {} : { acked: state.segments, ackedRevision: state.revision, ackedAt: now };
    if (!record.sent || record.revision !== revision)
        return { ...record, ...heard };
    if (state.revision > revision) {
        // The service's revision is ahead of a change it never saw: our counter was lost (storage wiped or full).
        // Give the same change a revision the service will take.
        return { ...record, ...heard, revision: state.revision + 1 };
    }
    return { ...record, ...heard, sent: null };
}
/** The state read on load: the service's list, and whether the sent change already reached it. */
function afterLoadRead(record, state, now) {
    if (state.revision < record.ackedRevision)
        return record;
    const applied = record.sent !== null && state.revision >= record.revision;
    return {
        ...record,
        acked: state.segments,
        ackedRevision: state.revision,
        ackedAt: now,
        sent: applied ? null : record.sent,
        revision: applied ? record.revision : Math.max(record.revision, state.revision),
    };
}
/** A permanent refusal of the sent change: drop it, keep what follows, and say whose commands it held. */
function dropSent(record, revision, why) {
    if (!record.sent || record.revision !== revision)
        return record;
    return { ...record, sent: null, refusal: { revision, ...why, from: record.sentFrom, to: record.sentTo } };
}
function bodyBytes(revision, change) {
    return new TextEncoder().encode(JSON.stringify({ revision, ...change })).length;
}
/**
 * Splits a change into a first part that `fits` and the rest, so that applying the two in turn equals applying
 * the whole: removals first, then additions, as the change itself is applied.
 */
function splitChange(change, fits) {
    if (fits(change))
        return [change, null];
    const remove = change.overwrite ? [] : change.remove;
    const take = (count) => {
        const removeCount = Math.min(count, remove.length);
        const addCount = count - removeCount;
        const first = change.overwrite
            ? { overwrite: true, segments: change.segments.slice(0, addCount) }
            : { overwrite: false, segments: change.segments.slice(0, addCount), remove: remove.slice(0, removeCount) };
        const rest = {
            overwrite: false,
            segments: change.segments.slice(addCount),
            remove: remove.slice(removeCount),
        };
        return [first, rest];
    };
    let low = change.overwrite ? 0 : 1;
    let high = remove.length + change.segments.length;
    // Largest prefix that fits; a single segment always fits the protocol's body limit.
    while (low < high) {
        const middle = Math.ceil((low + high) / 2);
        if (fits(take(middle)[0]))
            low = middle;
        else
            high = middle - 1;
    }
    return take(Math.max(low, 1));
}
/** Whether a value read back from storage is a well-formed change. */
function isChange(value) {
    if (typeof value !== "object" || value === null)
        return false;
    const change = value;
    if (!checkSegments(change.segments, Infinity).ok)
        return false;
    if (change.overwrite === true)
        return true;
    return change.overwrite === false && checkSegments(change.remove, Infinity).ok;
}
function isRefusedChange(value) {
    if (typeof value !== "object" || value === null)
        return false;
    const refusal = value;
    return (isStoredRevision(refusal.revision) &&
        isWholeNumber(refusal.status) &&
        typeof refusal.reason === "string" &&
        typeof refusal.message === "string" &&
        isMarks(refusal.from) &&
        isMarks(refusal.to));
}
function isMarks(value) {
    if (typeof value !== "object" || value === null || Array.isArray(value))
        return false;
    return Object.values(value).every(isWholeNumber);
}
/** Reads a stored record; anything corrupted or foreign gives a new record rather than an error. */
function parseRecord(text) {
    if (!text)
        return NEW_RECORD;
    try {
        const value = JSON.parse(text);
        const acked = checkSegments(value.acked, Infinity);
        if (!acked.ok ||
            !isStoredRevision(value.ackedRevision) ||
            !isStoredRevision(value.revision) ||
            !isWholeNumber(value.retryAt) ||
            !isWholeNumber(value.ackedAt) ||
            !isMarks(value.merged) ||
            (value.sent !== null && !isChange(value.sent)) ||
            (value.open !== null && !isChange(value.open))) {
            return NEW_RECORD;
        }
        return {
            acked: acked.segments,
            ackedRevision: value.ackedRevision,
            revision: value.revision,
            sent: value.sent,
            open: value.open,
            retryAt: value.retryAt,
            ackedAt: value.ackedAt,
            merged: value.merged,
            sentFrom: isMarks(value.sentFrom) ? value.sentFrom : {},
            // Records stored before `sentTo` had its name call it `sentMarks`.
            sentTo: isMarks(value.sentTo) ? value.sentTo : isMarks(value.sentMarks) ? value.sentMarks : {},
            refusal: isRefusedChange(value.refusal) ? value.refusal : null,
        };
    }
    catch {
        return NEW_RECORD;
    }
}

class Outbox {
    #options;
    /** Entries not merged yet, oldest first. */
    #entries = [];
    /** The current task's commands, folded. */
    #task = null;
    #seq;
    /** The entries hold what the outbox key does not have yet. */
    #dirty = false;
    constructor(options) {
        this.#options = options;
        this.#seq = options.now();
    }
    get entries() {
        return this.#entries;
    }
    /** Folds an operation into the current task's entry; a task's entry holds one session's commands. */
    add(sessionId, operation) {
        if (this.#task?.sessionId !== sessionId) {
            this.endTask();
            this.#task = { sessionId, change: new ChangeBuilder() };
        }
        this.#task.change.fold(operation);
    }
    /** The current task's commands join the outbox as one entry. */
    endTask() {
        const task = this.#task;
        this.#task = null;
        if (!task || task.change.empty)
            return;
        this.#seq = Math.max(this.#seq + 1, this.#options.now());
        const entry = { seq: this.#seq, sessionId: task.sessionId, change: task.change.build() };
        this.#entries.push(entry);
        this.#dirty = true;
        this.#options.added(entry);
    }
    /** Whether commands of this tab for the session wait to be merged. */
    holds(sessionId) {
        return this.#task?.sessionId === sessionId || this.#unmerged(sessionId).length > 0;
    }
    /** The changes of this tab's commands for the session that the records do not hold yet, oldest first. */
    changes(sessionId) {
        const changes = this.#unmerged(sessionId).map((entry) => entry.change);
        if (this.#task?.sessionId === sessionId)
            changes.push(this.#task.change.build());
        return changes;
    }
    /** No command of this tab waits to be merged. */
    settled() {
        return this.#task === null && this.#entries.every((entry) => this.#options.isMerged(entry));
    }
    /** Keeps only the entries not merged yet, and writes them to the outbox key; false when storage refused them. */
    write() {
        const pending = this.#entries.filter((entry) => !this.#options.isMerged(entry));
        if (pending.length === this.#entries.length && !this.#dirty)
            return true;
        this.#entries = pending;
        this.#dirty = false;
        const { storage, key } = this.#options;
        if (pending.length === 0) {
            storage.remove(key);
            return true;
        }
        return storage.set(key, JSON.stringify(pending));
    }
    /** Storage was cleared: the outbox key went with it, and is written again at the next `write`. */
    lost() {
        this.#dirty = true;
    }
    #unmerged(sessionId) {
        return this.#entries.filter((entry) => entry.sessionId === sessionId && !this.#options.isMerged(entry));
    }
}
/** Reads an outbox key; what is unreadable counts as empty. */
function parseOutbox(text) {
    try {
        const value = JSON.parse(text ?? "");
        if (!Array.isArray(value))
            return [];
        return value.filter((entry) => typeof entry.seq === "number" && isSessionId(entry.sessionId) && isChange(entry.change));
    }
    catch {
        return [];
    }
}

/** A past session's record, once delivered, is kept this long so that late outbox readers still see it done. */
const TOMBSTONE_MS = 24 * 60 * 60 * 1000;
async function forgetDeadTabs(context) {
    const held = await context.locks.held();
    const now = context.now();
    const alive = (tabId, seq) => tabId === context.tabId || (held ? held.has(context.keys.tab(tabId)) : now - seq < TOMBSTONE_MS);
    const outboxes = dropDeadOutboxes(context, alive);
    forgetMarks(context, outboxes, alive, now);
}
/** Removes the outboxes of closed tabs whose entries are all merged; returns the outboxes that stay, by tab id. */
function dropDeadOutboxes(context, alive) {
    const { storage, keys, records } = context;
    const outboxes = new Map();
    for (const key of storage.keys(keys.outboxPrefix)) {
        const tabId = key.slice(keys.outboxPrefix.length);
        const entries = parseOutbox(storage.get(key));
        const last = entries.reduce((latest, entry) => Math.max(latest, entry.seq), 0);
        if (alive(tabId, last) || entries.some((entry) => entry.seq > (records.read(entry.sessionId).merged[tabId] ?? 0))) {
            outboxes.set(tabId, entries);
        }
        else {
            storage.remove(key);
        }
    }
    return outboxes;
}
function forgetMarks(context, outboxes, alive, now) {
    const { records } = context;
    const referenced = new Set([...outboxes.values()].flat().map((entry) => entry.sessionId));
    for (const sessionId of records.known()) {
        const record = records.read(sessionId);
        // A past session, delivered long ago and named by no outbox left, is forgotten; until then its marks
        // keep a leftover outbox from being merged twice.
        if (sessionId !== context.currentSessionId() &&
            !hasWork(record) &&
            now - record.ackedAt > TOMBSTONE_MS &&
            !referenced.has(sessionId)) {
            records.forget(sessionId);
            continue;
        }
        const kept = Object.entries(record.merged).filter(([tabId, seq]) => outboxes.has(tabId) || alive(tabId, seq));
        if (kept.length < Object.keys(record.merged).length)
            context.write(sessionId, { ...record, merged: Object.fromEntries(kept) });
    }
}

/** Every other tab's outbox as storage holds it, by tab id. */
function otherOutboxes(storage, keys, tabId) {
    const outboxes = new Map();
    for (const key of storage.keys(keys.outboxPrefix)) {
        const other = key.slice(keys.outboxPrefix.length);
        if (other !== tabId)
            outboxes.set(other, parseOutbox(storage.get(key)));
    }
    return outboxes;
}
/** The records that merging the outboxes (by tab id) changes, by session id. */
function mergeOutboxes(outboxes, read) {
    const changed = new Map();
    for (const [tabId, entries] of outboxes) {
        for (const entry of entries) {
            const record = changed.get(entry.sessionId) ?? read(entry.sessionId);
            const next = mergeEntry(record, tabId, entry.seq, entry.change);
            if (next !== record)
                changed.set(entry.sessionId, next);
        }
    }
    return changed;
}

class RecordCache {
    #storage;
    #keys;
    #records = new Map();
    /** The cache above may be dropped, this is not. */
    #known = new Set();
    constructor(storage, keys) {
        this.#storage = storage;
        this.#keys = keys;
    }
    read(sessionId) {
        let record = this.#records.get(sessionId);
        if (!record) {
            record = parseRecord(this.#storage.get(this.#keys.session(sessionId)));
            this.#records.set(sessionId, record);
            this.#known.add(sessionId);
        }
        return record;
    }
    write(sessionId, record) {
        this.#records.set(sessionId, record);
        this.#known.add(sessionId);
        this.#storage.set(this.#keys.session(sessionId), JSON.stringify(record));
    }
    /** Removes a session's record from storage and from this tab's memory. */
    forget(sessionId) {
        this.#storage.remove(this.#keys.session(sessionId));
        this.#records.delete(sessionId);
        this.#known.delete(sessionId);
    }
    /** Drops what is cached: the next read of each record comes from storage. */
    clear() {
        this.#records.clear();
    }
    /** Reads every stored record afresh: those other tabs wrote, too. */
    readAll() {
        this.#records.clear();
        const prefix = this.#keys.sessionPrefix;
        for (const key of this.#storage.keys(prefix))
            this.read(key.slice(prefix.length));
    }
    /** Every session this tab has seen a record of. */
    known() {
        return [...this.#known];
    }
    /** Writes back the records storage no longer holds as this tab knows them (the page cleared or changed them). */
    restore() {
        for (const [sessionId, record] of this.#records) {
            const text = JSON.stringify(record);
            const key = this.#keys.session(sessionId);
            if (this.#storage.get(key) !== text)
                this.#storage.set(key, text);
        }
    }
}

class RefusalWatch {
    #tabId;
    /** Every outbox entry this tab made, by session. */
    #added = new Map();
    /** Per session, the revision of the last refusal this tab has looked at. */
    #seen = new Map();
    constructor(tabId) {
        this.#tabId = tabId;
    }
    /** An outbox entry of this tab. */
    added({ sessionId, seq }) {
        const seqs = this.#added.get(sessionId) ?? [];
        seqs.push(seq);
        this.#added.set(sessionId, seqs);
    }
    /** The refusals not looked at before that held commands of this tab. */
    news(read) {
        const found = [];
        for (const [sessionId, seqs] of this.#added) {
            const refusal = read(sessionId).refusal;
            if (!refusal || refusal.revision <= (this.#seen.get(sessionId) ?? 0))
                continue;
            this.#seen.set(sessionId, refusal.revision);
            const from = refusal.from[this.#tabId] ?? 0;
            const to = refusal.to[this.#tabId] ?? 0;
            if (seqs.some((seq) => seq > from && seq <= to))
                found.push(refusal);
        }
        return found;
    }
}

/**
 * The session store (`session/store.ts`) extends this class: it names the current session, and is told when this
 * tab wrote a record and when the records may show another list.
 */
class SharedRecords {
    #options;
    #records;
    #outbox;
    #refusals;
    #leader = false;
    /**
     * Storage refused this tab's outbox (quota): the leader cannot see its commands, so this tab sends them itself,
     * from records in memory, as a leader of its own.
     */
    #isolated = false;
    #leaderListeners = new Set();
    #refusalListeners = new Set();
    constructor(options) {
        this.#options = options;
        this.#records = new RecordCache(options.storage, options.keys);
        this.#refusals = new RefusalWatch(options.tabId);
        this.#outbox = new Outbox({
            ...options,
            key: options.keys.outbox(options.tabId),
            isMerged: (entry) => this.#isMerged(entry),
            added: (entry) => this.#refusals.added(entry),
        });
    }
    /** Takes this tab's locks: its presence, and its place in line to lead. */
    resume() {
        const { locks, keys, tabId } = this.#options;
        locks.holdForever(keys.tab(tabId));
        locks.holdForever(keys.leader, () => this.#becomeLeader());
    }
    /** The page goes away or into the back/forward cache: what it has is written, and another tab may lead. */
    suspend() {
        this.savePending();
        this.#leader = false;
        this.#options.locks.releaseAll();
    }
    /** Whether this tab writes the records and sends them. */
    get leader() {
        return this.#leader;
    }
    /** Called when this tab becomes the leader. */
    onLeader(listener) {
        this.#leaderListeners.add(listener);
        if (this.#leader)
            listener();
    }
    /** Called, in a tab that does not lead, when the service refused a change that held this tab's commands. */
    onRefusal(listener) {
        this.#refusalListeners.add(listener);
    }
    /** The record of a session as this tab last saw it. */
    record(sessionId) {
        return this.#records.read(sessionId);
    }
    /** Sessions with a change to deliver, older sessions first (the leader's view). */
    sessionsWithWork() {
        const current = this.sessionId;
        const ids = this.#records.known().filter((id) => id !== current && hasWork(this.record(id)));
        if (hasWork(this.record(current)))
            ids.push(current);
        return ids;
    }
    /** Nothing this tab knows of waits for the service: no command of its own, no record with a change. */
    idle() {
        return this.#outbox.settled() && this.sessionsWithWork().length === 0;
    }
    /** The leader derives a session's next record; no other tab writes records. */
    update(sessionId, change) {
        const before = this.record(sessionId);
        const [record, result] = change(before);
        if (record !== before) {
            this.#write(sessionId, record);
            this.changed();
        }
        return result;
    }
    /** Adds an operation of this tab to its outbox. */
    add(sessionId, operation) {
        this.#outbox.add(sessionId, operation);
    }
    /** Whether commands of this tab for the session wait to be merged. */
    holds(sessionId) {
        return this.#outbox.holds(sessionId);
    }
    /** The changes of this tab's commands for the session that its record does not hold yet, oldest first. */
    unmerged(sessionId) {
        return this.#outbox.changes(sessionId);
    }
    /**
     * Writes what this tab has pending to its outbox now and, as the leader, merges it in. Other tabs' outboxes
     * are merged when their storage events arrive, and all of them when this tab becomes the leader.
     */
    savePending() {
        this.#outbox.endTask();
        this.#writeOutbox();
        if (this.#leader)
            this.#mergeOutboxes(false);
    }
    /** Another tab, or the page, changed a key of this website (`null`: storage was cleared). */
    storageChanged(key) {
        const { keys } = this.#options;
        if (key === null || key.startsWith(keys.sessionPrefix)) {
            if (this.#authoritative) {
                // Only this tab writes records: one changed or removed by the page (`localStorage.clear()` on logout)
                // is written back, pending changes included.
                this.#records.restore();
            }
            else {
                this.#records.clear();
                this.#tellRefusals();
                // Entries the leader has merged are dropped from this tab's outbox.
                this.#writeOutbox();
            }
        }
        if (key === null) {
            this.#outbox.lost();
            this.#writeOutbox();
        }
        if (this.#leader && key?.startsWith(keys.outboxPrefix))
            this.#mergeOutboxes(true);
    }
    #isMerged(entry) {
        return entry.seq <= (this.record(entry.sessionId).merged[this.#options.tabId] ?? 0);
    }
    #writeOutbox() {
        if (!this.#outbox.write() && !this.#isolated)
            this.#isolate();
    }
    #isolate() {
        this.#isolated = true;
        if (this.#leader)
            return;
        this.#leader = true;
        this.#mergeOutboxes(false);
        for (const listener of this.#leaderListeners)
            listener();
    }
    /** The leader's records are the truth when no other tab writes them (Web Locks, storage still writable). */
    get #authoritative() {
        return this.#leader && this.#options.locks.exclusive && !this.#isolated;
    }
    #becomeLeader() {
        this.#leader = true;
        // Records other leaders wrote, and outboxes of tabs that may have died: read them all once.
        this.#records.readAll();
        this.#outbox.endTask();
        this.#writeOutbox();
        this.#mergeOutboxes(true);
        void forgetDeadTabs({
            ...this.#options,
            records: this.#records,
            currentSessionId: () => this.sessionId,
            write: (sessionId, record) => this.#write(sessionId, record),
        });
        this.changed();
        for (const listener of this.#leaderListeners)
            listener();
    }
    /** The leader merges this tab's outbox entries, and with `others` every tab's, into the records, each once. */
    #mergeOutboxes(others) {
        const { storage, keys, tabId, locks } = this.#options;
        // Without Web Locks every tab is a leader, and another may have written since: read afresh.
        if (!locks.exclusive)
            this.#records.clear();
        // A tab on its own sends its own commands only; the leader sends the others'.
        const outboxes = new Map([[tabId, this.#outbox.entries]]);
        if (others && !this.#isolated)
            for (const entry of otherOutboxes(storage, keys, tabId))
                outboxes.set(...entry);
        const changed = mergeOutboxes(outboxes, (sessionId) => this.record(sessionId));
        for (const [sessionId, record] of changed)
            this.#write(sessionId, record);
        if (changed.size > 0) {
            this.#writeOutbox();
            this.changed();
        }
    }
    #write(sessionId, record) {
        this.#records.write(sessionId, record);
        this.written(sessionId);
    }
    #tellRefusals() {
        if (this.#leader)
            return;
        for (const refusal of this.#refusals.news((sessionId) => this.record(sessionId)))
            for (const listener of this.#refusalListeners)
                listener(refusal);
    }
}

/** The tab protocol's methods (leadership, records, outbox, refusals) are inherited from `SharedRecords`. */
class SessionStore extends SharedRecords {
    #options;
    #keys;
    #sessionId;
    /** The service's list as this tab read it on load, for a tab that does not write records. */
    #served = null;
    /** The current session's list, kept as an ordered set so that a command costs the size of its own list. */
    #view = null;
    #saveQueued = false;
    #disposed = false;
    #listeners = new Set();
    #onStorage = (event) => this.#storageChanged(event.key);
    constructor(options) {
        const keys = storageKeys(options.websiteId);
        super({ ...options, keys });
        this.#options = options;
        this.#keys = keys;
        const current = options.storage.get(keys.current);
        if (isSessionId(current)) {
            this.#sessionId = current;
        }
        else {
            this.#sessionId = options.newSessionId();
            options.storage.set(keys.current, this.#sessionId);
        }
        (options.startLater ?? ((start) => start()))(() => this.#start());
    }
    #start() {
        if (this.#disposed)
            return;
        globalThis.addEventListener?.("storage", this.#onStorage);
        // Another tab may have written before this one listened: read afresh, as after a clear. Then the locks,
        // whose grant comes later still and reads every outbox.
        if (this.#options.startLater)
            this.#storageChanged(null);
        this.resume();
    }
    get sessionId() {
        return this.#sessionId;
    }
    segments() {
        return [...this.#currentView()];
    }
    /** No change of the current session waits for the service. */
    synced() {
        const id = this.#sessionId;
        return !hasWork(this.record(id)) && !this.holds(id);
    }
    /** Applies an operation to the current session; false, with nothing changed, if the list would pass the limit. */
    apply(operation) {
        if (!applyInPlace(this.#currentView(), operation))
            return false;
        this.add(this.#sessionId, operation);
        this.#queueSave();
        this.#notify();
        return true;
    }
    /** Starts a new, empty session; what the old one still owes the service stays pending for it. */
    reset() {
        this.#sessionId = this.#options.newSessionId();
        this.#options.storage.set(this.#keys.current, this.#sessionId);
        this.#view = null;
        this.#queueSave();
        this.#notify();
    }
    /** Called whenever the list of the current session may have changed, whoever changed it. */
    subscribe(listener) {
        this.#listeners.add(listener);
        return () => this.#listeners.delete(listener);
    }
    /** The service's state read on load: the leader records it; another tab lays it under its view. */
    loadRead(sessionId, state) {
        const now = this.#options.now();
        if (this.leader) {
            this.update(sessionId, (record) => [afterLoadRead(record, state, now), null]);
            return;
        }
        this.#served = { sessionId, state, at: now };
        if (sessionId === this.#sessionId)
            this.#view = null;
        this.#notify();
    }
    dispose() {
        this.#disposed = true;
        globalThis.removeEventListener?.("storage", this.#onStorage);
    }
    #currentView() {
        return (this.#view ??= new Set(this.#computeView()));
    }
    #computeView() {
        const id = this.#sessionId;
        const record = this.record(id);
        const served = this.#served;
        let list = recordView(served && served.sessionId === id && served.at > record.ackedAt
            ? { ...record, acked: served.state.segments }
            : record);
        for (const change of this.unmerged(id))
            list = applyChange(list, change);
        return list;
    }
    #queueSave() {
        if (this.#saveQueued)
            return;
        this.#saveQueued = true;
        queueMicrotask(() => {
            this.#saveQueued = false;
            this.savePending();
        });
    }
    #storageChanged(key) {
        if (key !== null && !key.startsWith(this.#keys.prefix))
            return;
        this.storageChanged(key);
        if (key === null || key === this.#keys.current) {
            const current = this.#options.storage.get(this.#keys.current);
            if (isSessionId(current))
                this.#sessionId = current;
            else
                this.#options.storage.set(this.#keys.current, this.#sessionId);
        }
        this.#view = null;
        this.#notify();
    }
    written(sessionId) {
        if (sessionId === this.#sessionId)
            this.#view = null;
    }
    changed() {
        this.#notify();
    }
    #notify() {
        for (const listener of this.#listeners)
            listener();
    }
}

/** A visible page reads its session this often. */
const REFRESH_MS = 60_000;
class SessionReads {
    #options;
    #read = null;
    #timer = null;
    /**
     * Settles when the load's read has an answer or has failed a first time: the page goes on with the cached list
     * meanwhile, and the read keeps trying.
     */
    loaded;
    /** Reads the session at once, and calls `due` every minute until `dispose`. */
    constructor(options, sessionId) {
        this.#options = options;
        this.loaded = new Promise((settled) => {
            let announced = false;
            const announce = () => {
                if (!announced) {
                    announced = true;
                    options.onLoaded(sessionId);
                }
                settled();
            };
            void this.#send(sessionId, { onRetry: announce }).then(announce);
        });
        this.#every();
    }
    /** Whether a read is under way. */
    get busy() {
        return this.#read !== null;
    }
    /** Reads the session again, one attempt; nothing waits for it. */
    refresh(sessionId) {
        void this.#send(sessionId, { once: true });
    }
    /** A change goes out: its answer carries the whole list, and the read under way could only bring an older one. */
    abort() {
        this.#read?.abort();
        this.#read = null;
    }
    dispose() {
        this.#options.clock.clearTimeout(this.#timer);
        this.abort();
    }
    #every() {
        this.#timer = this.#options.clock.setTimeout(() => {
            this.#every();
            this.#options.due();
        }, REFRESH_MS);
    }
    #send(sessionId, options) {
        const read = (this.#read = new AbortController());
        return this.#options.transport.read(sessionId, { ...options, signal: read.signal }).then((answer) => {
            if (this.#read === read)
                this.#read = null;
            this.#options.answered(sessionId, answer);
        });
    }
}

/** The leader's report of a change the service refused for good. */
function changeRefused(change, answer) {
    return {
        code: "change_refused",
        status: answer.status,
        reason: answer.reason,
        value: change,
        message: `the service refused the change ${preview(change)} (${answer.status} ${answer.reason}: ${answer.message}); it was dropped`,
    };
}
/** Another tab's report, from the record, of a refused change that held this tab's commands. */
function ownChangeRefused(refusal) {
    return { code: "change_refused", status: refusal.status, reason: refusal.reason, message: refusal.message };
}
function websiteRefused(answer) {
    return {
        code: "website_refused",
        status: answer.status,
        reason: answer.reason,
        message: `syncing stopped: the service answered ${answer.status} ${answer.reason} (${answer.message}); segments stay on this page only`,
    };
}

/** Promises given out to callers who wait for an outcome, settled all at once. */
class Waiters {
    #waiting = [];
    get any() {
        return this.#waiting.length > 0;
    }
    wait() {
        return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
    }
    resolve() {
        for (const waiter of this.#waiting.splice(0))
            waiter.resolve();
    }
    reject(error) {
        for (const waiter of this.#waiting.splice(0))
            waiter.reject(error);
    }
}

/**
 * Delivers every session's pending change: reads the session once on load, sends the first change of a burst
 * after a short delay, keeps one request per session on the wire, folds what arrives meanwhile into the next
 * request, and sends what is left at once, with keepalive, when the page goes away. Only the leader tab sends:
 * that is what keeps one request per session in flight across tabs.
 */
/** How long changes wait for the load's read before going out anyway. */
const LOAD_WAIT_MS = 500;
class Syncer {
    #options;
    #timer = null;
    #draining = null;
    /** The website was refused: syncing stopped, for this error. */
    #stopped = null;
    #disposed = false;
    /** The exit send on its way: the next send waits for its answer, so that two never overlap. */
    #exitFlight = null;
    /** Aborts the drain's request while ky waits between retries, so that an exit send can take its place. */
    #drainRequest = null;
    #reads;
    #failures = 0;
    #waiters = new Waiters();
    /** Starts at once: reads the current session, and sends whenever this tab leads. */
    constructor(options) {
        this.#options = options;
        const { store } = options;
        store.subscribe(() => {
            this.schedule();
            this.#resolveWaiters();
        });
        this.#reads = new SessionReads({ ...options, answered: (sessionId, answer) => this.#readAnswered(sessionId, answer), due: () => this.refresh() }, store.sessionId);
        store.onLeader(() => this.schedule());
        // The leader reports what it sent; another tab hears of a refusal of its own commands through the record.
        store.onRefusal((refusal) => this.#refused(ownChangeRefused(refusal)));
    }
    /** Ends for good: no timer, no read, no more requests (an answer already on its way is still recorded). */
    dispose() {
        this.#disposed = true;
        this.#clearTimer();
        this.#reads.dispose();
    }
    /**
     * Reads the session again, one attempt, for what changed at the service: only while the page is visible and
     * online, and nothing of it waits for the service (an answer to a change carries the whole list anyway).
     */
    refresh() {
        const { store, transport, network, hidden } = this.#options;
        if (this.#stopped || this.#disposed || this.#reads.busy || this.#draining || transport.onWire)
            return;
        if (hidden() || !network.isOnline() || !store.idle())
            return;
        this.#reads.refresh(store.sessionId);
    }
    /** Sends pending changes after the burst delay; several calls within it make one request. */
    schedule() {
        if (this.#stopped || this.#disposed || this.#timer !== null || this.#draining || !this.#options.store.leader)
            return;
        if (this.#options.hidden()) {
            // A hidden leader sends for the visible tabs: a timer would wait for the browser's next second. The
            // commands of one task of another tab come in one outbox entry, so they still make one request.
            void Promise.resolve().then(() => this.#drain());
            return;
        }
        this.#timer = this.#options.clock.setTimeout(() => {
            this.#timer = null;
            void this.#drain();
        }, this.#options.delayMs);
    }
    /** Resolves once the service has acknowledged every pending change; rejects on a permanent refusal. */
    flush() {
        if (this.#stopped)
            return Promise.reject(this.#stopped);
        const done = this.#waiters.wait();
        void this.#drain();
        return done;
    }
    /** The page may be going away: send what is pending now, with keepalive, without waiting for anything. */
    exit() {
        const { store, transport, clock } = this.#options;
        // Another tab leads: this tab's commands are in its outbox, which the leader delivers.
        store.savePending();
        if (this.#stopped || this.#disposed || !store.leader || this.#exitFlight)
            return;
        // A request on the wire is keepalive already and will land; a second one could overtake it.
        if (transport.onWire)
            return;
        this.#clearTimer();
        // A request waiting between retries gives way: the exit send carries the same change now.
        this.#drainRequest?.abort();
        const sends = [];
        for (const sessionId of store.sessionsWithWork()) {
            if (store.record(sessionId).retryAt > clock.now())
                continue;
            const job = this.#takeJob(sessionId);
            if (!job)
                continue;
            const send = transport.write(sessionId, job.revision, job.change, { keepalive: true, once: true });
            // The page may live on (it was only hidden): then the answer counts like any other.
            sends.push(send.then((answer) => void this.#settle(sessionId, job, answer)));
        }
        if (sends.length === 0)
            return;
        this.#exitFlight = Promise.all(sends).then(() => {
            this.#exitFlight = null;
            this.schedule();
        });
    }
    /** The session's next request: its sent change, or its open one frozen under a new revision. */
    #takeJob(sessionId) {
        const { store, maxBodyBytes, clock } = this.#options;
        return store.update(sessionId, (record) => {
            const next = nextSend(record, maxBodyBytes, clock.now());
            return next ? [next.record, next] : [record, null];
        });
    }
    /** What a read's answer does: the service's state lands in the list, a refused website stops syncing. */
    #readAnswered(sessionId, answer) {
        if (answer.verdict === "ok")
            this.#options.store.loadRead(sessionId, answer.state);
        else if (answer.verdict === "stop")
            this.#stopSyncing(answer);
    }
    #clearTimer() {
        if (this.#timer === null)
            return;
        this.#options.clock.clearTimeout(this.#timer);
        this.#timer = null;
    }
    #drain() {
        this.#clearTimer();
        this.#draining ??= this.#drainLoop().finally(() => {
            this.#draining = null;
            this.#resolveWaiters();
            // A command that arrived as the loop was ending found it still running and scheduled nothing.
            if (!this.#options.store.idle())
                this.schedule();
        });
        return this.#draining;
    }
    async #drainLoop() {
        const { store, clock, network, backoff } = this.#options;
        // A slow read must not hold changes back for long; an answer to a change carries the whole list anyway.
        await Promise.race([this.#reads.loaded, sleep(clock, LOAD_WAIT_MS)]);
        store.savePending();
        if (store.sessionsWithWork().length === 0)
            return;
        this.#reads.abort();
        for (;;) {
            if (this.#stopped || this.#disposed || !store.leader)
                return;
            await this.#exitFlight;
            store.savePending();
            const sessionId = store.sessionsWithWork()[0];
            if (sessionId === undefined)
                return;
            const delivered = await this.#sendOnce(sessionId);
            if (delivered) {
                this.#failures = 0;
                this.#resolveWaiters();
                continue;
            }
            this.#failures++;
            if (!network.isOnline())
                await network.whenOnline();
            else
                await sleep(clock, jitter(backoffDelay(this.#failures, backoff)));
        }
    }
    /** One request for the session; false when it did not get through and should be tried again later. */
    async #sendOnce(sessionId) {
        const { store, transport, clock, network } = this.#options;
        const job = this.#takeJob(sessionId);
        if (!job)
            return true;
        const wait = store.record(sessionId).retryAt - clock.now();
        if (wait > 0)
            await sleep(clock, wait);
        if (!network.isOnline())
            return false;
        this.#drainRequest = new AbortController();
        const signal = this.#drainRequest.signal;
        const answer = await transport.write(sessionId, job.revision, job.change, {
            keepalive: true,
            onRetryAfter: (retryAt) => this.#retryNotBefore(sessionId, retryAt),
            signal,
        });
        this.#drainRequest = null;
        // Given way to an exit send, which carried the same change: its answer settles it.
        if (signal.aborted)
            return true;
        return this.#settle(sessionId, job, answer);
    }
    #settle(sessionId, job, answer) {
        const { store } = this.#options;
        // A tab that no longer leads writes nothing: the leader sends the same revision again, harmlessly.
        if (!store.leader)
            return answer.verdict !== "later";
        switch (answer.verdict) {
            case "ok":
                store.update(sessionId, (record) => [
                    acknowledge(record, job.revision, answer.state, this.#options.clock.now()),
                    null,
                ]);
                return true;
            case "drop": {
                const error = changeRefused(job.change, answer);
                // Waiters hear of the refusal before dropping the change makes the session look settled.
                this.#refused(error);
                const why = { status: answer.status, reason: answer.reason, message: error.message };
                store.update(sessionId, (record) => [dropSent(record, job.revision, why), null]);
                return true;
            }
            case "stop":
                this.#stopSyncing(answer);
                return true;
            case "later":
                if (answer.retryAt !== null)
                    this.#retryNotBefore(sessionId, answer.retryAt);
                return false;
        }
    }
    /** The website was refused: nothing more is sent for it from this page. */
    #stopSyncing(answer) {
        if (this.#stopped)
            return;
        this.#stopped = websiteRefused(answer);
        this.#options.report(this.#stopped);
        this.#waiters.reject(this.#stopped);
    }
    /** The service's `Retry-After`: no request for the session before `retryAt`. */
    #retryNotBefore(sessionId, retryAt) {
        this.#options.store.update(sessionId, (record) => [{ ...record, retryAt }, null]);
    }
    #resolveWaiters() {
        if (this.#waiters.any && this.#options.store.idle())
            this.#waiters.resolve();
    }
    /** A change was refused for good: its waiters fail, and the refusal is reported. */
    #refused(error) {
        this.#waiters.reject(error);
        this.#options.report(error);
    }
}

/**
 * The two requests of docs/protocol.md over ky. ky retries failed attempts (backoff with jitter for 5xx, network
 * errors and timeouts; `Retry-After` for 429 and 503) for as long as the page lives; this module only says which
 * answers are final, and stops retrying while the browser is offline so that the caller can wait for `online`.
 */
function kyTransport(options) {
    const wire = trackWire(options.fetch ?? ((input, init) => globalThis.fetch(input, init)));
    const client = kyClient(options, wire.fetch);
    const url = (sessionId) => `${options.endpoint}/v1/website/${encodeURIComponent(options.websiteId)}/session/${encodeURIComponent(sessionId)}/segments`;
    async function request(send) {
        try {
            return await readState(await send());
        }
        catch (error) {
            if (error instanceof HTTPError)
                return refusal(error.response, options.now());
            return { verdict: "later", message: error instanceof Error ? error.message : String(error), retryAt: null };
        }
    }
    return {
        get onWire() {
            return wire.count() > 0;
        },
        read: (sessionId, requestOptions = {}) => request(() => client.get(url(sessionId), perRequest(requestOptions, options.now))),
        write: (sessionId, revision, change, requestOptions = {}) => request(() => client.post(url(sessionId), {
            ...perRequest(requestOptions, options.now),
            // A string body goes as text/plain;charset=UTF-8: a CORS-simple request, no preflight.
            body: JSON.stringify({ revision, ...change }),
        })),
    };
}
/** Counts changes on the wire, not reads: a read in flight must not stop the page-exit send. */
function trackWire(fetch) {
    let onWire = 0;
    const tracked = async (input, init) => {
        const post = (input instanceof Request ? input.method : init?.method) === "POST";
        if (post)
            onWire++;
        try {
            return await fetch(input, init);
        }
        finally {
            if (post)
                onWire--;
        }
    };
    return { fetch: tracked, count: () => onWire };
}
function kyClient(options, fetch) {
    return ky.create({
        credentials: "omit",
        timeout: options.timeoutMs,
        fetch,
        retry: {
            limit: Number.POSITIVE_INFINITY,
            methods: ["get", "post"],
            statusCodes: RETRIED_STATUSES,
            afterStatusCodes: RETRY_AFTER_STATUSES,
            maxRetryAfter: Number.POSITIVE_INFINITY,
            delay: (attempt) => backoffDelay(attempt, options.backoff),
            jitter: (delay) => jitter(delay),
            backoffLimit: options.backoff.capMs,
            retryOnTimeout: true,
            shouldRetry: () => (options.isOnline() ? undefined : false),
        },
    });
}
/** ky's options for one request. */
function perRequest(requestOptions, now) {
    return {
        signal: requestOptions.signal,
        keepalive: requestOptions.keepalive === true,
        ...(requestOptions.once ? { retry: 0 } : {}),
        hooks: {
            // Seen as the answer arrives, before ky waits: a reload during the wait still honours it.
            afterResponse: [
                (_request, _options, response) => {
                    if (!RETRY_AFTER_STATUSES.includes(response.status))
                        return;
                    const after = retryAfterMs(response.headers.get("Retry-After"), now());
                    if (after !== null)
                        requestOptions.onRetryAfter?.(now() + after);
                },
            ],
            beforeRetry: [() => requestOptions.onRetry?.()],
        },
    };
}
async function readState(response) {
    const body = (await response.json().catch(() => null));
    const segments = checkSegments(body?.data?.segments, Number.POSITIVE_INFINITY);
    const revision = body?.data?.revision;
    if (!segments.ok || !isStoredRevision(revision)) {
        return {
            verdict: "later",
            message: `the service answered ${response.status} without a segments list and revision`,
            retryAt: null,
        };
    }
    return { verdict: "ok", state: { segments: segments.segments, revision }, reason: String(body?.reason ?? "") };
}
async function refusal(response, now) {
    const body = (await response.json().catch(() => null));
    const reason = typeof body?.reason === "string" ? body.reason : `http_${response.status}`;
    const message = typeof body?.data?.message === "string" ? body.data.message : response.statusText;
    const kind = verdict(response.status);
    if (kind === "drop" || kind === "stop")
        return { verdict: kind, status: response.status, reason, message };
    const after = retryAfterMs(response.headers.get("Retry-After"), now);
    return {
        verdict: "later",
        message: `${response.status} ${reason}: ${message}`,
        retryAt: after === null ? null : now + after,
    };
}

/** How a client's parts are built from its checked configuration and its environment. */
/** The protocol's body limit, less a margin for the revision and keys. */
const MAX_BODY_BYTES = 16 * 1024 - 64;
/** A client with a bad configuration keeps its session in memory, under a name no website has. */
function openStore(config, env) {
    return new SessionStore({
        ...env,
        ...(config.ok ? config : { websiteId: "unconfigured", storage: memoryStorage(), locks: localLocks() }),
        now: () => env.clock.now(),
    });
}
function startSyncer(store, config, env, hooks) {
    const transport = env.transport ?? kyTransport({ ...env, ...config, isOnline: env.network.isOnline, now: env.clock.now });
    // The environment's settings are the syncer's, by the same names.
    return new Syncer({ ...env, ...hooks, store, transport, maxBodyBytes: MAX_BODY_BYTES });
}
/**
 * Follows the page's life: sends on exit, lets go of the locks in the back/forward cache, reads the session again
 * when the page is shown. Returns the removal.
 */
function followPage(env, syncer, store) {
    // Exit first: the change goes out while this tab still leads; then the locks go, so that the page can be
    // cached and another tab can lead.
    return removeAll(env.onPageExit(() => syncer.exit()), env.onPageCached(() => store.suspend(), () => store.resume()), env.onPageShown(() => syncer.refresh()));
}

/**
 * One website's SDK in one page: runs commands against the session store, answers `get` and `is`, emits events
 * and reports refusals. The `$crisp` queue and the npm API are two thin faces of this class.
 */
class CrispClient {
    #events;
    #store;
    #syncer = null;
    /** Starts syncing and following the page; null once done (or for a bad configuration). */
    #start = null;
    #env;
    #safe = false;
    #loadedSessionId = null;
    #shown;
    #synced;
    #changeQueued = false;
    /** Removes the page-exit and back/forward cache callbacks. */
    #detachPage = () => { };
    constructor(config, env = browserEnvironment()) {
        this.#env = env;
        this.#events = new Emitter((error, event) => this.#listenerFailed(error, event));
        const checked = checkConfig(config);
        this.#store = openStore(checked, env);
        this.#shown = this.#store.segments();
        this.#synced = this.#store.synced();
        this.#store.subscribe(() => this.#queueEvents());
        if (!checked.ok) {
            const { error } = checked;
            // After the task that made this client: the queued `on` and `safe` commands have run by then.
            queueMicrotask(() => {
                this.report(error);
                this.#announceLoaded(this.#store.sessionId);
            });
            return;
        }
        this.#start = () => {
            this.#start = null;
            const syncer = (this.#syncer = startSyncer(this.#store, checked, env, {
                report: (error) => this.report(error),
                onLoaded: (sessionId) => this.#announceLoaded(sessionId),
            }));
            this.#detachPage = followPage(env, syncer, this.#store);
        };
        // Until it starts this tab does not lead (the store's locks wait too) and sends nothing: its commands wait in
        // its outbox, written each task.
        env.startLater(() => this.#start?.());
    }
    /** Runs one command; never throws. */
    run(command) {
        try {
            this.#run(command);
        }
        catch (error) {
            this.#reportInternalError(error, command);
        }
    }
    get(key) {
        try {
            if (key === "session:segments")
                return this.#store.segments();
            if (key === "session:identifier")
                return this.#store.sessionId;
            this.report({
                code: "unsupported_command",
                value: key,
                message: `get ${preview(key)} is not supported; expected "session:segments" or "session:identifier"`,
            });
        }
        catch (error) {
            this.#reportInternalError(error, ["get", key]);
        }
        return undefined;
    }
    is(key) {
        try {
            if (key === "session:synced")
                return this.#store.synced();
            this.report({
                code: "unsupported_command",
                value: key,
                message: `is ${preview(key)} is not supported; expected "session:synced"`,
            });
        }
        catch (error) {
            this.#reportInternalError(error, ["is", key]);
        }
        return false;
    }
    on(event, listener) {
        const off = this.#events.on(event, listener);
        // `session:loaded` happens once per page; a listener that comes later still hears of it.
        const loadedId = this.#loadedSessionId;
        if (event === "session:loaded" && loadedId !== null) {
            queueMicrotask(() => {
                try {
                    listener(loadedId);
                }
                catch (error) {
                    this.#listenerFailed(error, event);
                }
            });
        }
        return off;
    }
    flush() {
        this.#start?.();
        return this.#syncer ? this.#syncer.flush() : Promise.resolve();
    }
    /** Reports a problem once: to `error` listeners, and to the console unless in safe mode. */
    report(error) {
        if (!this.#safe)
            this.#env.console.error(`[crisp-segments] ${error.message}`, error);
        this.#events.emit("error", error);
    }
    /** Stops this client for good: it sends nothing more, and lets go of its locks for a client that follows. */
    dispose() {
        this.#start = null;
        this.#detachPage();
        this.#syncer?.dispose();
        this.#store.suspend();
        this.#store.dispose();
    }
    #run(command) {
        const parsed = parseCommand(command);
        if (!parsed.ok) {
            this.report(parsed.error);
            return;
        }
        const { action } = parsed;
        switch (action.type) {
            case "operation":
                if (!this.#store.apply(action.operation)) {
                    this.report({
                        code: "invalid_command",
                        command,
                        value: action.operation.segments,
                        position: "segments",
                        expected: `a session of at most ${MAX_SEGMENTS} segments`,
                        message: `${preview(command)} refused: the session would hold more than ${MAX_SEGMENTS} segments`,
                    });
                }
                return;
            case "reset":
                this.#store.reset();
                return;
            case "on":
                this.on(action.event, action.listener);
                return;
            case "off":
                this.#events.off(action.event, action.listener);
                return;
            case "safe":
                this.#safe = action.enabled;
                return;
        }
    }
    #announceLoaded(sessionId) {
        if (this.#loadedSessionId !== null)
            return;
        this.#loadedSessionId = sessionId;
        this.#events.emit("session:loaded", sessionId);
        this.#queueEvents();
    }
    /**
     * Once per task: `session:segments:changed` when the list differs from the one last shown, `session:synced`
     * when the session has just become synced.
     */
    #queueEvents() {
        if (this.#changeQueued)
            return;
        this.#changeQueued = true;
        queueMicrotask(() => {
            this.#changeQueued = false;
            const segments = this.#store.segments();
            if (!sameList(segments, this.#shown)) {
                this.#shown = segments;
                this.#events.emit("session:segments:changed", segments.slice());
            }
            const synced = this.#store.synced();
            if (synced && !this.#synced)
                this.#events.emit("session:synced", this.#store.sessionId);
            this.#synced = synced;
        });
    }
    #listenerFailed(error, event) {
        // A failing `error` listener is not reported to itself again.
        if (!this.#safe)
            this.#env.console.error(`[crisp-segments] a listener of "${event}" threw`, error);
    }
    #reportInternalError(error, command) {
        let reason;
        try {
            reason = String(error);
        }
        catch {
            reason = "an unprintable error";
        }
        this.report({
            code: "internal_error",
            command,
            message: `unexpected failure running ${preview(command)}: ${reason}`,
        });
    }
}
function sameList(a, b) {
    return a.length === b.length && a.every((segment, index) => segment === b[index]);
}

/**
 * The npm entry: `import { Crisp } from "crisp-segments"`. Safe to import and call during server-side rendering:
 * nothing touches a browser global until `configure` runs in a browser.
 */
let client = null;
/** Commands given before `configure`, replayed in order once it runs. */
let waiting = [];
/** `flush` calls made before `configure`, answered once it runs. */
const flushesWaiting = [];
const inBrowser = () => typeof window !== "undefined" && typeof document !== "undefined";
function run(command) {
    if (client)
        client.run(command);
    else if (inBrowser())
        waiting.push(command);
}
function on(event, listener) {
    // The tuple is sound for every E; the compiler cannot pair a generic event with its listener in the union.
    run(["on", event, listener]);
    return () => run(["off", event, listener]);
}
const Crisp = {
    /** Starts the SDK for a website; commands given earlier run now, in order. Does nothing outside a browser. */
    configure(websiteId, options = {}) {
        if (!inBrowser())
            return;
        client?.dispose();
        client = new CrispClient({ websiteId, endpoint: options.endpoint ?? location.origin });
        const replay = waiting;
        waiting = [];
        for (const command of replay)
            client.run(command);
        for (const flushed of flushesWaiting.splice(0))
            flushed();
    },
    /** Runs any command of the `$crisp` queue, typed. */
    push(command) {
        run(command);
    },
    /** `true`: the SDK writes nothing to the console; errors still reach `onError` listeners. */
    safe(enabled = true) {
        run(["safe", enabled]);
    },
    onError(listener) {
        return on("error", listener);
    },
    session: {
        /** Appends the segments not present, or replaces the list when `overwrite` is true. */
        setSegments(...args) {
            run(["set", "session:segments", args]);
        },
        removeSegments(...args) {
            run(["do", "session:segments:remove", args]);
        },
        /** Starts a new session with an empty list; the old session's pending change is still delivered. */
        reset() {
            run(["do", "session:reset"]);
        },
        getSegments() {
            return client?.get("session:segments") ?? [];
        },
        getIdentifier() {
            return client?.get("session:identifier") ?? null;
        },
        /** Whether no change of the session waits for the service. */
        isSynced() {
            return client ? client.is("session:synced") : waiting.length === 0;
        },
        onLoaded(listener) {
            return on("session:loaded", listener);
        },
        onSegmentsChanged(listener) {
            return on("session:segments:changed", listener);
        },
        /** Called when no change of the session waits for the service any more. */
        onSynced(listener) {
            return on("session:synced", listener);
        },
        /** Resolves once the service has acknowledged every change; rejects on a permanent refusal. */
        flush() {
            if (client)
                return client.flush();
            if (waiting.length === 0)
                return Promise.resolve();
            return new Promise((resolve) => flushesWaiting.push(resolve)).then(() => Crisp.session.flush());
        },
    },
};

export { Crisp };
//# sourceMappingURL=crisp-segments.mjs.map
