// @vitest-environment node
import { afterEach, describe, expect, it } from "vitest";
import { type RunningReceiver, startReceiver } from "../../examples/webhook-receiver.mjs";
import { newSecret } from "../../src/server/automations/endpoints";
import { signedHeaders } from "../../src/server/automations/webhook-signing";

const BODY = JSON.stringify({
  website_id: "demo-website",
  event: "session:set_segments",
  data: {
    website_id: "demo-website",
    session_id: "session_x",
    inbox_id: null,
    segments: ["bug"],
    added: ["bug"],
    removed: [],
  },
  timestamp: 1,
});

let receiver: RunningReceiver | undefined;
afterEach(() => receiver?.close());

async function started() {
  const secret = newSecret();
  const events: unknown[] = [];
  const lines: string[] = [];
  receiver = await startReceiver({
    secret,
    port: 0,
    onEvent: (event) => events.push(event),
    log: (line) => lines.push(line),
  });
  const post = (headers: object, body = BODY) =>
    fetch(receiver?.url ?? "", { method: "POST", headers: { ...headers }, body }).then((response) => response.status);
  return { secret, events, lines, post };
}

describe("examples/webhook-receiver.mjs", () => {
  it("takes a webhook signed as the service signs it, once: a repeated webhook-id is answered and dropped", async () => {
    const { secret, events, lines, post } = await started();
    const headers = signedHeaders(secret, "msg_1", BODY, Date.now());
    expect(await post(headers)).toBe(204);
    expect(await post(signedHeaders(secret, "msg_1", BODY, Date.now() + 1000))).toBe(204);
    expect(events).toEqual([JSON.parse(BODY)]);
    expect(lines).toEqual([
      'session:set_segments demo-website session_x: added ["bug"], removed [], now ["bug"] (msg_1)',
      "dropped a repeat of msg_1",
    ]);
  });

  it("refuses a wrong secret, a changed body and a stale timestamp with 401, telling nobody", async () => {
    const { secret, events, post } = await started();
    expect(await post(signedHeaders(newSecret(), "msg_2", BODY, Date.now()))).toBe(401);
    expect(await post(signedHeaders(secret, "msg_3", BODY, Date.now()), BODY.replace("bug", "vip"))).toBe(401);
    expect(await post(signedHeaders(secret, "msg_4", BODY, Date.now() - 10 * 60_000))).toBe(401);
    expect(await post({})).toBe(401);
    expect(events).toEqual([]);
    // The same message, rightly signed, is then taken: a refusal does not mark its id as seen.
    expect(await post(signedHeaders(secret, "msg_3", BODY, Date.now()))).toBe(204);
    expect(events).toHaveLength(1);
  });
});
