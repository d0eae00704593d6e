/**
 * The PostgreSQL change feed: one LISTEN per store, opened by the first subscriber, fanned out in process.
 * Notices are told in the order PostgreSQL delivers them (commit order); one that came without its segments
 * waits for them to be read back.
 */
import type postgres from "postgres";
import { createChangeEmitter } from "./change-emitter.js";
import { decodeNotice, type Notice } from "./postgres-notice.js";
import type { SessionQueries } from "./postgres-queries.js";
import type { ChangeFeed, SessionChange } from "./segments-store.js";

export function createPostgresFeed(
  sql: postgres.Sql,
  channel: string,
  queries: Pick<SessionQueries, "read">,
  onError: (error: unknown) => void,
): ChangeFeed {
  const emitter = createChangeEmitter();
  let listening: Promise<unknown> | undefined;
  let queue = Promise.resolve();

  const complete = async (notice: Notice): Promise<SessionChange> => {
    if (notice.segments !== undefined) return { ...notice, segments: notice.segments };
    const row = await queries.read(notice.websiteId, notice.sessionId);
    if (row === undefined) throw new Error(`segments change feed: session ${notice.sessionId} is gone`);
    return { ...notice, segments: row.segments, revision: Number(row.revision), updatedAt: Number(row.updated_at) };
  };
  const hear = (payload: string) => {
    queue = queue.then(() => complete(decodeNotice(payload))).then(emitter.emit, onError);
  };

  return {
    async subscribe(listener) {
      listening ??= sql.listen(channel, hear).catch((error: unknown) => {
        listening = undefined;
        throw error;
      });
      await listening;
      return emitter.subscribe(listener);
    },
  };
}
