/** What free text (metas, emails, nicknames, searches) must not hold: NUL, which PostgreSQL cannot store. Pure. */
import { preview } from "../../protocol/preview.js";
import { accept, type Checked, refuse } from "./checked.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is the point
const NUL = /\u0000/;

/** The first string inside `value` (keys included) holding NUL, with where it was found. */
function findNul(value: unknown, path: string): string | undefined {
  if (typeof value === "string") return NUL.test(value) ? path : undefined;
  if (typeof value !== "object" || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (NUL.test(key)) return `${path} key ${preview(key)}`;
    const found = findNul(item, `${path}.${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

export function withoutNul<T>(value: T, name: string): Checked<T> {
  const where = findNul(value, name);
  return where === undefined ? accept(value) : refuse("invalid_request", `${where} holds a NUL character; remove it`);
}

// Deliberately loose (one @, no spaces, a dot-free domain allowed): the address is the operator's to get right.
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const MAX_EMAIL_LENGTH = 254;

export function checkEmail(value: unknown, name: string): Checked<string> {
  const email = typeof value === "string" ? value.trim() : undefined;
  if (email === undefined || email.length > MAX_EMAIL_LENGTH || !EMAIL.test(email) || NUL.test(email)) {
    return refuse("invalid_request", `${name} is ${preview(value)}; expected an email address, e.g. jane@example.com`);
  }
  return accept(email);
}
