/**
 * The PostgreSQL store's team side. A contact write, or a batch, is one transaction that locks the rows it
 * decides on; the feed's notices go out with its commit. A write that lost a race (an email taken meanwhile, a
 * session created meanwhile) is decided again on what won.
 */
import { randomUUID } from "node:crypto";
import type postgres from "postgres";
import { type SessionQueries, sessionQueries } from "./postgres-queries.js";
import { type TeamQueries, teamQueries } from "./postgres-team-queries.js";
import type { EditResult, SessionState } from "./segments-store.js";
import { decideEdit, emptySession } from "./session-update.js";
import { addition, batchBucket, decideCreate, decideUpdate, tally } from "./team-rules.js";
import type { BatchResult, ContactPatch, ContactResult, TeamStore } from "./team-store.js";

// A unique email taken meanwhile, and a deadlock (which PostgreSQL breaks by failing one side) are lost races.
const RETRIED_CODES = new Set(["23505", "40P01"]);
const MAX_ATTEMPTS = 5;

/** Thrown inside a transaction to roll it back and run it again: another writer came first. */
class LostRace extends Error {}

function isLostRace(error: unknown): boolean {
  return error instanceof LostRace || RETRIED_CODES.has(String((error as { code?: unknown } | null)?.code));
}

/** Rows written in one order by every batch, the order `lock` takes them in, so that two batches never deadlock. */
function inLockOrder(ids: string[]): string[] {
  return [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

type Tx = { team: TeamQueries; sessions: SessionQueries };

export function createPostgresTeam(
  sql: postgres.Sql,
  schema: string,
  channel: string,
  now: () => number,
): Omit<TeamStore, "subscribeAll"> {
  const reads = teamQueries(sql, schema, channel);
  async function transact<R>(work: (tx: Tx) => Promise<R>): Promise<R> {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await sql.begin((tx) =>
          work({ team: teamQueries(tx, schema, channel), sessions: sessionQueries(tx, schema, channel) }),
        )) as R;
      } catch (error) {
        if (!isLostRace(error) || attempt === MAX_ATTEMPTS) throw error;
      }
    }
  }
  async function update(tx: Tx, websiteId: string, peopleId: string, patch: ContactPatch): Promise<ContactResult> {
    const current = await tx.team.contact(websiteId, peopleId, true);
    if (current === undefined) return { reason: "not_found" };
    const { result, next } = decideUpdate(current, patch, now(), await tx.team.holder(websiteId, patch.email));
    if (next) {
      await tx.team.putContact(websiteId, next);
      const { segments, updatedAt } = next;
      await tx.team.notify({ websiteId, peopleId, segments, updatedAt, deleted: false });
    }
    return result;
  }
  /** Adds to a session inside a batch; its row, when it has one, is locked already. */
  async function add(tx: Tx, websiteId: string, sessionId: string, segments: string[]): Promise<EditResult["reason"]> {
    const row = await tx.sessions.read(websiteId, sessionId);
    const current: SessionState = row ? { segments: row.segments, revision: Number(row.revision) } : emptySession();
    const { result, next } = decideEdit(current, addition(segments));
    if (next === undefined) return result.reason;
    const written = await tx.sessions.write(
      { websiteId, sessionId, ...next, updatedAt: now() },
      row?.version ?? "0",
      "keep",
    );
    if (!written) throw new LostRace();
    return result.reason;
  }

  return {
    getMeta: reads.meta,
    mergeMeta: reads.mergeMeta,
    createContact: (websiteId, input) =>
      transact(async (tx) => {
        const holder = await tx.team.holder(websiteId, input.email);
        const { result, next } = decideCreate(input, randomUUID(), now(), holder);
        if (next) {
          await tx.team.putContact(websiteId, next);
          const { peopleId, segments, updatedAt } = next;
          await tx.team.notify({ websiteId, peopleId, segments, updatedAt, deleted: false });
        }
        return result;
      }),
    getContact: (websiteId, peopleId) => reads.contact(websiteId, peopleId),
    updateContact: (websiteId, peopleId, patch) => transact((tx) => update(tx, websiteId, peopleId, patch)),
    deleteContact: (websiteId, peopleId) =>
      transact(async (tx) => {
        const deleted = await tx.team.deleteContact(websiteId, peopleId);
        if (deleted) await tx.team.notify({ websiteId, peopleId, segments: [], updatedAt: now(), deleted });
        return deleted;
      }),
    contactOfConversation: reads.owner,
    listConversations: reads.conversations,
    listContacts: reads.contacts,
    suggestSegments: reads.suggest,
    addSegments: (websiteId, target, segments) =>
      transact(async (tx) => {
        const buckets = new Map<string, keyof BatchResult>();
        const ids = inLockOrder("sessions" in target ? target.sessions : target.contacts);
        if ("sessions" in target) await tx.sessions.lock(websiteId, ids);
        else await tx.team.lockContacts(websiteId, ids);
        for (const id of ids) {
          const reason =
            "sessions" in target
              ? await add(tx, websiteId, id, segments)
              : (await update(tx, websiteId, id, { segments: addition(segments) })).reason;
          buckets.set(id, batchBucket(reason));
        }
        return tally("sessions" in target ? target.sessions : target.contacts, buckets);
      }),
  };
}
