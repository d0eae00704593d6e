export declare const MAX_SEGMENT_LENGTH = 64;
export declare const MAX_SEGMENTS = 100;
/** Why a list of segments was refused: the offending value, where it stands and what was expected. */
export interface SegmentProblem {
    value: unknown;
    /** Index in the list given, or -1 when the list itself is wrong. */
    index: number;
    expected: string;
}
export type SegmentsCheck = {
    ok: true;
    segments: string[];
} | {
    ok: false;
    problem: SegmentProblem;
};
export declare function normalizeSegment(value: unknown): string | {
    expected: string;
};
/**
 * Checks a list of segments as a whole: an array of valid segments, at most `max` once duplicates are dropped. Returns the normalised list in first-seen order, or the first problem found.
 */
export declare function checkSegments(values: unknown, max?: number): SegmentsCheck;
/** A human sentence for a problem, used by SDK errors and service responses alike. */
export declare function describeSegmentProblem(problem: SegmentProblem, listName?: string): string;
