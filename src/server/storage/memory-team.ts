/** The memory store's team side: metas and contacts in Maps, each kept in "least recently changed first" order. */
import { randomUUID } from "node:crypto";
import type { Change } from "../../protocol/change.js";
import type { SegmentsRecorder } from "../automations/automations-store.js";
import type { ChangeFacts, RulesOf } from "../automations/rule-run.js";
import { contactWrite, emailFacts } from "../automations/rules-on-writes.js";
import type { EditResult, SessionState } from "./segments-store.js";
import {
  addition,
  batchBucket,
  copyContact,
  countSegments,
  decideCreate,
  decideUpdate,
  emailKey,
  isAfter,
  listOrder,
  matchesFilter,
  matchesText,
  mergeMeta,
  pageWindow,
  tally,
} from "./team-rules.js";
import type {
  Contact,
  ContactPatch,
  ContactResult,
  ConversationMeta,
  ListQuery,
  SegmentFilter,
  StoreChange,
  TeamStore,
} from "./team-store.js";

export interface MemoryRow extends SessionState {
  updatedAt: number;
}

interface Deps {
  now(): number;
  emit(change: StoreChange): void;
  record: SegmentsRecorder["record"];
  rulesOf: RulesOf;
  sessions(websiteId: string): Map<string, MemoryRow> | undefined;
  edit(websiteId: string, sessionId: string, change: Change): EditResult;
  /** Gives a session never written a row (no segments, revision 0), so that a meta alone lists it. */
  ensureSession(websiteId: string, sessionId: string): void;
  /** Runs the rules on a conversation whose email changed. */
  emailChanged(websiteId: string, sessionId: string, facts: ChangeFacts): void;
}

type Websites<V> = Map<string, Map<string, V>>;

function inner<V>(outer: Websites<V>, websiteId: string): Map<string, V> {
  let map = outer.get(websiteId);
  if (map === undefined) outer.set(websiteId, (map = new Map()));
  return map;
}

function page<T>(rows: T[], query: ListQuery): T[] {
  const { limit, offset } = pageWindow(query);
  return rows.slice(offset, offset + limit);
}

/** The rows after the query's cursor that its filter keeps, in a list's order. */
function listed<T extends { updatedAt: number; segments: string[] }>(
  rows: Iterable<[string, T]>,
  query: ListQuery & { filter?: SegmentFilter },
  keep: (row: T) => boolean = () => true,
): Array<[string, T]> {
  const kept = [...rows].filter(
    ([id, row]) => isAfter({ updatedAt: row.updatedAt, id }, query.after) && matchesFilter(row.segments, query.filter),
  );
  const order = ([a, x]: [string, T], [b, y]: [string, T]) =>
    listOrder({ updatedAt: x.updatedAt, id: a }, { updatedAt: y.updatedAt, id: b });
  return page(kept.filter(([, row]) => keep(row)).sort(order), query);
}

const newestFirst = <V>(map: Map<string, V> | undefined): V[] => [...(map?.values() ?? [])].reverse();

