import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createEventParser, type StreamEvent } from "../../../examples/inbox/sse-parser.mjs";

function parse(chunks: string[]) {
  const events: StreamEvent[] = [];
  const comments: string[] = [];
  const parser = createEventParser(
    (event) => events.push(event),
    (comment) => comments.push(comment),
  );
  for (const chunk of chunks) parser.push(chunk);
  return { events, comments };
}

const STREAM =
  ': heartbeat\n\nevent: ready\ndata: {}\n\nevent: session\ndata: {"session_id":"s1","segments":["a"]}\n\n' +
  "data: line one\ndata: line two\nid: 7\n\n";

describe("the event-stream parser", () => {
  it("reads events, multi-line data, ids and comments", () => {
    const { events, comments } = parse([STREAM]);
    expect(comments).toEqual(["heartbeat"]);
    expect(events).toEqual([
      { event: "ready", data: "{}", id: undefined },
      { event: "session", data: '{"session_id":"s1","segments":["a"]}', id: undefined },
      { event: "message", data: "line one\nline two", id: "7" },
    ]);
  });

  it("waits for the blank line: an event cut short is not told", () => {
    expect(parse(["event: session\ndata: {}\n"]).events).toEqual([]);
  });

  it("takes CRLF and CR line ends, a leading BOM, and a field without a space after the colon", () => {
    const { events } = parse(["\uFEFFevent:ready\r\ndata:{}\r\n\r\nevent: b\rdata: x\r\r\n"]);
    expect(events.map((event) => [event.event, event.data])).toEqual([
      ["ready", "{}"],
      ["b", "x"],
    ]);
  });

  it("ignores unknown fields and an event with no data", () => {
    expect(parse(["retry: 10\nfoo: bar\nevent: empty\n\n"]).events).toEqual([]);
  });

  it("gives the same events however the text is cut into chunks", () => {
    const whole = parse([STREAM.replaceAll("\n", "\r\n")]).events;
    fc.assert(
      fc.property(fc.array(fc.nat(STREAM.length * 2), { maxLength: 12 }), (cuts) => {
        const text = STREAM.replaceAll("\n", "\r\n");
        const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...points].map((start, index) => text.slice(start, [...points, text.length][index]));
        expect(parse(chunks).events).toEqual(whole);
      }),
    );
  });
});
