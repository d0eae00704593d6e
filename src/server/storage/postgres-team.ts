/**
 * The PostgreSQL store's team side. A contact write, or a batch, is one transaction that locks the rows it
 * decides on; the feed's notices go out with its commit. A write that lost a race (an email taken meanwhile, a
 * session created meanwhile) is decided again on what won.
 */
import { randomUUID } from "node:crypto";
import type postgres from "postgres";
import { isEventful } from "../automations/events.js";
import { type PostgresRuleRecorder, postgresRuleRecorder } from "../automations/postgres-rule-recorder.js";
import type { ChangeFacts, RulesOf } from "../automations/rule-run.js";
import type { Rule } from "../automations/rules.js";
import { contactWrite, emailFacts, sessionWrite } from "../automations/rules-on-writes.js";
import { type Row, type SessionQueries, sessionQueries } from "./postgres-queries.js";
import { type TeamQueries, teamQueries, walksSegmentEntries } from "./postgres-team-queries.js";
import type { EditResult, SessionState } from "./segments-store.js";
import { decideEdit, emptySession } from "./session-update.js";
import { addition, batchBucket, decideCreate, decideUpdate, tally } from "./team-rules.js";
import type {
  BatchResult,
  BatchTarget,
  Contact,
  ContactPatch,
  ContactResult,
  ConversationMeta,
  NewContact,
  TeamStore,
} from "./team-store.js";

// A unique email taken meanwhile, and a deadlock (which PostgreSQL breaks by failing one side) are lost races.
const RETRIED_CODES = new Set(["23505", "40P01"]);
const MAX_ATTEMPTS = 5;

/** Thrown inside a transaction to roll it back and run it again: another writer came first. */
class LostRace extends Error {}

function isLostRace(error: unknown): boolean {
  return error instanceof LostRace || RETRIED_CODES.has(String((error as { code?: unknown } | null)?.code));
}

function stateOf(row: Row | undefined): SessionState {
  return row ? { segments: row.segments, revision: Number(row.revision) } : emptySession();
}

