// The rows the inbox shows, newest change first, and how a live change moves them. Pure.

/**
 * @typedef {{ id: string, name: string, email: string, label: string, segments: string[], updatedAt: number }} Row
 * @typedef {{ kind: "conversations" | "contacts", id: string, segments: string[], updatedAt: number, deleted: boolean }} LiveChange
 * @typedef {import("./segment-filter.mjs").SegmentFilter} SegmentFilter
 */

/**
 * A session id is its visitor's capability (docs/protocol.md): the inbox shows enough of it to tell sessions
 * apart and no more; the REST routes use the full id.
 * @param {string} sessionId
 */
export function shortSessionId(sessionId) {
  return `${sessionId.slice(0, "session_".length + 8)}…`;
}

/**
 * A conversation as `GET /conversations/{page}` lists it.
 * @param {{ session_id: string, segments?: string[], updated_at?: number, meta?: { nickname?: string, email?: string, segments?: string[] } }} item
 * @returns {Row}
 */
export function conversationRow(item) {
  const meta = item.meta ?? {};
  return {
    id: item.session_id,
    name: meta.nickname ?? "",
    email: meta.email ?? "",
    label: shortSessionId(item.session_id),
    segments: item.segments ?? meta.segments ?? [],
    updatedAt: item.updated_at ?? 0,
  };
}

/**
 * A contact as `GET /people/profiles/{page}` lists it.
 * @param {{ people_id: string, email?: string, person?: { nickname?: string }, segments?: string[], updated_at?: number }} profile
 * @returns {Row}
 */
export function contactRow(profile) {
  return {
    id: profile.people_id,
    name: profile.person?.nickname ?? "",
    email: profile.email ?? "",
    label: "",
    segments: profile.segments ?? [],
    updatedAt: profile.updated_at ?? 0,
  };
}

/**
 * A `session` or `people` event of the live route, or undefined for any other event or a malformed one.
 * @param {{ event: string, data: string }} message
 * @returns {LiveChange | undefined}
 */
export function liveChange(message) {
  if (message.event !== "session" && message.event !== "people") return undefined;
  let data;
  try {
    data = JSON.parse(message.data);
  } catch {
    return undefined;
  }
  const id = message.event === "session" ? data?.session_id : data?.people_id;
  if (typeof id !== "string" || !Array.isArray(data.segments) || typeof data.updated_at !== "number") return undefined;
  const kind = message.event === "session" ? "conversations" : "contacts";
  return { kind, id, segments: data.segments.map(String), updatedAt: data.updated_at, deleted: data.deleted === true };
}

/**
 * What a live change does to the rows shown: `moved` (new segments, now first), `removed` (deleted, or it left the
 * filter), `wanted` (it joins the filter but is not shown: the caller reads its details and adds it with
 * `putFirst`), `ignored` (not shown and not wanted, or older than what is shown).
 * @param {readonly Row[]} rows
 * @param {LiveChange} change
 * @param {(segments: readonly string[]) => boolean} passes the list's filter
 * @returns {{ outcome: "moved" | "removed" | "wanted" | "ignored", rows: Row[] }}
 */
export function applyLiveChange(rows, change, passes) {
  const shown = rows.find((row) => row.id === change.id);
  const others = rows.filter((row) => row.id !== change.id);
  if (shown !== undefined && change.updatedAt < shown.updatedAt) return { outcome: "ignored", rows: [...rows] };
  if (change.deleted || !passes(change.segments)) {
    return shown ? { outcome: "removed", rows: others } : { outcome: "ignored", rows: [...rows] };
  }
  if (shown === undefined) return { outcome: "wanted", rows: [...rows] };
  return {
    outcome: "moved",
    rows: putFirst(others, { ...shown, segments: change.segments, updatedAt: change.updatedAt }),
  };
}

/**
 * `row` first, replacing any row with its id.
 * @param {readonly Row[]} rows
 * @param {Row} row
 */
export function putFirst(rows, row) {
  return [row, ...rows.filter((other) => other.id !== row.id)];
}

/**
 * The rows with `id`'s segments replaced, in place in the order (an operator's own edit, answered by the service;
 * the live event that follows moves it).
 * @param {readonly Row[]} rows
 * @param {string} id
 * @param {string[]} segments
 */
export function withSegments(rows, id, segments) {
  return rows.map((row) => (row.id === id ? { ...row, segments } : row));
}
