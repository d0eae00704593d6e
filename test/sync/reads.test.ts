import { describe, expect, it, vi } from "vitest";
import type { Clock } from "../../src/platform/page-lifecycle";
import { REFRESH_MS, type ReadsOptions, SessionReads } from "../../src/sync/reads";
import type { Answer, RequestOptions, Transport } from "../../src/sync/transport";
import { tick } from "../support/wait";

const OK: Answer = { verdict: "ok", state: { segments: ["a"], revision: 1 }, reason: "ok" };

/** A transport whose reads wait until the test answers them. */
function heldTransport() {
  const reads: { sessionId: string; options: RequestOptions; answer(answer: Answer): void }[] = [];
  const transport: Transport = {
    read: (sessionId, options = {}) => new Promise((answer) => reads.push({ sessionId, options, answer })),
    write: () => Promise.reject(new Error("the reads never write")),
    onWire: false,
  };
  return { transport, reads };
}

/** A clock whose timers run when the test says. */
function manualClock() {
  const timers = new Map<number, { callback: () => void; ms: number }>();
  let next = 0;
  const clock: Clock = {
    now: () => 0,
    setTimeout: (callback, ms) => {
      timers.set(++next, { callback, ms });
      return next;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
  };
  const fire = (): void => {
    const due = [...timers.values()];
    timers.clear();
    for (const timer of due) timer.callback();
  };
  return { clock, timers, fire };
}

function setup(overrides: Partial<ReadsOptions> = {}) {
  const { transport, reads } = heldTransport();
  const { clock, timers, fire } = manualClock();
  const options = { transport, clock, answered: vi.fn(), onLoaded: vi.fn(), due: vi.fn(), ...overrides };
  const sessionReads = new SessionReads(options, "session-1");
  return { sessionReads, options, reads, timers, fire };
}

describe("SessionReads", () => {
  it("reads the session at once, and announces the load once, at its first retry", async () => {
    const { sessionReads, options, reads } = setup();
    expect(reads).toHaveLength(1);
    expect(reads[0]?.sessionId).toBe("session-1");
    expect(sessionReads.busy).toBe(true);
    let loaded = false;
    void sessionReads.loaded.then(() => (loaded = true));
    reads[0]?.options.onRetry?.();
    reads[0]?.options.onRetry?.();
    await tick();
    expect(loaded).toBe(true);
    expect(options.onLoaded).toHaveBeenCalledTimes(1);
    expect(options.onLoaded).toHaveBeenCalledWith("session-1");
    reads[0]?.answer(OK);
    await tick();
    expect(options.answered).toHaveBeenCalledWith("session-1", OK);
    expect(options.onLoaded).toHaveBeenCalledTimes(1);
    expect(sessionReads.busy).toBe(false);
  });

  it("announces the load when its answer comes first", async () => {
    const { sessionReads, options, reads } = setup();
    reads[0]?.answer(OK);
    await sessionReads.loaded;
    expect(options.answered).toHaveBeenCalledWith("session-1", OK);
    expect(options.onLoaded).toHaveBeenCalledWith("session-1");
  });

  it("refreshes with one attempt, and a newer read is not cleared by an older one's answer", async () => {
    const { sessionReads, options, reads } = setup();
    sessionReads.refresh("session-2");
    expect(reads[1]?.sessionId).toBe("session-2");
    expect(reads[1]?.options.once).toBe(true);
    reads[0]?.answer(OK);
    await tick();
    expect(sessionReads.busy).toBe(true);
    reads[1]?.answer(OK);
    await tick();
    expect(sessionReads.busy).toBe(false);
    expect(options.answered).toHaveBeenLastCalledWith("session-2", OK);
  });

  it("aborts the read under way", () => {
    const { sessionReads, reads } = setup();
    sessionReads.abort();
    expect(reads[0]?.options.signal?.aborted).toBe(true);
    expect(sessionReads.busy).toBe(false);
  });

  it("calls due every minute until disposed", () => {
    const { sessionReads, options, timers, fire, reads } = setup();
    expect([...timers.values()].map((timer) => timer.ms)).toEqual([REFRESH_MS]);
    fire();
    fire();
    expect(options.due).toHaveBeenCalledTimes(2);
    sessionReads.dispose();
    expect(timers.size).toBe(0);
    expect(reads[0]?.options.signal?.aborted).toBe(true);
  });
});
