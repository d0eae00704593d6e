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
export declare const MAX_PATTERN_LENGTH = 254;
/** The longest address that can be an email (RFC 5321's path limit, less its brackets); a longer one matches no pattern. */
export declare const MAX_EMAIL_LENGTH = 254;
/** What a pattern must be, for an error message; undefined when `value` is a valid pattern. */
export declare function patternProblem(value: unknown): string | undefined;
/** Whether `email` matches `pattern`, case aside (see the module's comment for the wildcards and the cost). */
export declare function matchesEmailPattern(pattern: string, email: string): boolean;
