/**
 * The list routes' query strings, as Crisp's REST API and its crisp-api client spell them: a segment filter is a
 * JSON array of criteria in one parameter, and `search_operator` says whether a row needs all of them or any.
 */

export interface ListQuery {
  segments: string[];
  match: "all" | "any";
  perPage?: number;
  text?: string;
}

const OPERATOR = { all: "and", any: "or" } as const;

/** One criterion per segment, so that `and` means every segment and `or` any of them. */
function criteria(model: "session" | "people", segments: string[]): string {
  return JSON.stringify(
    segments.map((segment) => ({ model, criterion: "segments", operator: "eq", query: [segment] })),
  );
}

export function conversationSearch(query: ListQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.perPage !== undefined) params.set("per_page", String(query.perPage));
  if (query.segments.length > 0) {
    params.set("search_type", "filter");
    params.set("search_query", criteria("session", query.segments));
    params.set("search_operator", OPERATOR[query.match]);
  }
  return params;
}

export function peopleSearch(query: ListQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.perPage !== undefined) params.set("per_page", String(query.perPage));
  if (query.segments.length > 0) {
    params.set("search_filter", criteria("people", query.segments));
    params.set("search_operator", OPERATOR[query.match]);
  }
  if (query.text) params.set("search_text", query.text);
  return params;
}
