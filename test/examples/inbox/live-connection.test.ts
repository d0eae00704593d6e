// @vitest-environment node
import { afterEach, describe, expect, it } from "vitest";
import { keepLive, type LiveState } from "../../../examples/inbox/live-connection.mjs";
import type { StreamEvent } from "../../../examples/inbox/sse-parser.mjs";
import { waitFor } from "../../support/wait";

/** A fake live route: each call to `open` is one connection, whose stream the test writes to and ends. */
function fakeService(status = 200) {
  const connections: Array<{ write(text: string): void; end(): void; signal: AbortSignal }> = [];
  const open = async (signal: AbortSignal) => {
    if (status !== 200) return new Response("{}", { status });
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    signal.addEventListener("abort", () => controller.error(new Error("aborted")));
    connections.push({
      write: (text) => controller.enqueue(new TextEncoder().encode(text)),
      end: () => controller.close(),
      signal,
    });
    return new Response(body, { headers: { "Content-Type": "text/event-stream" } });
  };
  return { open, connections };
}

let stop: (() => void) | undefined;
afterEach(() => stop?.());

function start(service: ReturnType<typeof fakeService>, silenceMs = 5000) {
  const events: StreamEvent[] = [];
  const states: LiveState[] = [];
  stop = keepLive({
    open: service.open,
    onEvent: (event) => events.push(event),
    onState: (state) => states.push(state),
    silenceMs,
    delays: [20, 40],
  });
  return { events, states };
}

const READY = "event: ready\ndata: {}\n\n";

describe("the live connection", () => {
  it("is live once the service says ready, and hands on each event", async () => {
    const service = fakeService();
    const { events, states } = start(service);
    await waitFor(() => service.connections.length === 1);
    service.connections[0]!.write(`${READY}event: session\ndata: {"session_id":"s"}\n\n`);
    await waitFor(() => events.length === 2);
    expect(events.map((event) => event.event)).toEqual(["ready", "session"]);
    expect(states).toEqual(["connecting", "live"]);
  });

  it("reconnects after the stream ends, and is live again", async () => {
    const service = fakeService();
    const { events, states } = start(service);
    await waitFor(() => service.connections.length === 1);
    service.connections[0]!.write(READY);
    service.connections[0]!.end();
    await waitFor(() => service.connections.length === 2);
    service.connections[1]!.write(READY);
    await waitFor(() => events.length === 2);
    expect(states).toEqual(["connecting", "live", "retrying", "connecting", "live"]);
  });

  it("takes a connection silent past the limit for dead, and reopens it", async () => {
    const service = fakeService();
    start(service, 60);
    await waitFor(() => service.connections.length === 1);
    service.connections[0]!.write(READY);
    await waitFor(() => service.connections.length === 2, 2000);
    expect(service.connections[0]!.signal.aborted).toBe(true);
  });

  it("keeps a connection that hears heartbeats", async () => {
    const service = fakeService();
    start(service, 80);
    await waitFor(() => service.connections.length === 1);
    service.connections[0]!.write(READY);
    for (let beat = 0; beat < 6; beat++) {
      await new Promise((resolve) => setTimeout(resolve, 30));
      service.connections[0]!.write(": heartbeat\n\n");
    }
    expect(service.connections).toHaveLength(1);
  });

  it("stops at a refusal (wrong key), without retrying", async () => {
    const service = fakeService(401);
    const states: LiveState[] = [];
    let refusal: Response | undefined;
    stop = keepLive({
      open: service.open,
      onEvent: () => {},
      onState: (state, detail) => {
        states.push(state);
        refusal = detail;
      },
      delays: [10],
    });
    await waitFor(() => states.includes("refused"));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(states).toEqual(["connecting", "refused"]);
    expect(refusal?.status).toBe(401);
  });

  it("closes the connection and stops for good when stopped", async () => {
    const service = fakeService();
    start(service);
    await waitFor(() => service.connections.length === 1);
    stop?.();
    expect(service.connections[0]!.signal.aborted).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(service.connections).toHaveLength(1);
  });
});
