// Types of relative-time.mjs, for its tests.
export function relativeTime(then: number, now: number, timeZone?: string): string;
export function exactTime(then: number, timeZone?: string): string;
