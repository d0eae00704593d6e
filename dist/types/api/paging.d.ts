/**
 * Walks a paginated list one page per request, only as far as the caller reads: a page shorter than asked for is
 * the last. Pages are offsets into a live list ordered by last change, so a row changed during the walk may be
 * met twice or not at all; a walk is not a snapshot.
 */
export declare function walkPages<T>(fetchPage: (page: number) => Promise<T[]>, perPage: number): AsyncGenerator<T, void, undefined>;