/** Contacts' writes, each synchronous so that a batch of them is atomic. */
function memoryContacts(deps: Deps, contacts: Websites<Contact>) {
  const holderOf = (websiteId: string, email: string | undefined): string | undefined => {
    if (email === undefined) return undefined;
    for (const contact of contacts.get(websiteId)?.values() ?? []) {
      if (emailKey(contact.email) === emailKey(email)) return contact.peopleId;
    }
    return undefined;
  };
  /** Stores `decided` once the website's rules have run on it; answers what it stored. */
  const store = (websiteId: string, decided: Contact): ContactResult => {
    const map = inner(contacts, websiteId);
    const { result, next, changes } = contactWrite(
      deps.rulesOf(websiteId),
      websiteId,
      map.get(decided.peopleId),
      decided,
    );
    map.delete(next.peopleId);
    map.set(next.peopleId, next);
    for (const change of changes) deps.record(change);
    const { peopleId, segments, updatedAt } = next;
    deps.emit({ websiteId, peopleId, segments, updatedAt, deleted: false });
    return result;
  };
  return {
    holderOf,
    create(websiteId: string, input: Parameters<TeamStore["createContact"]>[1]): ContactResult {
      const { result, next } = decideCreate(input, randomUUID(), deps.now(), holderOf(websiteId, input.email));
      return next ? store(websiteId, next) : result;
    },
    update(websiteId: string, peopleId: string, patch: ContactPatch): ContactResult {
      const current = contacts.get(websiteId)?.get(peopleId);
      if (current === undefined) return { reason: "not_found" };
      const { result, next } = decideUpdate(current, patch, deps.now(), holderOf(websiteId, patch.email));
      return next ? store(websiteId, next) : result;
    },
    delete(websiteId: string, peopleId: string): boolean {
      if (!contacts.get(websiteId)?.delete(peopleId)) return false;
      deps.emit({ websiteId, peopleId, segments: [], updatedAt: deps.now(), deleted: true });
      return true;
    },
  };
}

export function createMemoryTeam(deps: Deps): Omit<TeamStore, "subscribeAll"> {
  const metas: Websites<ConversationMeta> = new Map();
  const contacts: Websites<Contact> = new Map();
  const write = memoryContacts(deps, contacts);
  const meta = (websiteId: string, sessionId: string): ConversationMeta => ({
    ...metas.get(websiteId)?.get(sessionId),
  });
  const contact = (websiteId: string, peopleId: string | undefined): Contact | undefined => {
    const found = peopleId === undefined ? undefined : contacts.get(websiteId)?.get(peopleId);
    return found && copyContact(found);
  };

  return {
    getMeta: async (websiteId, sessionId) => meta(websiteId, sessionId),
    async mergeMeta(websiteId, sessionId, patch) {
      const previous = meta(websiteId, sessionId);
      const merged = mergeMeta(previous, patch);
      inner(metas, websiteId).set(sessionId, merged);
      deps.ensureSession(websiteId, sessionId);
      if (merged.email !== previous.email) deps.emailChanged(websiteId, sessionId, emailFacts(merged, previous));
      return { ...merged };
    },
    createContact: async (websiteId, input) => write.create(websiteId, input),
    getContact: async (websiteId, peopleId) => contact(websiteId, peopleId),
    updateContact: async (websiteId, peopleId, patch) => write.update(websiteId, peopleId, patch),
    deleteContact: async (websiteId, peopleId) => write.delete(websiteId, peopleId),
    contactOfConversation: async (websiteId, sessionId) =>
      contact(websiteId, write.holderOf(websiteId, metas.get(websiteId)?.get(sessionId)?.email)),
    async listConversations(websiteId, query) {
      return listed(deps.sessions(websiteId) ?? [], query).map(([sessionId, { segments, revision, updatedAt }]) => ({
        ...{ sessionId, segments: segments.slice(), revision, updatedAt },
        meta: meta(websiteId, sessionId),
      }));
    },
    async listContacts(websiteId, query) {
      const rows = listed(contacts.get(websiteId) ?? [], query, (row) => matchesText(row, query.text));
      return rows.map(([, row]) => copyContact(row));
    },
    async suggestSegments(websiteId, of, query) {
      const rows = newestFirst<{ segments: string[] }>(
        of === "contacts" ? contacts.get(websiteId) : deps.sessions(websiteId),
      );
      return page(countSegments(rows.map((row) => row.segments)), query);
    },
    async addSegments(websiteId, target, segments) {
      const ids = "sessions" in target ? target.sessions : target.contacts;
      const add = (id: string) =>
        "sessions" in target
          ? deps.edit(websiteId, id, addition(segments)).reason
          : write.update(websiteId, id, { segments: addition(segments) }).reason;
      return tally(ids, new Map([...new Set(ids)].map((id) => [id, batchBucket(add(id))])));
    },
  };
}
