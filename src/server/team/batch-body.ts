/**
 * The body of Crisp's "Batch Update … Segments" (PATCH …/batch/segments): `{sessions: [...], segments}` for
 * conversations, `{people: {profiles: [...]}, segments}` for contacts. Every id is checked before anything is
 * written; `people.search` (Crisp's audience by search) is refused with the way to do without it. Pure.
 */
import { isSessionId } from "../../protocol/ids.js";
import { preview } from "../../protocol/preview.js";
import { checkSegments, describeSegmentProblem, MAX_SEGMENTS } from "../../protocol/segments.js";
import { type Body, field } from "../http/parse-body.js";
import type { BatchTarget } from "../storage/team-store.js";
import { accept, type Checked, refuse } from "./checked.js";
import { isPeopleId, PEOPLE_ID_RULE } from "./people-id.js";

export const MAX_BATCH_TARGETS = 1000;

export interface Batch {
  target: BatchTarget;
  segments: string[];
}

export function parseBatch(body: Body): Checked<Batch> {
  const segments = checkSegments(field(body, "segments"), MAX_SEGMENTS);
  if (!segments.ok) return refuse("invalid_segments", describeSegmentProblem(segments.problem, "segments"));
  if (segments.segments.length === 0) return refuse("invalid_segments", "segments is []; expected a segment to add");
  const target = batchTarget(field(body, "sessions"), field(body, "people"));
  return target.ok ? accept({ target: target.value, segments: segments.segments }) : target;
}

function batchTarget(sessions: unknown, people: unknown): Checked<BatchTarget> {
  if ((sessions === undefined) === (people === undefined)) {
    const message = 'send either "sessions": [session ids] or "people": {"profiles": [people ids]}, not both';
    return refuse("invalid_request", message);
  }
  if (sessions !== undefined) {
    const ids = idList(sessions, "sessions", isSessionId, "session_ followed by a lowercase UUID v4");
    return ids.ok ? accept({ sessions: ids.value }) : ids;
  }
  if (typeof people !== "object" || people === null || Array.isArray(people)) {
    return refuse("invalid_request", `people is ${preview(people)}; expected {"profiles": [people ids]}`);
  }
  if (field(people as Body, "search") !== undefined) {
    return refuse("invalid_request", "people.search is not supported here: list the contacts' ids in people.profiles");
  }
  const ids = idList(field(people as Body, "profiles"), "people.profiles", isPeopleId, PEOPLE_ID_RULE);
  return ids.ok ? accept({ contacts: ids.value }) : ids;
}

function idList(value: unknown, name: string, isId: (id: unknown) => boolean, rule: string): Checked<string[]> {
  if (!Array.isArray(value) || value.length > MAX_BATCH_TARGETS) {
    return refuse(
      "invalid_request",
      `${name} is ${preview(value)}; expected an array of at most ${MAX_BATCH_TARGETS} ids`,
    );
  }
  const bad = value.findIndex((id) => !isId(id));
  if (bad >= 0) {
    const reason = name === "sessions" ? "invalid_session" : "invalid_request";
    return refuse(reason, `${name}[${bad}] is ${preview(value[bad])}; expected ${rule}`);
  }
  return accept(value as string[]);
}
