/** Reads a request body as UTF-8 text without ever holding more than the limit in memory. */

export type BodyText =
  | { ok: true; text: string }
  | { ok: false; reason: "payload_too_large" | "invalid_json"; message: string };

export async function readBody(request: Request, maxBytes: number): Promise<BodyText> {
  const tooLarge: BodyText = {
    ok: false,
    reason: "payload_too_large",
    message: `the body is larger than ${maxBytes} bytes`,
  };
  const length = request.headers.get("Content-Length");
  let bytes: Uint8Array;
  if (length !== null && !request.headers.has("Transfer-Encoding")) {
    // A declared size is what the HTTP layer reads, no more: refuse it unread when too large, else read it at
    // once (on @hono/node-server, straight from the socket, with no web stream in between).
    if (Number(length) > maxBytes) return tooLarge;
    bytes = new Uint8Array(await request.arrayBuffer());
    if (bytes.byteLength > maxBytes) return tooLarge;
  } else {
    const counted = await readCounted(request.body, maxBytes);
    if (counted === undefined) return tooLarge;
    bytes = counted;
  }
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, reason: "invalid_json", message: "the body is not valid UTF-8" };
  }
}

/** A body of unknown size, read chunk by chunk; undefined as soon as it passes the limit. */
async function readCounted(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Uint8Array | undefined> {
  if (body === null) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
