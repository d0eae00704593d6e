// @vitest-environment node
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { newSecret } from "../../../src/server/automations/endpoints";
import { postWebhook } from "../../../src/server/automations/webhook-post";

async function listen(handler: Parameters<typeof createServer>[1]) {
  const server = createServer(handler);
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { url, close: () => new Promise((closed) => server.close(closed)) };
}

const request = (url: string) => ({ url, secret: newSecret(), messageId: "evt-1", body: '{"a":1}' });
const options = { timeoutMs: 5_000, now: Date.now };

describe("one webhook attempt", () => {
  it("posts the body as JSON with the signed headers, and answers the status without following a redirect", async () => {
    let seen: Record<string, unknown> = {};
    const server = await listen((req, res) => {
      seen = { method: req.method, type: req.headers["content-type"], id: req.headers["webhook-id"] };
      res.writeHead(302, { Location: "http://127.0.0.1:1/elsewhere" }).end();
    });
    expect(await postWebhook(request(server.url), options)).toEqual({ status: 302 });
    expect(seen).toEqual({ method: "POST", type: "application/json", id: "evt-1" });
    await server.close();
  });

  it("names why no answer came: a refused connection, or the timeout", async () => {
    const closed = await listen(() => {});
    await closed.close();
    expect(await postWebhook(request(closed.url), options)).toEqual({
      error: expect.stringMatching(/^connect ECONNREFUSED 127\.0\.0\.1:\d+$/),
    });
    const silent = await listen(() => {});
    const short = { ...options, timeoutMs: 200 };
    expect(await postWebhook(request(silent.url), short)).toEqual({ error: "no answer within 200 ms" });
    void silent.close();
  });
});
