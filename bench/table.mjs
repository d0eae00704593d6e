// The bench's figures and its one markdown table: each figure is the median of its runs with their min–max,
// shown beside a baseline measured in the same run, and their ratio.

const sorted = (values) => values.slice().sort((a, b) => a - b);
export function median(values) {
  const s = sorted(values);
  const middle = Math.floor(s.length / 2);
  return s.length % 2 ? s[middle] : (s[middle - 1] + s[middle]) / 2;
}
export function quantile(values, q) {
  const s = sorted(values);
  if (s.length === 0) return NaN;
  const position = (s.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return s[low] + (s[high] - s[low]) * (position - low);
}
/** A figure: the median of `values`, with their min–max. */
export const figure = (values) => ({
  median: median(values),
  min: Math.min(...values),
  max: Math.max(...values),
  n: values.length,
});
export const exact = (value) => ({ median: value, min: value, max: value, n: 1 });

export const group = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
function number(value, digits) {
  if (!Number.isFinite(value)) return String(value);
  const d = digits ?? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
  const [whole, fraction] = Math.abs(value).toFixed(d).split(".");
  return `${value < 0 ? "-" : ""}${group(whole)}${fraction ? `.${fraction}` : ""}`;
}
/** Units: the scale a value is shown at, and its suffix; the spread is shown at the same scale. */
const UNITS = {
  B: { scale: 1, suffix: " B", digits: 0 },
  KiB: { scale: 1 / 1024, suffix: " KiB", digits: 1 },
  ms: { scale: 1, suffix: " ms" },
  ns: { scale: 1, suffix: " ns" },
  "/s": { scale: 1, suffix: "/s", digits: 0 },
  "": { scale: 1, suffix: "" },
};
function show(f, unit, digits) {
  if (f === null || f === undefined) return "—";
  if (typeof f === "string") return f;
  const { scale, suffix, digits: unitDigits } = UNITS[unit];
  const d = digits ?? unitDigits;
  const at = (value) => number(value * scale, d);
  if (f.n === 1 || f.min === f.max) return `${at(f.median)}${suffix}`;
  return `${at(f.median)}${suffix} (${at(f.min)}–${at(f.max)})`;
}
function ratio(ours, base) {
  if (!ours || !base || typeof ours === "string" || typeof base === "string") return "—";
  if (base.median === 0) return ours.median === 0 ? "×1" : "—";
  const r = ours.median / base.median;
  return `×${r >= 100 ? number(r, 0) : r >= 10 ? number(r, 1) : number(r, 2)}`;
}

const rows = [];
/** One table row. `section` groups rows; `baselineIs` says what the figure is compared with. */
export function row(section, name, ours, base, unit, baselineIs, options = {}) {
  rows.push({
    section,
    name,
    ours: show(ours, unit, options.digits),
    base: show(base, unit, options.digits),
    ratio: options.ratio ?? ratio(ours, base),
    baselineIs,
    n: options.n ?? (typeof ours === "object" && ours ? ours.n : ""),
  });
}
export function table() {
  const lines = ["| figure | ours | baseline | ratio | baseline is | runs |", "|---|---:|---:|---:|---|---:|"];
  let section = "";
  for (const r of rows) {
    if (r.section !== section) {
      section = r.section;
      lines.push(`| **${section}** | | | | | |`);
    }
    lines.push(`| ${r.name} | ${r.ours} | ${r.base} | ${r.ratio} | ${r.baselineIs} | ${r.n} |`);
  }
  return lines.join("\n");
}

const notes = [];
/** A line printed under the table: what was not measured, and why. */
export const note = (text) => void notes.push(text);
export const printedNotes = () => notes.map((text) => `- ${text}`).join("\n");
