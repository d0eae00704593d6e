/**
 * The body of our atomic edit (not Crisp's): `{"add"?: [...], "remove"?: [...]}`, applied in one store edit, removals
 * first. What to add is capped at the list's cap; what to remove is not, since it never lands in the list. Pure.
 */
import type { Change } from "../../protocol/change.js";
import { checkSegments, describeSegmentProblem, MAX_SEGMENTS } from "../../protocol/segments.js";
import { type Body, field } from "../http/parse-body.js";
import { accept, type Checked, refuse } from "./checked.js";

function list(body: Body, name: "add" | "remove", max: number): Checked<string[]> {
  const value = field(body, name);
  if (value === undefined) return accept([]);
  const checked = checkSegments(value, max);
  return checked.ok
    ? accept(checked.segments)
    : refuse("invalid_segments", describeSegmentProblem(checked.problem, name));
}

export function parseSegmentEdit(body: Body): Checked<Change> {
  const add = list(body, "add", MAX_SEGMENTS);
  if (!add.ok) return add;
  const remove = list(body, "remove", Number.POSITIVE_INFINITY);
  if (!remove.ok) return remove;
  return accept({ overwrite: false, segments: add.value, remove: remove.value });
}
