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
  // Content-Length refuses most oversize bodies unread; the count below catches the ones that lie or omit it.
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > maxBytes) return tooLarge;
  if (request.body === null) return { ok: true, text: "" };

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return tooLarge;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, reason: "invalid_json", message: "the body is not valid UTF-8" };
  }
}
