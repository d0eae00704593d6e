/** A REST request's body: read within a size limit (read-body.ts), then parsed as one JSON object. */
import { type Body, parseObject } from "../http/parse-body.js";
import { readBody } from "../http/read-body.js";
import { accept, type Checked, refuse } from "./checked.js";

/** A single object's write; Crisp's metas and profiles are far smaller. */
export const MAX_WRITE_BYTES = 64 * 1024;
/** A batch: room for 1,000 ids and a full list of long segments. */
export const MAX_BATCH_BYTES = 256 * 1024;

export async function readJsonObject(request: Request, maxBytes: number): Promise<Checked<Body>> {
  const text = await readBody(request, maxBytes);
  if (!text.ok) return refuse(text.reason, text.message);
  const parsed = parseObject(text.text);
  return parsed.ok ? accept(parsed.body) : refuse(parsed.reason, parsed.message);
}
