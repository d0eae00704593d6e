import { describe, expect, it } from "vitest";
import { fakeService, newClient } from "../support/env";

describe("client against the reference service", () => {
  it("delivers a burst as one request and flush resolves when acknowledged", async () => {
    const service = fakeService();
    const { client } = newClient({ fetch: service.fetch });
    client.run(["set", "session:segments", [["a", "b"]]]);
    client.run(["do", "session:segments:remove", [["a"]]]);
    client.run(["set", "session:segments", [["c"]]]);
    expect(client.get("session:segments")).toEqual(["b", "c"]);
    expect(client.is("session:synced")).toBe(false);
    await client.flush();
    expect(client.is("session:synced")).toBe(true);
    const sessionId = client.get("session:identifier") as string;
    expect(await service.segments(sessionId)).toEqual(["b", "c"]);
    expect(service.posts()).toHaveLength(1);
  });
});
