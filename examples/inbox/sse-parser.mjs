// The event-stream format (HTML's "server-sent events"), parsed as text arrives in chunks of any size: the inbox
// reads the live route with fetch, which can send the Authorization header that EventSource cannot. Pure.

/**
 * @typedef {{ event: string, data: string, id: string | undefined }} StreamEvent
 * @param {(event: StreamEvent) => void} onEvent called once per complete event that carries data
 * @param {(comment: string) => void} [onComment] called per comment line (the service's heartbeats)
 */
export function createEventParser(onEvent, onComment = () => {}) {
  let buffer = "";
  let started = false;
  /** @type {{ event: string, data: string[], id: string | undefined }} */
  let current = { event: "", data: [], id: undefined };

  const dispatch = () => {
    if (current.data.length > 0) {
      onEvent({ event: current.event || "message", data: current.data.join("\n"), id: current.id });
    }
    current = { event: "", data: [], id: current.id };
  };
  /** @param {string} line */
  const readLine = (line) => {
    if (line === "") return dispatch();
    if (line.startsWith(":")) return onComment(line.slice(1).trimStart());
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") current.event = value;
    else if (field === "data") current.data.push(value);
    else if (field === "id" && !value.includes("\0")) current.id = value;
  };

  return {
    /** @param {string} chunk */
    push(chunk) {
      buffer += chunk;
      if (!started && buffer.length > 0) {
        started = true;
        if (buffer.startsWith("\uFEFF")) buffer = buffer.slice(1);
      }
      // A CR at the very end may be the first half of a CRLF split across chunks: kept until the next one.
      const lines = buffer.split(/\r\n|\r(?!$)|\n/);
      buffer = lines.pop() ?? "";
      for (const line of lines) readLine(line);
    },
  };
}
