// Types of segment-filter.mjs, for its tests.
export interface SegmentFilter {
  segments: string[];
  match: "all" | "any";
}
export interface SegmentCount {
  segment: string;
  count: number;
}

export const NO_FILTER: Readonly<SegmentFilter>;
export function toggleSegment(filter: SegmentFilter, segment: string): SegmentFilter;
export function withMatch(filter: SegmentFilter, match: string): SegmentFilter;
export function passes(filter: SegmentFilter, segments: readonly string[]): boolean;
export function menuItems(
  counts: readonly SegmentCount[],
  filter: SegmentFilter,
): Array<SegmentCount & { chosen: boolean }>;
export function conversationsQuery(filter: SegmentFilter, perPage: number): URLSearchParams;
export function peopleQuery(filter: SegmentFilter, perPage: number, text?: string): URLSearchParams;
export function describeFilter(filter: SegmentFilter): string;
