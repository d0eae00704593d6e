// What the inbox filters by: a set of segments and whether a row needs all of them or any. Pure: the state, the
// test a live row must pass, the filter menu's items and the REST queries (crisp-api's encodings).

/** @typedef {{ segments: string[], match: "all" | "any" }} SegmentFilter */
/** @typedef {{ segment: string, count: number }} SegmentCount */

/** @type {SegmentFilter} */
export const NO_FILTER = Object.freeze({ segments: [], match: "all" });

/**
 * Adds `segment` to the filter, or takes it out if it is in.
 * @param {SegmentFilter} filter
 * @param {string} segment
 * @returns {SegmentFilter}
 */
export function toggleSegment(filter, segment) {
  const segments = filter.segments.includes(segment)
    ? filter.segments.filter((chosen) => chosen !== segment)
    : [...filter.segments, segment];
  return { ...filter, segments };
}

/**
 * @param {SegmentFilter} filter
 * @param {string} match
 * @returns {SegmentFilter}
 */
export function withMatch(filter, match) {
  return { ...filter, match: match === "any" ? "any" : "all" };
}

/**
 * Whether a row with `segments` belongs in the filtered list.
 * @param {SegmentFilter} filter
 * @param {readonly string[]} segments
 */
export function passes(filter, segments) {
  if (filter.segments.length === 0) return true;
  const test = (/** @type {string} */ segment) => segments.includes(segment);
  return filter.match === "all" ? filter.segments.every(test) : filter.segments.some(test);
}

/**
 * The filter menu: the segments in use, most used first, each marked when chosen; chosen segments that no row
 * carries any more stay listed (count 0) so that they can be unchosen.
 * @param {readonly SegmentCount[]} counts
 * @param {SegmentFilter} filter
 * @returns {Array<SegmentCount & { chosen: boolean }>}
 */
export function menuItems(counts, filter) {
  const items = counts.map(({ segment, count }) => ({ segment, count, chosen: filter.segments.includes(segment) }));
  const missing = filter.segments.filter((segment) => !counts.some((item) => item.segment === segment));
  return [...items, ...missing.map((segment) => ({ segment, count: 0, chosen: true }))];
}

/**
 * One criterion per segment, so that `search_operator` alone says all of (and) or any of (or).
 * @param {"session" | "people"} model
 * @param {SegmentFilter} filter
 */
function criteria(model, filter) {
  return JSON.stringify(
    filter.segments.map((segment) => ({ model, criterion: "segments", operator: "eq", query: [segment] })),
  );
}

/**
 * The query of `GET /conversations/{page}`.
 * @param {SegmentFilter} filter
 * @param {number} perPage
 */
export function conversationsQuery(filter, perPage) {
  const query = new URLSearchParams({ per_page: String(perPage) });
  if (filter.segments.length > 0) {
    query.set("search_type", "filter");
    query.set("search_query", criteria("session", filter));
    query.set("search_operator", filter.match === "all" ? "and" : "or");
  }
  return query;
}

/**
 * The query of `GET /people/profiles/{page}`, with an optional text search (email or nickname).
 * @param {SegmentFilter} filter
 * @param {number} perPage
 * @param {string} [text]
 */
export function peopleQuery(filter, perPage, text = "") {
  const query = new URLSearchParams({ per_page: String(perPage) });
  if (text.trim() !== "") query.set("search_text", text.trim());
  if (filter.segments.length > 0) {
    query.set("search_filter", criteria("people", filter));
    query.set("search_operator", filter.match === "all" ? "and" : "or");
  }
  return query;
}

/**
 * A line that says what the list shows, e.g. "with lead and vip" or "with lead or vip".
 * @param {SegmentFilter} filter
 */
export function describeFilter(filter) {
  if (filter.segments.length === 0) return "";
  const joiner = filter.match === "all" ? " and " : " or ";
  return `with ${filter.segments.join(joiner)}`;
}
