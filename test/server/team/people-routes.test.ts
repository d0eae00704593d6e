// @vitest-environment node
import { describe, expect, it } from "vitest";
import { answer, restRequest, setup, WEBSITE } from "../../support/service";
import { snapshot } from "../../support/team";

const UNKNOWN = "00000000-0000-4000-8000-000000000000";

async function withContact(profile: unknown = { email: "jane@example.com", person: { nickname: "Jane" } }) {
  const context = setup();
  const created = await answer(await context.handler(restRequest("POST", "people/profile", profile)));
  const peopleId = String(created.body?.data.people_id);
  const call = async (method: string, path: string, body?: unknown) =>
    answer(await context.handler(restRequest(method, path, body)));
  return { ...context, created, peopleId, call };
}

describe("REST API: contacts (people profiles)", () => {
  it("adds a contact and answers its people_id, then reads it in Crisp's shape", async () => {
    const { created, peopleId, call, clock } = await withContact({
      email: " jane@example.com ",
      person: { nickname: "Jane", gender: "female" },
      segments: ["lead", "lead", "vip"],
      company: { name: "ignored" },
    });
    expect(created.body).toEqual({ error: false, reason: "added", data: { people_id: peopleId } });
    expect(peopleId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect((await call("GET", `people/profile/${peopleId}`)).body).toEqual({
      error: false,
      reason: "resolved",
      data: {
        people_id: peopleId,
        email: "jane@example.com",
        person: { nickname: "Jane" },
        segments: ["lead", "vip"],
        created_at: clock.now,
        updated_at: clock.now,
      },
    });
  });

  it("refuses a second contact with the same email, whatever its case, naming the email and the holder", async () => {
    const { peopleId, call, store } = await withContact();
    const before = await snapshot(store);
    const result = await call("POST", "people/profile", { email: "JANE@example.com" });
    expect(result.status).toBe(409);
    expect(result.body).toMatchObject({
      reason: "people_exists",
      data: { message: `email "JANE@example.com" is contact ${peopleId}'s already: update that contact instead` },
    });
    expect(await snapshot(store)).toEqual(before);
  });

  it("merges a PATCH: segments replace the list, email and nickname change, the rest stays", async () => {
    const { peopleId, call, clock } = await withContact({ email: "jane@example.com", segments: ["lead"] });
    clock.now += 5000;
    const patched = await call("PATCH", `people/profile/${peopleId}`, { segments: ["customer"] });
    expect(patched.body).toEqual({ error: false, reason: "updated", data: {} });
    await call("PATCH", `people/profile/${peopleId}`, { person: { nickname: "J." } });
    const read = await call("GET", `people/profile/${peopleId}`);
    expect(read.body?.data).toMatchObject({
      email: "jane@example.com",
      person: { nickname: "J." },
      segments: ["customer"],
      updated_at: clock.now,
    });
    expect(read.body?.data.created_at).toBe(clock.now - 5000);
  });

  it("replaces the whole profile on PUT", async () => {
    const { peopleId, call } = await withContact({ email: "jane@example.com", person: { nickname: "Jane" } });
    await call("PUT", `people/profile/${peopleId}`, { email: "jane@new.example" });
    expect((await call("GET", `people/profile/${peopleId}`)).body?.data).toMatchObject({
      email: "jane@new.example",
      person: { nickname: "" },
      segments: [],
    });
    const missing = await call("PUT", `people/profile/${peopleId}`, { segments: ["x"] });
    expect(missing.status).toBe(400);
    expect(missing.body?.data.message).toMatch(/^email is missing/);
  });

  it("removes a contact, then knows it no more", async () => {
    const { peopleId, call } = await withContact();
    expect((await call("DELETE", `people/profile/${peopleId}`)).body).toEqual({
      error: false,
      reason: "deleted",
      data: {},
    });
    for (const [method, body] of [["GET"], ["PATCH", { segments: [] }], ["DELETE"]] as const) {
      const gone = await call(method, `people/profile/${peopleId}`, body);
      expect(gone.status, method).toBe(404);
      expect(gone.body?.reason, method).toBe("people_not_found");
    }
  });

  it("adds and removes segments atomically, and refuses to pass 100", async () => {
    const { peopleId, call, store } = await withContact({ email: "a@b.c", segments: ["a", "b"] });
    const edited = await call("PATCH", `people/profile/${peopleId}/segments`, { add: ["c"], remove: ["a"] });
    expect(edited.body).toEqual({ error: false, reason: "updated", data: { segments: ["b", "c"] } });
    const many = Array.from({ length: 99 }, (_, i) => `s${i}`);
    const before = await snapshot(store);
    const refused = await call("PATCH", `people/profile/${peopleId}/segments`, { add: many });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ reason: "invalid_segments", data: { message: /more than 100 segments/ } });
    expect(await snapshot(store)).toEqual(before);
    expect((await call("PATCH", `people/profile/${UNKNOWN}/segments`, { add: ["x"] })).status).toBe(404);
  });

  it.each<[string, string, string, unknown, number, string, RegExp]>([
    [
      "no email",
      "POST",
      "people/profile",
      { person: { nickname: "x" } },
      400,
      "invalid_request",
      /^email is missing; a profile needs one/,
    ],
    [
      "a bad email",
      "POST",
      "people/profile",
      { email: "not an email" },
      400,
      "invalid_request",
      /^email is "not an email"; expected an email address/,
    ],
    [
      "an email with NUL",
      "POST",
      "people/profile",
      { email: "a\u0000@b.c" },
      400,
      "invalid_request",
      /^email is .*; expected an email/,
    ],
    [
      "a person that is no object",
      "POST",
      "people/profile",
      { email: "a@b.c", person: "Jane" },
      400,
      "invalid_request",
      /^person is "Jane"; expected an object/,
    ],
    [
      "a nickname that is no string",
      "POST",
      "people/profile",
      { email: "a@b.c", person: { nickname: 1 } },
      400,
      "invalid_request",
      /^person\.nickname is 1; expected a string$/,
    ],
    [
      "a nickname with NUL",
      "POST",
      "people/profile",
      { email: "a@b.c", person: { nickname: "\u0000" } },
      400,
      "invalid_request",
      /^person\.nickname holds a NUL/,
    ],
    [
      "a bad segment",
      "POST",
      "people/profile",
      { email: "a@b.c", segments: ["ok", 7] },
      400,
      "invalid_segments",
      /^segments\[1\] is 7; expected a string$/,
    ],
    ["broken JSON", "POST", "people/profile", "{", 400, "invalid_json", /not valid JSON/],
    [
      "a people_id that is not one",
      "GET",
      "people/profile/jane",
      undefined,
      400,
      "invalid_request",
      /^the people_id is "jane"; expected a lowercase UUID/,
    ],
    [
      "a NUL in the people_id",
      "GET",
      "people/profile/%00",
      undefined,
      400,
      "invalid_request",
      /^the people_id is "\\u0000"/,
    ],
    [
      "an unknown contact",
      "GET",
      `people/profile/${UNKNOWN}`,
      undefined,
      404,
      "people_not_found",
      /no contact of this website/,
    ],
    [
      "a bad email on PATCH",
      "PATCH",
      "people/profile/ID",
      { email: 5 },
      400,
      "invalid_request",
      /^email is 5; expected an email/,
    ],
    [
      "a taken email on PATCH",
      "PATCH",
      "people/profile/ID",
      { email: "taken@example.com" },
      409,
      "people_exists",
      /^email "taken@example\.com" is contact/,
    ],
    [
      "a method it does not have",
      "POST",
      "people/profile/ID",
      {},
      405,
      "method_not_allowed",
      /^use GET, PATCH, PUT, DELETE$/,
    ],
  ])("refuses %s, changing nothing", async (_name, method, path, body, status, reason, message) => {
    const { peopleId, call, store } = await withContact();
    await call("POST", "people/profile", { email: "taken@example.com" });
    const before = await snapshot(store);
    const result = await call(method, path.replace("ID", peopleId), body);
    expect(result.status).toBe(status);
    expect(result.body).toMatchObject({ error: true, reason, data: { message: expect.stringMatching(message) } });
    expect(await snapshot(store)).toEqual(before);
  });

  it("keeps websites apart", async () => {
    const context = setup({ websites: { [WEBSITE]: { origins: [] }, other: { origins: [] } } });
    const created = await answer(
      await context.handler(restRequest("POST", "people/profile", { email: "a@b.c" }, "other")),
    );
    const peopleId = String(created.body?.data.people_id);
    expect((await context.handler(restRequest("GET", `people/profile/${peopleId}`))).status).toBe(404);
    // One email per website, not per service.
    expect((await context.handler(restRequest("POST", "people/profile", { email: "a@b.c" }))).status).toBe(200);
  });
});
