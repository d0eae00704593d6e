/**
 * Turns a request body into a change, or into the 400 that names what is wrong. Pure. Only the fields named here
 * are read, each through Object.hasOwn, so `__proto__` or any other key a visitor sends is inert.
 */
import type { Change } from "../../protocol/change.js";
import { preview } from "../../protocol/preview.js";
import { isChangeRevision } from "../../protocol/revision.js";
import {
  checkSegments,
  describeSegmentProblem,
  normalizeSegment,
  type SegmentProblem,
} from "../../protocol/segments.js";

export interface Refusal {
  ok: false;
  reason: "invalid_json" | "invalid_revision" | "invalid_segments";
  message: string;
}
export type Parsed<T> = ({ ok: true } & T) | Refusal;

type Body = Record<string, unknown>;

function parseObject(text: string): Parsed<{ body: Body }> {
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

const field = (body: Body, name: string): unknown => (Object.hasOwn(body, name) ? body[name] : undefined);

function invalidSegments(problem: SegmentProblem, listName: string): Refusal {
  return { ok: false, reason: "invalid_segments", message: describeSegmentProblem(problem, listName) };
}

/** The segments to add or to set: the full rules, at most MAX_SEGMENTS of them included. */
function segmentsField(body: Body, name: string, absent: "required" | "empty"): Parsed<{ list: string[] }> {
  const value = field(body, name);
  if (value === undefined && absent === "empty") return { ok: true, list: [] };
  const checked = checkSegments(value);
  return checked.ok ? { ok: true, list: checked.segments } : invalidSegments(checked.problem, name);
}

/**
 * The segments to remove: each must be a valid segment, but their count is not capped, since a long run of
 * folded removals never lands in the list (the body limit bounds it anyway).
 */
function removeField(body: Body): Parsed<{ list: string[] }> {
  const value = field(body, "remove");
  if (value === undefined) return { ok: true, list: [] };
  if (!Array.isArray(value)) {
    return invalidSegments({ value, index: -1, expected: "an array of segment strings" }, "remove");
  }
  const list = new Set<string>();
  for (let index = 0; index < value.length; index++) {
    const item: unknown = value[index];
    const segment = normalizeSegment(item);
    if (typeof segment !== "string") return invalidSegments({ value: item, index, ...segment }, "remove");
    list.add(segment);
  }
  return { ok: true, list: [...list] };
}

/** The SDK's body: `{"revision": n, "overwrite": bool, "segments": [...], "remove"?: [...]}`. */
export function parseChangeBody(text: string): Parsed<{ revision: number; change: Change }> {
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
  const segments = segmentsField(body, "segments", "required");
  if (!segments.ok) return segments;
  const remove = removeField(body);
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

/** An operator's body: PUT `{"segments": [...]}` replaces the list, PATCH `{"segments"?, "remove"?}` edits it. */
export function parseEditBody(text: string, method: "PUT" | "PATCH"): Parsed<{ change: Change }> {
  const parsed = parseObject(text);
  if (!parsed.ok) return parsed;
  const { body } = parsed;
  if (method === "PUT") {
    const segments = segmentsField(body, "segments", "required");
    return segments.ok ? { ok: true, change: { overwrite: true, segments: segments.list } } : segments;
  }
  const segments = segmentsField(body, "segments", "empty");
  if (!segments.ok) return segments;
  const remove = removeField(body);
  if (!remove.ok) return remove;
  return { ok: true, change: { overwrite: false, segments: segments.list, remove: remove.list } };
}
