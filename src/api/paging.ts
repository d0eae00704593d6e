/**
 * Walks a paginated list one page per request, only as far as the caller reads: a page shorter than asked for is
 * the last. Each page after the first is asked for after the last row of the one before (the cursor the service
 * answers), so a deep page costs what a first one does; it is asked by number too, for a service that answers no
 * cursor. The list is live, ordered by last change: a row changed during the walk may be met twice or not at
 * all; a walk is not a snapshot.
 */
export async function* walkPages<T>(
  fetchPage: (page: number, cursor: string | undefined) => Promise<{ data: T[]; next: string | undefined }>,
  perPage: number,
): AsyncGenerator<T, void, undefined> {
  let cursor: string | undefined;
  for (let page = 1; ; page++) {
    const { data, next } = await fetchPage(page, cursor);
    yield* data;
    if (data.length < perPage) return;
    cursor = next;
  }
}

/** The page's query string, with the cursor to follow when there is one. */
export function withCursor(searchParams: URLSearchParams, cursor: string | undefined): URLSearchParams {
  if (cursor === undefined) return searchParams;
  const next = new URLSearchParams(searchParams);
  next.set("cursor", cursor);
  return next;
}
