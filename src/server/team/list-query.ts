/**
 * A list route's page and search, from its path and query string, as crisp-api sends them: `per_page`,
 * `search_type=segment|filter` with `search_query`, `search_operator=and|or`, `search_filter` and `search_text`
 * (filters are JSON arrays of `{model, criterion: "segments", operator: "eq", query: [...]}`); and our `cursor`
 * (list-cursor.ts). Pure.
 */
import { preview } from "../../protocol/preview.js";
import { checkSegments, describeSegmentProblem, MAX_SEGMENTS, normalizeSegment } from "../../protocol/segments.js";
import type { ContactQuery, ConversationQuery, ListQuery, PageQuery, SegmentFilter } from "../storage/team-store.js";
import { accept, type Checked, refuse } from "./checked.js";
import { decodeCursor } from "./list-cursor.js";
import { withoutNul } from "./text-rules.js";

export const MIN_PER_PAGE = 20;
export const MAX_PER_PAGE = 50;
const MAX_SEARCH_TEXT = 256;

/** A query string's parameter by name (its first value). */
export type QueryParam = (name: string) => string | undefined;

type Model = "session" | "people";

export function pageQuery(page: string, param: QueryParam): Checked<PageQuery> {
  if (!/^[1-9][0-9]{0,8}$/.test(page)) {
    return refuse("invalid_request", `the page is ${preview(page)}; expected a whole number from 1, as in …/1`);
  }
  const asked = param("per_page");
  if (asked === undefined || asked === "") return accept({ page: Number(page), perPage: MIN_PER_PAGE });
  if (!/^[0-9]{1,9}$/.test(asked)) {
    const expected = `a whole number (${MIN_PER_PAGE} to ${MAX_PER_PAGE})`;
    return refuse("invalid_request", `per_page is ${preview(asked)}; expected ${expected}`);
  }
  return accept({ page: Number(page), perPage: Math.min(MAX_PER_PAGE, Math.max(MIN_PER_PAGE, Number(asked))) });
}

/** A list's page: by number, or (our extension) the rows after a `cursor` a page before answered. */
export function listQuery(page: string, param: QueryParam): Checked<ListQuery> {
  const window = pageQuery(page, param);
  if (!window.ok) return window;
  const after = decodeCursor(param("cursor"));
  if (!after.ok) return after;
  return accept(after.value === undefined ? window.value : { ...window.value, after: after.value });
}

export function conversationQuery(page: string, param: QueryParam): Checked<ConversationQuery> {
  const window = listQuery(page, param);
  if (!window.ok) return window;
  const type = param("search_type");
  if (type === undefined || type === "") return window;
  if (type === "segment") {
    const segment = normalizeSegment(param("search_query"));
    if (typeof segment !== "string") {
      return refuse("invalid_segments", `search_query is ${preview(param("search_query"))}; expected a segment`);
    }
    return accept({ ...window.value, filter: { segments: [segment], match: "all" } });
  }
  if (type !== "filter") {
    const expected = `"segment" or "filter" (conversations are not searched by text here)`;
    return refuse("invalid_request", `search_type is ${preview(type)}; expected ${expected}`);
  }
  const filter = segmentFilter(param("search_query") ?? "[]", "search_query", "session", param("search_operator"));
  return filter.ok ? accept({ ...window.value, filter: filter.value }) : filter;
}

export function contactQuery(page: string, param: QueryParam): Checked<ContactQuery> {
  const window = listQuery(page, param);
  if (!window.ok) return window;
  const text = param("search_text")?.trim() || undefined;
  if (text !== undefined && text.length > MAX_SEARCH_TEXT) {
    const message = `search_text is ${text.length} characters long; expected at most ${MAX_SEARCH_TEXT}`;
    return refuse("invalid_request", message);
  }
  const searched = withoutNul(text, "search_text");
  if (!searched.ok) return searched;
  const filter = segmentFilter(param("search_filter") || "[]", "search_filter", "people", param("search_operator"));
  return filter.ok ? accept({ ...window.value, filter: filter.value, text }) : filter;
}

function segmentFilter(json: string, name: string, model: Model, operator: string | undefined): Checked<SegmentFilter> {
  if (operator !== undefined && operator !== "" && operator !== "and" && operator !== "or") {
    return refuse(
      "invalid_request",
      `search_operator is ${preview(operator)}; expected "and" (all of) or "or" (any of)`,
    );
  }
  const segments = filterSegments(json, name, model);
  return segments.ok ? accept({ segments: segments.value, match: operator === "or" ? "any" : "all" }) : segments;
}

/** Every segment the filter's conditions name, checked by the segment rules. */
function filterSegments(json: string, name: string, model: Model): Checked<string[]> {
  const example = `[{"model":"${model}","criterion":"segments","operator":"eq","query":["lead"]}]`;
  let conditions: unknown;
  try {
    conditions = JSON.parse(json);
  } catch {
    return refuse("invalid_request", `${name} is ${preview(json)}, not JSON; expected e.g. ${example}`);
  }
  if (!Array.isArray(conditions)) {
    return refuse("invalid_request", `${name} is ${preview(conditions)}; expected an array, e.g. ${example}`);
  }
  const values: unknown[] = [];
  for (const [index, condition] of conditions.entries()) {
    const query = conditionQuery(condition, `${name}[${index}]`, model);
    if (!query.ok) return query;
    values.push(...query.value);
  }
  const checked = checkSegments(values, MAX_SEGMENTS);
  if (!checked.ok) return refuse("invalid_segments", describeSegmentProblem(checked.problem, `${name}'s segments`));
  return accept(checked.segments);
}

function conditionQuery(condition: unknown, name: string, model: Model): Checked<unknown[]> {
  if (typeof condition !== "object" || condition === null || Array.isArray(condition)) {
    return refuse("invalid_request", `${name} is ${preview(condition)}; expected {model, criterion, operator, query}`);
  }
  const field = (key: string): unknown =>
    Object.hasOwn(condition, key) ? (condition as Record<string, unknown>)[key] : undefined;
  const wrong = (key: string, expected: string) =>
    refuse("invalid_request", `${name}.${key} is ${preview(field(key))}; expected ${expected}`);
  if (field("model") !== undefined && field("model") !== model) return wrong("model", `"${model}"`);
  if (field("criterion") !== "segments") return wrong("criterion", `"segments" (the one criterion filtered here)`);
  if (field("operator") !== undefined && field("operator") !== "eq") return wrong("operator", `"eq"`);
  const query = field("query");
  if (typeof query === "string") return accept([query]);
  return Array.isArray(query) ? accept(query) : wrong("query", "an array of segments");
}
