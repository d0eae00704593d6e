/**
 * Turns a request body into a change, or into the 400 that names what is wrong. Pure. Only the fields named here
 * are read, each through Object.hasOwn, so `__proto__` or any other key a visitor sends is inert.
 */
import type { Change } from "../../protocol/change.js";
import { preview } from "../../protocol/preview.js";
import { isChangeRevision } from "../../protocol/revision.js";
import { checkSegments, describeSegmentProblem, MAX_SEGMENTS, type SegmentProblem } from "../../protocol/segments.js";

/** Why a body was refused: the reason of the envelope and a one-line message naming the bad value. */
export interface InvalidBody {
  ok: false;
  reason: "invalid_json" | "invalid_revision" | "invalid_segments";
  message: string;
}
export type ParsedBody<T> = ({ ok: true } & T) | InvalidBody;

export type Body = Record<string, unknown>;

/** The body as a JSON object, or the 400 that says why it is not one. */
export function parseObject(text: string): ParsedBody<{ body: Body }> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: "invalid_json", message: "the body is not valid JSON" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, reason: "invalid_json", message: `the body is ${preview(value)}; expected a JSON object` };
  }
  return { ok: true, body: value as Body };
}

/** A field the body itself holds: never one inherited from Object.prototype. */
export const field = (body: Body, name: string): unknown => (Object.hasOwn(body, name) ? body[name] : undefined);

function invalidSegments(problem: SegmentProblem, listName: string): InvalidBody {
  return { ok: false, reason: "invalid_segments", message: describeSegmentProblem(problem, listName) };
}

/**
 * A list of segments, by the protocol's rule. The segments to add or to set are capped at MAX_SEGMENTS; the ones to
 * remove are not, since a long run of folded removals never lands in the list (the body limit bounds it anyway).
 */
function segmentsField(
  body: Body,
  name: string,
  absent: "required" | "empty",
  max: number,
): ParsedBody<{ list: string[] }> {
  const value = field(body, name);
  if (value === undefined && absent === "empty") return { ok: true, list: [] };
  const checked = checkSegments(value, max);
  return checked.ok ? { ok: true, list: checked.segments } : invalidSegments(checked.problem, name);
}

/** The SDK's body: `{"revision": n, "overwrite": bool, "segments": [...], "remove"?: [...]}`. */
export function parseChangeBody(text: string): ParsedBody<{ revision: number; change: Change }> {
  const parsed = parseObject(text);
  if (!parsed.ok) return parsed;
  const { body } = parsed;

  const revision = field(body, "revision");
  if (!isChangeRevision(revision)) {
    const message = `revision is ${preview(revision)}; expected a positive integer`;
    return { ok: false, reason: "invalid_revision", message };
  }
  const overwrite = field(body, "overwrite");
  if (typeof overwrite !== "boolean") {
    return { ok: false, reason: "invalid_json", message: `overwrite is ${preview(overwrite)}; expected true or false` };
  }
  const segments = segmentsField(body, "segments", "required", MAX_SEGMENTS);
  if (!segments.ok) return segments;
  const remove = segmentsField(body, "remove", "empty", Number.POSITIVE_INFINITY);
  if (!remove.ok) return remove;

  if (overwrite) {
    if (remove.list.length > 0) {
      const message = `remove is ${preview(remove.list)}; expected absent or empty when overwrite is true`;
      return { ok: false, reason: "invalid_segments", message };
    }
    return { ok: true, revision, change: { overwrite: true, segments: segments.list } };
  }
  return { ok: true, revision, change: { overwrite: false, segments: segments.list, remove: remove.list } };
}