/** Rows written in one order by every batch, the order `lock` takes them in, so that two batches never deadlock. */
function inLockOrder(ids: string[]): string[] {
  return [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The clock writes are stamped with, and the rules they run. */
interface Context {
  now: () => number;
  rulesOf: RulesOf;
  /** Brings the conversations' segment entries up to date with every session written (postgres-segment-index.ts). */
  indexSessions: () => Promise<void>;
}

/** One transaction's statements and context. */
type Tx = { team: TeamQueries; sessions: SessionQueries; now: () => number; rules: TxRules };

/**
 * The rules a transaction's writes run: read once per website and kept to its end, so that a reload arriving
 * meanwhile cannot leave a write unrecorded (once a write has turned the triggers off, every later one records).
 */
interface TxRules {
  of(websiteId: string): Promise<readonly Rule[]>;
  recorder: PostgresRuleRecorder;
}

function txRules(tx: postgres.ISql, schema: string, rulesOf: RulesOf): TxRules {
  const seen = new Map<string, readonly Rule[]>();
  const recorder = postgresRuleRecorder(tx, schema);
  let tookOver = false;
  return {
    recorder,
    async of(websiteId) {
      const rules = seen.get(websiteId) ?? rulesOf(websiteId);
      seen.set(websiteId, rules);
      if (rules.length > 0 && !tookOver) {
        await recorder.takeOver();
        tookOver = true;
      }
      return rules;
    },
  };
}

/** Stores `decided` once the website's rules have run on it (`previous`: absent when created); answers it. */
async function storeContact(tx: Tx, websiteId: string, decided: Contact, previous?: Contact): Promise<ContactResult> {
  const rules = await tx.rules.of(websiteId);
  const { result, next, changes } = contactWrite(rules, websiteId, previous, decided);
  await tx.team.putContact(websiteId, next);
  if (rules.length > 0) await tx.rules.recorder.record(changes);
  const { peopleId, segments, updatedAt } = next;
  await tx.team.notify({ websiteId, peopleId, segments, updatedAt, deleted: false });
  return result;
}

async function createContact(tx: Tx, websiteId: string, input: NewContact): Promise<ContactResult> {
  const holder = await tx.team.holder(websiteId, input.email);
  const { result, next } = decideCreate(input, randomUUID(), tx.now(), holder);
  return next ? storeContact(tx, websiteId, next) : result;
}

async function updateContact(tx: Tx, websiteId: string, peopleId: string, patch: ContactPatch): Promise<ContactResult> {
  const current = await tx.team.contact(websiteId, peopleId, true);
  if (current === undefined) return { reason: "not_found" };
  const { result, next } = decideUpdate(current, patch, tx.now(), await tx.team.holder(websiteId, patch.email));
  return next ? storeContact(tx, websiteId, next, current) : result;
}

/** Writes a session inside a transaction, with its rules' run; throws LostRace when another writer came first. */
async function writeSession(
  tx: Tx,
  ids: { websiteId: string; sessionId: string },
  row: Row | undefined,
  next: SessionState,
  facts?: ChangeFacts,
) {
  const rules = await tx.rules.of(ids.websiteId);
  const current = stateOf(row);
  const at = tx.now();
  const written = sessionWrite(rules, ids, current.segments, next, at, facts);
  if (facts !== undefined && !written.changes.some(isEventful)) return;
  const change = { ...ids, ...written.next, updatedAt: at };
  if (!(await tx.sessions.write(change, row?.version ?? "0", "keep"))) throw new LostRace();
  if (rules.length > 0) await tx.rules.recorder.record(written.changes);
}

/** Adds to a session inside a batch; its row, when it has one, is locked already. */
async function addToSession(
  tx: Tx,
  websiteId: string,
  sessionId: string,
  segments: string[],
): Promise<EditResult["reason"]> {
  const row = await tx.sessions.read(websiteId, sessionId);
  const { result, next } = decideEdit(stateOf(row), addition(segments));
  if (next !== undefined) await writeSession(tx, { websiteId, sessionId }, row, next);
  return result.reason;
}

/**
 * A meta merge that changes the email, on a website with rules: the merge, then the rules' run on the
 * conversation, in one transaction; the meta row is locked first so that the email it had is the one replaced.
 */
async function mergeMetaWithRules(tx: Tx, websiteId: string, sessionId: string, patch: ConversationMeta) {
  const previous = await tx.team.meta(websiteId, sessionId, true);
  const merged = await tx.team.mergeMeta(websiteId, sessionId, patch, tx.now());
  if (merged.email === previous.email) return merged;
  const row = await tx.sessions.read(websiteId, sessionId);
  await writeSession(tx, { websiteId, sessionId }, row, stateOf(row), emailFacts(merged, previous));
  return merged;
}

async function addSegments(tx: Tx, websiteId: string, target: BatchTarget, segments: string[]): Promise<BatchResult> {
  const given = "sessions" in target ? target.sessions : target.contacts;
  const ids = inLockOrder(given);
  if ("sessions" in target) await tx.sessions.lock(websiteId, ids);
  else await tx.team.lockContacts(websiteId, ids);
  const buckets = new Map<string, keyof BatchResult>();
  for (const id of ids) {
    const reason =
      "sessions" in target
        ? await addToSession(tx, websiteId, id, segments)
        : (await updateContact(tx, websiteId, id, { segments: addition(segments) })).reason;
    buckets.set(id, batchBucket(reason));
  }
  return tally(given, buckets);
}

export function createPostgresTeam(
  sql: postgres.Sql,
  schema: string,
  channel: string,
  { now, rulesOf, indexSessions }: Context,
): Omit<TeamStore, "subscribeAll" | "suggestSegments"> {
  const reads = teamQueries(sql, schema, channel);
  async function transact<R>(work: (tx: Tx) => Promise<R>): Promise<R> {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await sql.begin((tx) =>
          work({
            team: teamQueries(tx, schema, channel),
            sessions: sessionQueries(tx, schema, channel),
            now,
            rules: txRules(tx, schema, rulesOf),
          }),
        )) as R;
      } catch (error) {
        if (!isLostRace(error) || attempt === MAX_ATTEMPTS) throw error;
      }
    }
  }
  return {
    getMeta: reads.meta,
    mergeMeta: (websiteId, sessionId, patch) =>
      patch.email === undefined || rulesOf(websiteId).length === 0
        ? reads.mergeMeta(websiteId, sessionId, patch, now())
        : transact((tx) => mergeMetaWithRules(tx, websiteId, sessionId, patch)),
    createContact: (websiteId, input) => transact((tx) => createContact(tx, websiteId, input)),
    getContact: (websiteId, peopleId) => reads.contact(websiteId, peopleId),
    updateContact: (websiteId, peopleId, patch) => transact((tx) => updateContact(tx, websiteId, peopleId, patch)),
    deleteContact: (websiteId, peopleId) =>
      transact(async (tx) => {
        const deleted = await tx.team.deleteContact(websiteId, peopleId);
        if (deleted) await tx.team.notify({ websiteId, peopleId, segments: [], updatedAt: now(), deleted });
        return deleted;
      }),
    contactOfConversation: reads.owner,
    listConversations: async (websiteId, query) => {
      // Only a list that walks the entries waits for them to be brought up to date.
      if (walksSegmentEntries(query.filter)) await indexSessions();
      return reads.conversations(websiteId, query);
    },
    listContacts: reads.contacts,
    addSegments: (websiteId, target, segments) => transact((tx) => addSegments(tx, websiteId, target, segments)),
  };
}
