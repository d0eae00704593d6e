/** A short, safe rendering of any value for an error message. */
export function preview(value: unknown): string {
  if (typeof value === "string") {
    const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
    return JSON.stringify(shown);
  }
  if (value === undefined) return "undefined";
  if (typeof value === "function") return "a function";
  if (typeof value === "bigint" || typeof value === "symbol") return String(value);
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    try {
      return Object.prototype.toString.call(value);
    } catch {
      // A proxy whose traps throw cannot even be named.
      return "an unprintable value";
    }
  }
}
