/**
 * Email patterns for rules: `*` stands for any run of characters (none included), `?` for exactly one, every other
 * character for itself, case aside; the email's surrounding white space is ignored. There is no escape: an email's `*` or `?` is matched by a wildcard.
 *
 * Patterns are never turned into a regular expression. The matcher below walks the email once, remembering only
 * the last `*` seen: on a mismatch it moves that star's start one character on and resumes. No other state is kept,
 * so the work is at most (email length + 1) × (pattern length + 1) steps — about 65,000 for the longest pattern and
 * email allowed, whatever their contents — and never exponential, whatever the pattern: no ReDoS.
 */

/** The longest pattern a rule may hold, in characters (code points). */
export const MAX_PATTERN_LENGTH = 254;

/** The longest address that can be an email (RFC 5321's path limit, less its brackets); a longer one matches no pattern. */
export const MAX_EMAIL_LENGTH = 254;

/** What a pattern must be, for an error message; undefined when `value` is a valid pattern. */
export function patternProblem(value: unknown): string | undefined {
  if (typeof value !== "string") return 'a string such as "*+billing@*"';
  const length = [...value].length;
  if (length < 1 || length > MAX_PATTERN_LENGTH) return `1 to ${MAX_PATTERN_LENGTH} characters`;
  return undefined;
}

/** Whether `email` matches `pattern`, case aside (see the module's comment for the wildcards and the cost). */
export function matchesEmailPattern(pattern: string, email: string): boolean {
  const text = [...fold(email.trim())];
  if (text.length > MAX_EMAIL_LENGTH) return false;
  return matchesGlob([...fold(pattern)], text);
}

function fold(value: string): string {
  return value.normalize("NFC").toLowerCase();
}

function matchesGlob(pattern: readonly string[], text: readonly string[]): boolean {
  let p = 0;
  let t = 0;
  // The last star met, and where in the text the run it stands for currently ends.
  let star = -1;
  let starEnd = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === "?" || pattern[p] === text[t])) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === "*") {
      star = p++;
      starEnd = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++starEnd;
    } else {
      return false;
    }
  }
  while (pattern[p] === "*") p++;
  return p === pattern.length;
}
