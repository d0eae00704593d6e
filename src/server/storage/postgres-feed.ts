/**
 * The PostgreSQL change feed: one LISTEN per store, opened by the first subscriber, fanned out in process.
 * Notices are told in the order PostgreSQL delivers them (commit order); one that came without its segments
 * waits for them to be read back.
 */
import type postgres from "postgres";
import { createChangeEmitter } from "./change-emitter.js";
import { type ContactNotice, decodeNotice, type Notice, type SessionNotice } from "./postgres-notice.js";
import type { SessionQueries } from "./postgres-queries.js";
import type { TeamQueries } from "./postgres-team-queries.js";
import type { SessionChange } from "./segments-store.js";
import type { ContactChange, StoreChange, TeamStore } from "./team-store.js";

export function createPostgresFeed(
  sql: postgres.Sql,
  channel: string,
  queries: Pick<SessionQueries, "read"> & Pick<TeamQueries, "contact">,
  onError: (error: unknown) => void,
): Pick<TeamStore, "subscribeAll"> {
  const emitter = createChangeEmitter<StoreChange>();
  let listening: Promise<unknown> | undefined;
  let queue = Promise.resolve();

  const completeSession = async (notice: SessionNotice): Promise<SessionChange> => {
    const row = await queries.read(notice.websiteId, notice.sessionId);
    if (row === undefined) throw new Error(`segments change feed: session ${notice.sessionId} is gone`);
    return { ...notice, segments: row.segments, revision: Number(row.revision), updatedAt: Number(row.updated_at) };
  };
  // A contact deleted before its notice was read back is skipped: its deletion's notice follows, and ids are
  // never reused, so listeners still end on what is stored.
  const completeContact = async (notice: ContactNotice): Promise<ContactChange | undefined> => {
    const contact = await queries.contact(notice.websiteId, notice.peopleId);
    return contact && { ...notice, segments: contact.segments, updatedAt: contact.updatedAt };
  };
  const complete = async (notice: Notice): Promise<StoreChange | undefined> => {
    if (notice.segments !== undefined) return { ...notice, segments: notice.segments };
    return "peopleId" in notice ? completeContact(notice) : completeSession(notice);
  };
  const hear = (payload: string) => {
    queue = queue.then(() => complete(decodeNotice(payload))).then((change) => change && emitter.emit(change), onError);
  };

  return {
    async subscribeAll(listener) {
      listening ??= sql.listen(channel, hear).catch((error: unknown) => {
        listening = undefined;
        throw error;
      });
      await listening;
      return emitter.subscribe(listener);
    },
  };
}
