// @vitest-environment node
/**
 * The live route inside the handler: the REST API's operator auth in front of it, and every path of change (the
 * SDK's protocol, the REST API) heard; on PostgreSQL, a stream on one instance hears the changes made on another.
 */
import { describe, expect, it } from "vitest";
import { createSegmentsHandler } from "../../../src/server/http/handler";
import { createMemoryStore } from "../../../src/server/storage/memory-store";
import { readEvents } from "../../support/event-stream";
import { postgresReachable, postgresStore, testSchema } from "../../support/postgres";
import {
  answer,
  OPERATOR,
  ORIGIN,
  operatorHeaders,
  post,
  restRequest,
  restUrl,
  SESSION,
  setup,
  WEBSITE,
} from "../../support/service";

type Handler = ReturnType<typeof createSegmentsHandler>;

async function openLive(handler: Handler) {
  const response = await handler(new Request(restUrl("live"), { headers: operatorHeaders() }));
  expect(response.status).toBe(200);
  const events = readEvents(response);
  expect(await events.nextEvent("ready")).toEqual({ event: "ready", data: {} });
  return events;
}

describe("the live route in the handler", () => {
  it("tells an SDK change and a REST change of the website", async () => {
    const { handler } = setup();
    const events = await openLive(handler);
    const sdk = post({ revision: 1, overwrite: false, segments: ["lead"] }, { headers: { Origin: ORIGIN } });
    expect((await handler(sdk)).status).toBe(200);
    expect(await events.nextEvent("the SDK's change")).toMatchObject({
      event: "session",
      data: { session_id: SESSION, segments: ["lead"] },
    });
    const patch = restRequest("PATCH", `conversation/${SESSION}/segments`, { add: ["vip"] });
    expect((await handler(patch)).status).toBe(200);
    expect(await events.nextEvent("the REST change")).toMatchObject({ data: { segments: ["lead", "vip"] } });
    await events.close();
  });

  it("is behind the operators' auth: 401 without a key, 403 for a website the key may not use", async () => {
    const store = createMemoryStore();
    const handler = createSegmentsHandler({
      websites: { [WEBSITE]: { origins: [ORIGIN] }, "other-site": { origins: [ORIGIN] } },
      store,
      operators: [{ ...OPERATOR, websites: ["other-site"] }],
    });
    const anonymous = await answer(
      await handler(new Request(restUrl("live"), { headers: { "X-Crisp-Tier": "plugin" } })),
    );
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("WWW-Authenticate")).toMatch(/^Basic/);
    const wrongKey = await handler(
      new Request(restUrl("live"), { headers: operatorHeaders(OPERATOR.identifier, "x".repeat(20)) }),
    );
    expect(wrongKey.status).toBe(401);
    const elsewhere = await answer(await handler(new Request(restUrl("live"), { headers: operatorHeaders() })));
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body?.reason).toBe("website_not_allowed");
    const post = await handler(
      new Request(restUrl("live", "other-site"), { method: "POST", headers: operatorHeaders() }),
    );
    expect(post.status).toBe(405);
  });

  it("is off, with how to turn it on, when no operator is configured", async () => {
    const { handler } = setup({ operators: undefined });
    const result = await answer(await handler(new Request(restUrl("live"), { headers: operatorHeaders() })));
    expect(result.status).toBe(404);
    expect(result.body?.data.message).toMatch(/SEGMENTS_OPERATOR_IDENTIFIER/);
  });
});

describe.skipIf(!postgresReachable)("the live route on PostgreSQL, two instances on one database", () => {
  it("tells on one instance the changes stored through the other, by the SDK and by the REST API", async () => {
    const schema = testSchema();
    const [storeA, storeB] = [await postgresStore(schema), await postgresStore(schema)];
    const options = {
      websites: { [WEBSITE]: { origins: [ORIGIN] } },
      operators: [{ ...OPERATOR, websites: "*" as const }],
    };
    const a = createSegmentsHandler({ ...options, store: storeA });
    const b = createSegmentsHandler({ ...options, store: storeB });
    const events = await openLive(b);

    const sdk = post({ revision: 1, overwrite: false, segments: ["lead"] }, { headers: { Origin: ORIGIN } });
    expect((await a(sdk)).status).toBe(200);
    expect(await events.nextEvent("A's SDK change, on B")).toMatchObject({
      event: "session",
      data: { session_id: SESSION, segments: ["lead"] },
    });
    const meta = restRequest("PATCH", `conversation/${SESSION}/meta`, { segments: ["customer"] });
    expect((await a(meta)).status).toBe(200);
    expect(await events.nextEvent("A's REST change, on B")).toMatchObject({ data: { segments: ["customer"] } });
    await events.close();
  });
});
