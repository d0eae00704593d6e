import type { Clock } from "../platform/page-lifecycle.js";

/** A visible page reads its session this often, for the changes made at the service (operators, REST API). */
export const REFRESH_MS = 60_000;

/** Calls `refresh` every minute until the returned stop is called; `refresh` decides whether to read. */
export function refreshEveryMinute(clock: Clock, refresh: () => void): () => void {
  const next = (): unknown =>
    clock.setTimeout(() => {
      timer = next();
      refresh();
    }, REFRESH_MS);
  let timer = next();
  return () => clock.clearTimeout(timer);
}
