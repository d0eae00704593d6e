/** The memory store's team side: metas and contacts in Maps, each kept in "least recently changed first" order. */
import { randomUUID } from "node:crypto";
import type { Change } from "../../protocol/change.js";
import type { EditResult, SessionState } from "./segments-store.js";
import {
  addition,
  copyContact,
  countSegments,
  decideCreate,
  decideUpdate,
  emailKey,
  matchesFilter,
  matchesText,
  mergeMeta,
  pageWindow,
} from "./team-rules.js";
import type {
  BatchResult,
  Contact,
  ContactPatch,
  ContactResult,
  ConversationMeta,
  StoreChange,
  TeamStore,
} from "./team-store.js";

export interface MemoryRow extends SessionState {
  updatedAt: number;
}

interface Deps {
  now(): number;
  emit(change: StoreChange): void;
  sessions(websiteId: string): Map<string, MemoryRow> | undefined;
  edit(websiteId: string, sessionId: string, change: Change): EditResult;
}

function inner<V>(outer: Map<string, Map<string, V>>, websiteId: string): Map<string, V> {
  let map = outer.get(websiteId);
  if (map === undefined) outer.set(websiteId, (map = new Map()));
  return map;
}

function page<T>(rows: T[], query: { page: number; perPage: number }): T[] {
  const { limit, offset } = pageWindow(query);
  return rows.slice(offset, offset + limit);
}

export function createMemoryTeam(deps: Deps): Omit<TeamStore, "subscribeAll"> {
  const metas = new Map<string, Map<string, ConversationMeta>>();
  const contacts = new Map<string, Map<string, Contact>>();

  const holderOf = (websiteId: string, email: string | undefined): string | undefined => {
    if (email === undefined) return undefined;
    for (const contact of contacts.get(websiteId)?.values() ?? []) {
      if (emailKey(contact.email) === emailKey(email)) return contact.peopleId;
    }
    return undefined;
  };
  const store = (websiteId: string, contact: Contact): void => {
    const map = inner(contacts, websiteId);
    map.delete(contact.peopleId);
    map.set(contact.peopleId, copyContact(contact));
    const { peopleId, segments, updatedAt } = contact;
    deps.emit({ websiteId, peopleId, segments, updatedAt, deleted: false });
  };
  const update = (websiteId: string, peopleId: string, patch: ContactPatch): ContactResult => {
    const current = contacts.get(websiteId)?.get(peopleId);
    if (current === undefined) return { reason: "not_found" };
    const { result, next } = decideUpdate(current, patch, deps.now(), holderOf(websiteId, patch.email));
    if (next) store(websiteId, next);
    return result;
  };
  const newestFirst = <V>(map: Map<string, V> | undefined): [string, V][] => [...(map ?? [])].reverse();
  const meta = (websiteId: string, sessionId: string): ConversationMeta => ({
    ...metas.get(websiteId)?.get(sessionId),
  });

  const team: Omit<TeamStore, "subscribeAll"> = {
    getMeta: async (websiteId, sessionId) => meta(websiteId, sessionId),
    async mergeMeta(websiteId, sessionId, patch) {
      const merged = mergeMeta(meta(websiteId, sessionId), patch);
      inner(metas, websiteId).set(sessionId, merged);
      return { ...merged };
    },
    async createContact(websiteId, input) {
      const { result, next } = decideCreate(input, randomUUID(), deps.now(), holderOf(websiteId, input.email));
      if (next) store(websiteId, next);
      return result;
    },
    async getContact(websiteId, peopleId) {
      const contact = contacts.get(websiteId)?.get(peopleId);
      return contact && copyContact(contact);
    },
    updateContact: async (websiteId, peopleId, patch) => update(websiteId, peopleId, patch),
    async deleteContact(websiteId, peopleId) {
      if (!contacts.get(websiteId)?.delete(peopleId)) return false;
      deps.emit({ websiteId, peopleId, segments: [], updatedAt: deps.now(), deleted: true });
      return true;
    },
    async contactOfConversation(websiteId, sessionId) {
      const holder = holderOf(websiteId, metas.get(websiteId)?.get(sessionId)?.email);
      return holder === undefined ? undefined : team.getContact(websiteId, holder);
    },
    async listConversations(websiteId, query) {
      const rows = newestFirst(deps.sessions(websiteId)).filter(([, row]) => matchesFilter(row.segments, query.filter));
      return page(rows, query).map(([sessionId, row]) => ({
        sessionId,
        segments: row.segments.slice(),
        revision: row.revision,
        updatedAt: row.updatedAt,
        meta: meta(websiteId, sessionId),
      }));
    },
    async listContacts(websiteId, query) {
      const rows = newestFirst(contacts.get(websiteId)).map(([, contact]) => contact);
      const kept = rows.filter((row) => matchesFilter(row.segments, query.filter) && matchesText(row, query.text));
      return page(kept, query).map(copyContact);
    },
    async suggestSegments(websiteId, of, query) {
      const rows = of === "contacts" ? contacts.get(websiteId) : deps.sessions(websiteId);
      return page(countSegments([...(rows?.values() ?? [])].map((row) => row.segments)), query);
    },
    async addSegments(websiteId, target, segments) {
      const batch: BatchResult = { updated: [], tooMany: [], notFound: [] };
      if ("sessions" in target) {
        for (const id of new Set(target.sessions)) {
          const { reason } = deps.edit(websiteId, id, addition(segments));
          batch[reason === "updated" ? "updated" : "tooMany"].push(id);
        }
        return batch;
      }
      for (const id of new Set(target.contacts)) {
        const { reason } = update(websiteId, id, { segments: addition(segments) });
        batch[reason === "updated" ? "updated" : reason === "not_found" ? "notFound" : "tooMany"].push(id);
      }
      return batch;
    },
  };
  return team;
}
