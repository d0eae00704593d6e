/** Reads a text/event-stream answer in tests: each event as `{event, data}`, comments as `{comment}`. */

export type StreamItem = { event: string; data: unknown } | { comment: string };

export interface EventReader {
  /** The next event or comment; fails naming `what` after `timeoutMs`. */
  next(what?: string, timeoutMs?: number): Promise<StreamItem>;
  /** The next item that is an event (heartbeats skipped). */
  nextEvent(what?: string, timeoutMs?: number): Promise<{ event: string; data: unknown }>;
  /** Whether nothing arrives within `ms`. */
  quietFor(ms: number): Promise<boolean>;
  close(): Promise<void>;
}

export function readEvents(response: Response): EventReader {
  if (response.body === null) throw new Error("the answer has no body");
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const items: StreamItem[] = [];
  let text = "";
  let pending: Promise<void> | undefined;
  const pull = () =>
    (pending ??= reader.read().then(({ done, value }) => {
      pending = undefined;
      if (done) throw new Error("the stream ended");
      text += value.replaceAll("\r\n", "\n");
      for (let end = text.indexOf("\n\n"); end !== -1; end = text.indexOf("\n\n")) {
        items.push(parseBlock(text.slice(0, end)));
        text = text.slice(end + 2);
      }
    }));
  const next = async (what = "an event", timeoutMs = 2000): Promise<StreamItem> => {
    const deadline = Date.now() + timeoutMs;
    while (items.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${what}: nothing within ${timeoutMs} ms`);
      await Promise.race([pull(), new Promise((resolve) => setTimeout(resolve, left))]);
    }
    return items.shift() as StreamItem;
  };
  return {
    next,
    async nextEvent(what, timeoutMs) {
      for (;;) {
        const item = await next(what, timeoutMs);
        if ("event" in item) return item;
      }
    },
    async quietFor(ms) {
      return next("quiet", ms).then(
        () => false,
        () => true,
      );
    },
    close: () => reader.cancel(),
  };
}

function parseBlock(block: string): StreamItem {
  const lines = block.split("\n");
  if (lines.every((line) => line.startsWith(":")))
    return { comment: lines.map((line) => line.slice(1).trim()).join("\n") };
  const field = (name: string) =>
    lines.filter((line) => line.startsWith(`${name}:`)).map((line) => line.slice(name.length + 1).trimStart());
  return { event: field("event")[0] ?? "message", data: JSON.parse(field("data").join("\n")) };
}
