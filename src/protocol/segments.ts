/**
 * The segment rules of docs/protocol.md, the one definition that both the SDK and the service apply.
 */
import { preview } from "./preview.js";

export const MAX_SEGMENT_LENGTH = 64;
export const MAX_SEGMENTS = 100;

/** Why a list of segments was refused: the offending value, where it stands and what was expected. */
export interface SegmentProblem {
  value: unknown;
  /** Index in the list given, or -1 when the list itself is wrong. */
  index: number;
  expected: string;
}

export type SegmentsCheck = { ok: true; segments: string[] } | { ok: false; problem: SegmentProblem };

const LENGTH_RULE = `1 to ${MAX_SEGMENT_LENGTH} characters after trimming white space`;

// C0 and C1 control characters (U+0000–U+001F, U+007F–U+009F).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** NFC-normalises and trims one segment; returns the problem when it is not a valid segment. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export function normalizeSegment(value: unknown): string | { expected: string } {
  if (typeof value !== "string") return { expected: "a string" };
  // Printable ASCII is its own NFC form and holds no control character: the common case skips both checks.
  if (PRINTABLE_ASCII.test(value)) {
    const segment = value.trim();
    return segment.length >= 1 && segment.length <= MAX_SEGMENT_LENGTH ? segment : { expected: LENGTH_RULE };
  }
  const segment = value.normalize("NFC").trim();
  const length = [...segment].length;
  if (length < 1 || length > MAX_SEGMENT_LENGTH) return { expected: LENGTH_RULE };
  if (CONTROL.test(segment)) return { expected: "no control characters" };
  return segment;
}

/**
 * Checks a list of segments as a whole: an array of valid segments, at most `max` once duplicates are dropped. Returns the normalised list in first-seen order, or the first problem found.
 */
export function checkSegments(values: unknown, max = MAX_SEGMENTS): SegmentsCheck {
  if (!Array.isArray(values)) {
    return { ok: false, problem: { value: values, index: -1, expected: "an array of segment strings" } };
  }
  const seen = new Set<string>();
  for (let index = 0; index < values.length; index++) {
    const value: unknown = values[index];
    const segment = normalizeSegment(value);
    if (typeof segment !== "string") return { ok: false, problem: { value, index, ...segment } };
    seen.add(segment);
  }
  if (seen.size > max) {
    return {
      ok: false,
      problem: { value: values, index: -1, expected: `at most ${max} distinct segments` },
    };
  }
  return { ok: true, segments: [...seen] };
}

/** A human sentence for a problem, used by SDK errors and service responses alike. */
export function describeSegmentProblem(problem: SegmentProblem, listName = "segments"): string {
  const where = problem.index >= 0 ? `${listName}[${problem.index}]` : listName;
  return `${where} is ${preview(problem.value)}; expected ${problem.expected}`;
}
