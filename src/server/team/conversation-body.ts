/**
 * The body of "Update Conversation Metas" (PATCH …/conversation/{session_id}/meta): Crisp's meta fields that the
 * service keeps, merged; `segments`, when given, replaces the session's list. Unknown fields are ignored. Pure.
 */
import { preview } from "../../protocol/preview.js";
import { checkSegments, describeSegmentProblem, MAX_SEGMENTS } from "../../protocol/segments.js";
import { type Body, field } from "../http/parse-body.js";
import { readMeta } from "../storage/team-rules.js";
import type { ConversationMeta } from "../storage/team-store.js";
import { accept, type Checked, refuse } from "./checked.js";
import { withoutNul } from "./text-rules.js";

export interface MetaPatch {
  meta: ConversationMeta;
  /** The new list, when the body gives one. */
  segments?: string[];
}

export function parseMetaPatch(body: Body): Checked<MetaPatch> {
  const read = readMeta(body);
  if (!read.ok) {
    return refuse("invalid_request", `${read.field} is ${preview(field(body, read.field))}; expected ${read.expected}`);
  }
  const meta = withoutNul(read.meta, "meta");
  if (!meta.ok) return meta;
  const given = field(body, "segments");
  if (given === undefined) return accept({ meta: meta.value });
  const segments = checkSegments(given, MAX_SEGMENTS);
  if (!segments.ok) return refuse("invalid_segments", describeSegmentProblem(segments.problem, "segments"));
  return accept({ meta: meta.value, segments: segments.segments });
}
