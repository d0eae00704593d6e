// The inbox's calls to the service's REST API (docs: README, "REST API"), with the operator's Basic credentials.
// Every failure is a ServiceError carrying the service's reason and one-line message.

/** @typedef {{ identifier: string, key: string, website: string }} Credentials */

const PER_PAGE = 20;

export class ServiceError extends Error {
  /**
   * @param {number} status
   * @param {string} reason
   * @param {string} message
   */
  constructor(status, reason, message) {
    super(message);
    this.name = "ServiceError";
    this.status = status;
    this.reason = reason;
  }
}

/**
 * `Basic base64(identifier:key)`, of the UTF-8 bytes (btoa alone takes Latin-1 only).
 * @param {string} identifier
 * @param {string} key
 */
export function basicAuthorization(identifier, key) {
  const bytes = new TextEncoder().encode(`${identifier}:${key}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

/** @param {Credentials} credentials */
export function createInboxApi(credentials) {
  const base = `/v1/website/${encodeURIComponent(credentials.website)}`;
  const headers = {
    Authorization: basicAuthorization(credentials.identifier, credentials.key),
    "X-Crisp-Tier": "plugin",
  };
  // No cookies are needed, and without credentials mode the browser never answers a 401's Basic challenge with
  // its own login dialog (which would hold the call until dismissed): the page shows the service's message.
  /** @param {string} path @param {RequestInit} [init] */
  const call = async (path, init = {}) => {
    const response = await fetch(`${base}${path}`, {
      ...init,
      credentials: "omit",
      headers: { ...headers, ...init.headers },
    });
    return unwrap(response);
  };
  /** @param {string} method @param {string} path @param {unknown} body */
  const send = (method, path, body) =>
    call(path, { method, body: JSON.stringify(body), headers: { "Content-Type": "application/json" } });
  return {
    perPage: PER_PAGE,
    /** @param {number} page @param {URLSearchParams} query */
    conversations: (page, query) => call(`/conversations/${page}?${query}`),
    /** @param {number} page @param {URLSearchParams} query */
    contacts: (page, query) => call(`/people/profiles/${page}?${query}`),
    /** @param {"conversations" | "contacts"} kind */
    suggestions: (kind) => call(`/${kind === "conversations" ? "conversations" : "people"}/suggest/segments/1`),
    /** @param {string} sessionId */
    meta: (sessionId) => call(`/conversation/${encodeURIComponent(sessionId)}/meta`),
    /** @param {string} peopleId */
    contact: (peopleId) => call(`/people/profile/${encodeURIComponent(peopleId)}`),
    /**
     * Adds or removes segments in one atomic edit; resolves to the list as stored.
     * @param {"conversations" | "contacts"} kind @param {string} id @param {{ add?: string[], remove?: string[] }} edit
     */
    editSegments: async (kind, id, edit) => {
      const owner = kind === "conversations" ? "conversation" : "people/profile";
      const data = await send("PATCH", `/${owner}/${encodeURIComponent(id)}/segments`, edit);
      return /** @type {string[]} */ (data.segments);
    },
    /** The website's rules, in order; each write below resolves to the list as stored. */
    rules: () => call("/rules"),
    /** @param {unknown[]} rules the whole list, in the order to run */
    putRules: (rules) => send("PUT", "/rules", { rules }),
    /** @param {unknown} rule appended: it runs last */
    addRule: (rule) => send("POST", "/rules", rule),
    /** @param {string} ruleId */
    deleteRule: (ruleId) => call(`/rule/${encodeURIComponent(ruleId)}`, { method: "DELETE" }),
    /** The website's webhook endpoints, for a rule's "send to webhook". */
    webhooks: () => call("/webhooks"),
    /** The live route, for live.mjs. @param {AbortSignal} signal */
    openLive: (signal) =>
      fetch(`${base}/live`, { credentials: "omit", headers: { ...headers, Accept: "text/event-stream" }, signal }),
  };
}

/**
 * The envelope's data, or a ServiceError with the service's message.
 * @param {Response} response
 */
export async function unwrap(response) {
  const body = await response.json().catch(() => undefined);
  if (response.ok && body?.error === false) return body.data;
  const reason = typeof body?.reason === "string" ? body.reason : `http_${response.status}`;
  const message =
    typeof body?.data?.message === "string" ? body.data.message : `the service answered ${response.status}`;
  throw new ServiceError(response.status, reason, message);
}
