/** Fixtures for the REST API's tests: a session id per index, and a snapshot of what a website's store holds. */
import type { TeamStore } from "../../src/server/storage/team-store";
import { WEBSITE } from "./service";

/** A valid session id that differs by `index`. */
export function sessionId(index: number): string {
  return `session_00000000-0000-4000-8000-${String(index).padStart(12, "0")}`;
}

/** Everything the website's conversations and contacts hold, to assert that a refused request changed nothing. */
export async function snapshot(store: TeamStore, website = WEBSITE): Promise<unknown> {
  const all = { page: 1, perPage: 100 };
  return {
    conversations: await store.listConversations(website, all),
    contacts: await store.listContacts(website, all),
  };
}
