/**
 * Walks a paginated list one page per request, only as far as the caller reads: a page shorter than asked for is
 * the last. Each page after the first is asked for after the last row of the one before (the cursor the service
 * answers), so a deep page costs what a first one does; it is asked by number too, for a service that answers no
 * cursor. The list is live, ordered by last change: a row changed during the walk may be met twice or not at
 * all; a walk is not a snapshot.
 */
export declare function walkPages<T>(fetchPage: (page: number, cursor: string | undefined) => Promise<{
    data: T[];
    next: string | undefined;
}>, perPage: number): AsyncGenerator<T, void, undefined>;
/** The page's query string, with the cursor to follow when there is one. */
export declare function withCursor(searchParams: URLSearchParams, cursor: string | undefined): URLSearchParams;
