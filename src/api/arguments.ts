/**
 * A call's arguments, checked before any request with the rules the SDK and the service apply (protocol/ids,
 * protocol/segments, the service's meta, people id, page and batch rules): a bad one throws a one-line TypeError naming it and what was
 * expected, and nothing is sent.
 */
import { isSessionId, isWebsiteId, WEBSITE_ID_RULE } from "../protocol/ids.js";
import { preview } from "../protocol/preview.js";
import { checkSegments, describeSegmentProblem, MAX_SEGMENTS } from "../protocol/segments.js";
import { readMeta } from "../server/storage/team-rules.js";
import { MAX_BATCH_TARGETS } from "../server/team/batch-body.js";
import { MAX_PER_PAGE, MIN_PER_PAGE } from "../server/team/list-query.js";
import { isPeopleId, PEOPLE_ID_RULE } from "../server/team/people-id.js";
import type { ConversationMeta, SegmentsEdit, SegmentsFilter } from "./types.js";

function refuse(name: string, value: unknown, expected: string): never {
  throw new TypeError(`crisp-segments/api: ${name} is ${preview(value)}; expected ${expected}`);
}

export function websiteIdArg(value: unknown): string {
  return isWebsiteId(value) ? value : refuse("websiteId", value, WEBSITE_ID_RULE);
}

export function sessionIdArg(value: unknown, name = "sessionId"): string {
  return isSessionId(value) ? value : refuse(name, value, "session_ followed by a lowercase UUID v4");
}

export function peopleIdArg(value: unknown, name = "peopleId"): string {
  return isPeopleId(value) ? value : refuse(name, value, PEOPLE_ID_RULE);
}

/** The list normalised (NFC, trimmed, duplicates dropped) as the service would store it. */
export function segmentsArg(value: unknown, name = "segments", max = MAX_SEGMENTS): string[] {
  const check = checkSegments(value, max);
  if (check.ok) return check.segments;
  throw new TypeError(`crisp-segments/api: ${describeSegmentProblem(check.problem, name)}`);
}

/** What to remove never lands in the list, so it has no cap. */
export function removalArg(value: unknown, name = "segments"): string[] {
  return segmentsArg(value, name, Number.POSITIVE_INFINITY);
}

export interface CheckedEdit {
  add: string[];
  remove: string[];
}

export function editArg(value: SegmentsEdit): CheckedEdit {
  if (typeof value !== "object" || value === null) refuse("the edit", value, "{ add?: string[], remove?: string[] }");
  return { add: segmentsArg(value.add ?? [], "add"), remove: removalArg(value.remove ?? [], "remove") };
}

export function metaArg(value: unknown): ConversationMeta {
  const check = readMeta(value);
  if (check.ok) return check.meta;
  if (check.field === "meta") return refuse("meta", value, check.expected);
  return refuse(`meta.${check.field}`, (value as Record<string, unknown>)[check.field], check.expected);
}

export function emailArg(value: unknown): string {
  // The service decides what an email is; a non-string is refused here, where the caller's line is.
  return typeof value === "string" && value.trim() !== "" ? value : refuse("email", value, "an email address");
}

export function optionalString(value: unknown, name: string): string | undefined {
  return value === undefined || typeof value === "string" ? value : refuse(name, value, "a string");
}

export function pageArg(value: unknown): number {
  return Number.isInteger(value) && (value as number) >= 1 ? (value as number) : refuse("page", value, "1 or more");
}

export function perPageArg(value: unknown = MAX_PER_PAGE): number {
  if (Number.isInteger(value) && (value as number) >= MIN_PER_PAGE && (value as number) <= MAX_PER_PAGE) {
    return value as number;
  }
  return refuse("perPage", value, `a whole number from ${MIN_PER_PAGE} to ${MAX_PER_PAGE}`);
}

export function filterArg(value: SegmentsFilter): { segments: string[]; match: "all" | "any" } {
  const match = value.match ?? "all";
  if (match !== "all" && match !== "any") refuse("match", match, '"all" or "any"');
  return { segments: segmentsArg(value.segments ?? []), match };
}

/** A batch's targets: 1 to the service's limit of ids, each checked by `check`. */
export function idsArg(value: unknown, name: string, check: (id: unknown, name: string) => string): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_BATCH_TARGETS) {
    refuse(name, value, `an array of 1 to ${MAX_BATCH_TARGETS} ids`);
  }
  return value.map((id, index) => check(id, `${name}[${index}]`));
}

/** A batch's segments: at least one, as the service wants something to add. */
export function batchSegmentsArg(value: unknown): string[] {
  const segments = segmentsArg(value);
  return segments.length > 0 ? segments : refuse("segments", value, "at least one segment to add");
}
