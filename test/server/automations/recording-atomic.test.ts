// @vitest-environment node
/**
 * A change and its event are one transaction: when recording the event fails (a trigger planted under the store
 * refuses deliveries), the change is not stored either, on SQLite and PostgreSQL, by every path.
 */
import Database from "better-sqlite3";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { DATABASE_URL } from "../../support/postgres";
import { OTHER_SESSION, SESSION, WEBSITE } from "../../support/service";
import { type Made, type Store, stores } from "./automation-stores";

const add = (...segments: string[]) => ({ overwrite: false as const, segments, remove: [] });

/** Makes every insert of a delivery fail, from outside the store. */
async function plantFailure(kind: string, where: string): Promise<void> {
  if (kind === "sqlite") {
    const db = new Database(where);
    db.exec(`CREATE TRIGGER planted BEFORE INSERT ON webhook_deliveries BEGIN SELECT RAISE(ABORT, 'planted'); END`);
    db.close();
    return;
  }
  const sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
  await sql.unsafe(`SET search_path TO "${where}";
    CREATE FUNCTION planted() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'planted'; END $$;
    CREATE TRIGGER planted BEFORE INSERT ON webhook_deliveries FOR EACH ROW EXECUTE FUNCTION planted();`);
  await sql.end();
}

async function prepared(kind: string, make: (now: () => number) => Promise<Made>) {
  const made = await make(() => 5_000);
  const { store } = made;
  await store.applyChange(WEBSITE, SESSION, 1, add("lead"));
  const created = await store.createContact(WEBSITE, { email: "ada@example.com", segments: ["lead"] });
  if (created.reason !== "updated") throw new Error("not created");
  await store.createEndpoint(WEBSITE, { url: "https://hooks.example/" });
  await plantFailure(kind, made.where);
  return { store, peopleId: created.contact.peopleId };
}

async function lists(store: Store, peopleId: string) {
  const contact = await store.getContact(WEBSITE, peopleId);
  return [(await store.get(WEBSITE, SESSION)).segments, contact?.segments];
}

describe.each(stores.filter(([name]) => name !== "memory"))("%s store", (kind, make) => {
  it("stores no change whose event cannot be recorded, by any path", async () => {
    const { store, peopleId } = await prepared(kind, make);
    await expect(store.applyChange(WEBSITE, SESSION, 2, add("bug"))).rejects.toThrow(/planted/);
    await expect(store.edit(WEBSITE, SESSION, add("bug"))).rejects.toThrow(/planted/);
    await expect(store.updateContact(WEBSITE, peopleId, { segments: add("bug") })).rejects.toThrow(/planted/);
    await expect(store.addSegments(WEBSITE, { sessions: [OTHER_SESSION, SESSION] }, ["bug"])).rejects.toThrow(
      /planted/,
    );
    await expect(store.addSegments(WEBSITE, { contacts: [peopleId] }, ["bug"])).rejects.toThrow(/planted/);
    await expect(store.createContact(WEBSITE, { email: "bob@example.com", segments: ["bug"] })).rejects.toThrow(
      /planted/,
    );
    expect(await lists(store, peopleId)).toEqual([["lead"], ["lead"]]);
    expect(await store.get(WEBSITE, OTHER_SESSION)).toEqual({ segments: [], revision: 0 });
    expect(await store.listContacts(WEBSITE, { page: 1, perPage: 10 })).toHaveLength(1);
    expect(await store.listDeliveries(WEBSITE, { page: 1, perPage: 10 })).toEqual([]);
  });

  it("fails such a change with its SQLite group-mates, which store nothing and are stored when sent again", async () => {
    const { store } = await prepared(kind, make);
    const [failed, other] = await Promise.allSettled([
      store.applyChange(WEBSITE, SESSION, 2, add("bug")),
      store.applyChange("other-website", SESSION, 1, add("bug")),
    ]);
    expect(failed.status).toBe("rejected");
    // SQLite commits the changes of one turn of the event loop in one transaction; PostgreSQL writes each alone.
    expect(other.status).toBe(kind === "sqlite" ? "rejected" : "fulfilled");
    expect(await store.get(WEBSITE, SESSION)).toEqual({ segments: ["lead"], revision: 1 });
    const again = await store.applyChange("other-website", SESSION, 2, add("bug"));
    expect(again).toEqual({ reason: "updated", segments: ["bug"], revision: 2 });
  });
});
