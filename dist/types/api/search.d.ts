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
export declare function conversationSearch(query: ListQuery): URLSearchParams;
export declare function peopleSearch(query: ListQuery): URLSearchParams;
