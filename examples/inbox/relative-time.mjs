// Times as an operator reads them: "just now", "2 min ago", "3 h ago", "yesterday", then a date. Pure.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How long ago `then` was, seen at `now` (both ms since the epoch). A time slightly ahead of `now` (another
 * machine's clock) reads as "just now".
 * @param {number} then
 * @param {number} now
 * @param {string} [timeZone] for dates past a week; default the browser's
 */
export function relativeTime(then, now, timeZone) {
  const ago = now - then;
  if (ago < 45_000) return "just now";
  if (ago < 45 * MINUTE) return `${Math.max(1, Math.round(ago / MINUTE))} min ago`;
  if (ago < 22 * HOUR) return `${Math.max(1, Math.round(ago / HOUR))} h ago`;
  if (ago < 36 * HOUR) return "yesterday";
  if (ago < 7 * DAY) return `${Math.round(ago / DAY)} days ago`;
  const sameYear = new Date(then).getUTCFullYear() === new Date(now).getUTCFullYear();
  return new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "short",
    year: sameYear ? undefined : "numeric",
    timeZone,
  }).format(then);
}

/**
 * The exact time, for a tooltip: "12 Mar 2025, 14:05:09".
 * @param {number} then
 * @param {string} [timeZone]
 */
export function exactTime(then, timeZone) {
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone }).format(then);
}
