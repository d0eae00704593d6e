/**
 * The `$crisp` global of the script-tag build: adopts the array the page queued commands in, replays them in the
 * order pushed, then runs every later push at once.
 */
import type { CrispClient } from "./client.js";

export interface CrispQueue {
  push(...commands: unknown[]): number;
  get(key: unknown): unknown;
  is(key: unknown): boolean;
}

/** Marks our `$crisp`, so that a second copy of the script on the page changes nothing. */
const INSTALLED = Symbol.for("crisp-segments.queue");

type Host = { $crisp?: unknown };

export function installQueue(host: Host, createClient: () => CrispClient): void {
  const existing = host.$crisp as { [INSTALLED]?: true } | undefined;
  if (existing?.[INSTALLED]) return;
  const client = createClient();
  let pushed = 0;
  const queue: CrispQueue & { [INSTALLED]: true } = {
    [INSTALLED]: true,
    push(...commands) {
      for (const command of commands) client.run(command);
      return (pushed += commands.length);
    },
    get: (key) => client.get(key),
    is: (key) => client.is(key),
  };
  const adopt = (value: unknown): void => {
    if (!Array.isArray(value)) return;
    const queued = value.slice();
    // Page code that kept a reference to the array it assigned still reaches the SDK through it.
    value.length = 0;
    value.push = queue.push;
    for (const command of queued) client.run(command);
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
