/**
 * The `$crisp` global of the script-tag build: adopts the array the page queued commands in, replays them in the
 * order pushed, then runs every later push at once. The client is made in the task after the script's, so that
 * the page's first task stays short, or at once when the page calls `$crisp` before then.
 */
import { afterThisTask } from "../platform/page-lifecycle.js";
import type { CrispClient } from "./client.js";

export interface CrispQueue {
  push(...commands: unknown[]): number;
  get(key: unknown): unknown;
  is(key: unknown): boolean;
}

/** Makes a client whose start (see `ClientEnvironment.startLater`) waits for the callback it is given. */
export type CreateClient = (startLater: (start: () => void) => void) => CrispClient;

/** Marks our `$crisp`, so that a second copy of the script on the page changes nothing. */
const INSTALLED = Symbol.for("crisp-segments.queue");

type Host = { $crisp?: unknown };

export function installQueue(host: Host, createClient: CreateClient): void {
  const existing = host.$crisp as { [INSTALLED]?: true } | undefined;
  if (existing?.[INSTALLED]) return;
  let client: CrispClient | undefined;
  /** Commands adopted before the client is made, in the order pushed. */
  const waiting: unknown[] = [];
  let inScriptTask = true;
  const made = (): CrispClient => {
    if (client) return client;
    const starts: (() => void)[] = [];
    const created = (client = createClient((start) => starts.push(start)));
    for (const command of waiting) created.run(command);
    // It starts after the queued commands ran, in the task after the script's: a client made then starts at once.
    const start = () => {
      for (const run of starts) run();
    };
    if (inScriptTask) afterThisTask(start);
    else start();
    return created;
  };
  afterThisTask(() => {
    inScriptTask = false;
    made();
  });
  // A page left before that task still keeps its queued commands: made now, the client saves them.
  globalThis.addEventListener?.("pagehide", () => made(), { once: true });
  let pushed = 0;
  const queue: CrispQueue & { [INSTALLED]: true } = {
    [INSTALLED]: true,
    push(...commands) {
      for (const command of commands) made().run(command);
      return (pushed += commands.length);
    },
    get: (key) => made().get(key),
    is: (key) => made().is(key),
  };
  const adopt = (value: unknown): void => {
    if (!Array.isArray(value)) return;
    const queued = value.slice();
    // Page code that kept a reference to the array it assigned still reaches the SDK through it.
    value.length = 0;
    value.push = queue.push;
    if (client) for (const command of queued) client.run(command);
    else waiting.push(...queued);
  };
  try {
    Object.defineProperty(host, "$crisp", {
      configurable: true,
      enumerable: true,
      get: () => queue,
      set: (value: unknown) => {
        if (value !== queue) adopt(value);
      },
    });
  } catch {
    // `var $crisp = []` makes a property that cannot be redefined, only written: an array assigned later then
    // replaces the queue instead of being run.
    host.$crisp = queue;
  }
  adopt(existing);
}
