// @vitest-environment node
/**
 * docs/protocol.md, route by route, through the real handler on each of the three stores: what an SDK (or any
 * client) sees must not depend on where the service keeps its sessions.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createSegmentsHandler } from "../../src/server/http/handler";
import { createMemoryStore } from "../../src/server/storage/memory-store";
import type { SegmentsStore } from "../../src/server/storage/segments-store";
import { createSqliteStore } from "../../src/server/storage/sqlite-store";
import { postgresReachable, postgresStore, testSchema } from "../support/postgres";
import {
  answer,
  OPERATOR,
  ORIGIN,
  OTHER_SESSION,
  post,
  restRequest,
  SESSION,
  sessionUrl,
  WEBSITE,
} from "../support/service";

const folders: string[] = [];
const closing: SegmentsStore[] = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((store) => store.close?.()));
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const stores: Array<[string, () => SegmentsStore | Promise<SegmentsStore>]> = [
  ["memory", () => createMemoryStore()],
  [
    "sqlite",
    () => {
      const folder = mkdtempSync(join(tmpdir(), "crisp-segments-conformance-"));
      folders.push(folder);
      const store = createSqliteStore({ filename: join(folder, "segments.db") });
      closing.push(store);
      return store;
    },
  ],
];
// The fixture closes PostgreSQL's stores and drops their schemas itself.
if (postgresReachable) stores.push(["postgres", () => postgresStore(testSchema())]);

async function service(make: () => SegmentsStore | Promise<SegmentsStore>) {
  const handler = createSegmentsHandler({
    websites: { [WEBSITE]: { origins: [ORIGIN] } },
    store: await make(),
    operators: [{ ...OPERATOR, websites: [WEBSITE] }],
    rateLimit: { perSession: false, perAddress: false },
    onError: (error) => {
      throw error;
    },
  });
  const send = async (body: unknown) => answer(await handler(post(body, { headers: { Origin: ORIGIN } })));
  const read = async (session = SESSION) =>
    answer(await handler(new Request(sessionUrl(WEBSITE, session), { headers: { Origin: ORIGIN } })));
  // An operator's edits through the REST API: the atomic edit, and Crisp's meta update that replaces the list.
  const edit = async (path: "segments" | "meta", body: unknown) =>
    answer(await handler(restRequest("PATCH", `conversation/${SESSION}/${path}`, body)));
  return { send, read, edit };
}

describe.each(stores)("the protocol on the %s store", (_name, make) => {
  it("reads a session never seen as an empty list at revision 0", async () => {
    const { read } = await service(make);
    const got = await read();
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ error: false, reason: "resolved", data: { segments: [], revision: 0 } });
    expect(got.headers.get("Access-Control-Allow-Origin")).toBe(ORIGIN);
    expect(got.headers.get("Cache-Control")).toBe("no-store");
  });

  it("applies changes above the stored revision, in the SDK's fold semantics, and answers the whole list", async () => {
    const { send, read } = await service(make);
    expect((await send({ revision: 5, overwrite: false, segments: ["lead", "vip"] })).body).toEqual({
      error: false,
      reason: "updated",
      data: { segments: ["lead", "vip"], revision: 5 },
    });
    const removed = await send({ revision: 6, overwrite: false, segments: ["trial"], remove: ["vip"] });
    expect(removed.body?.data).toEqual({ segments: ["lead", "trial"], revision: 6 });
    const replaced = await send({ revision: 7, overwrite: true, segments: ["customer"] });
    expect(replaced.body?.data).toEqual({ segments: ["customer"], revision: 7 });
    expect((await read()).body?.data).toEqual({ segments: ["customer"], revision: 7 });
  });

  it("answers a revision not above the stored one as stale, with the stored list, and changes nothing", async () => {
    const { send, read } = await service(make);
    await send({ revision: 10, overwrite: false, segments: ["a"] });
    for (const revision of [10, 9, 1]) {
      const stale = await send({ revision, overwrite: true, segments: ["late"] });
      expect(stale.status).toBe(200);
      expect(stale.body).toEqual({ error: false, reason: "stale", data: { segments: ["a"], revision: 10 } });
    }
    expect((await read()).body?.data).toEqual({ segments: ["a"], revision: 10 });
  });

  it("refuses bad bodies with the envelope and changes nothing", async () => {
    const { send, read } = await service(make);
    await send({ revision: 1, overwrite: false, segments: ["kept"] });
    const refusals: Array<[unknown, string]> = [
      ["{not json", "invalid_json"],
      [{ revision: 2, segments: ["x"] }, "invalid_json"],
      [{ revision: 0, overwrite: false, segments: ["x"] }, "invalid_revision"],
      [{ revision: 2.5, overwrite: false, segments: ["x"] }, "invalid_revision"],
      [{ revision: 2, overwrite: false, segments: [""] }, "invalid_segments"],
      [{ revision: 2, overwrite: true, segments: [], remove: ["kept"] }, "invalid_segments"],
      [{ revision: 2, overwrite: false, segments: Array.from({ length: 100 }, (_, i) => `s${i}`) }, "invalid_segments"],
    ];
    for (const [body, reason] of refusals) {
      const refused = await send(body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body, JSON.stringify(body)).toMatchObject({ error: true, reason });
    }
    expect((await read()).body?.data).toEqual({ segments: ["kept"], revision: 1 });
  });

  it("lets an operator's edit change the list but never the SDK's revision", async () => {
    const { send, read, edit } = await service(make);
    await send({ revision: 3, overwrite: false, segments: ["lead"] });
    expect((await edit("segments", { add: ["vip"], remove: ["lead"] })).status).toBe(200);
    expect((await read()).body?.data).toEqual({ segments: ["vip"], revision: 3 });
    expect((await edit("meta", { segments: ["customer"] })).status).toBe(200);
    expect((await read()).body?.data).toEqual({ segments: ["customer"], revision: 3 });
    expect((await send({ revision: 4, overwrite: false, segments: ["from_sdk"] })).body?.data).toEqual({
      segments: ["customer", "from_sdk"],
      revision: 4,
    });
  });

  it("keeps each session apart", async () => {
    const { send, read } = await service(make);
    await send({ revision: 1, overwrite: false, segments: ["mine"] });
    expect((await read(OTHER_SESSION)).body?.data).toEqual({ segments: [], revision: 0 });
  });
});
