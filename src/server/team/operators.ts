/**
 * The operators' keys, from the handler's `operators` option: checked once here, each problem a one-line TypeError
 * that names the bad value and the fix, so that authentication can trust them. A key is never printed.
 */
import { preview } from "../../protocol/preview.js";

export interface OperatorOptions {
  /** Sent as the user name of HTTP Basic auth, as Crisp's plugin identifiers are. */
  identifier: string;
  /** Sent as the password; at least 16 characters. */
  key: string;
  /** The website ids this key may read and change, or "*" for every website the handler knows. */
  websites: readonly string[] | "*";
}

export interface Operator {
  identifier: string;
  key: string;
  websites: ReadonlySet<string> | "*";
}

export const MIN_KEY_LENGTH = 16;
const MAX_KEY_LENGTH = 1024;
// Basic auth splits the credentials at their first colon, so an identifier cannot hold one.
const IDENTIFIER = /^[\x21-\x39\x3b-\x7e]{1,128}$/;

export function checkOperators(list: unknown, knownWebsites: ReadonlyMap<string, unknown>): Operator[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    throw new TypeError(`operators is ${preview(list)}; expected an array of { identifier, key, websites }`);
  }
  const seen = new Map<string, number>();
  return list.map((entry: unknown, index) => {
    const operator = checkOperator(entry, `operators[${index}]`, knownWebsites);
    const first = seen.get(operator.identifier);
    if (first !== undefined) {
      throw new TypeError(
        `operators[${index}].identifier ${preview(operator.identifier)} is also operators[${first}]'s: give each operator its own`,
      );
    }
    seen.set(operator.identifier, index);
    return operator;
  });
}

function checkOperator(entry: unknown, name: string, knownWebsites: ReadonlyMap<string, unknown>): Operator {
  if (typeof entry !== "object" || entry === null) {
    throw new TypeError(`${name} is ${preview(entry)}; expected { identifier, key, websites }`);
  }
  const { identifier, key, websites } = entry as Record<string, unknown>;
  if (typeof identifier !== "string" || !IDENTIFIER.test(identifier)) {
    throw new TypeError(
      `${name}.identifier is ${preview(identifier)}; expected 1 to 128 printable ASCII characters without ":" or spaces`,
    );
  }
  if (typeof key !== "string" || key.length < MIN_KEY_LENGTH || key.length > MAX_KEY_LENGTH) {
    const given = typeof key === "string" ? `${key.length} characters long` : `not a string (${typeof key})`;
    throw new TypeError(
      `${name}.key is ${given}; expected ${MIN_KEY_LENGTH} to ${MAX_KEY_LENGTH} characters, e.g. from openssl rand -hex 16`,
    );
  }
  return { identifier, key, websites: checkWebsites(websites, `${name}.websites`, knownWebsites) };
}

function checkWebsites(
  value: unknown,
  name: string,
  knownWebsites: ReadonlyMap<string, unknown>,
): Operator["websites"] {
  if (value === "*") return "*";
  if (!Array.isArray(value) || value.some((id) => typeof id !== "string")) {
    throw new TypeError(`${name} is ${preview(value)}; expected "*" or an array of website ids`);
  }
  const unknown = value.find((id: string) => !knownWebsites.has(id));
  if (unknown !== undefined) {
    throw new TypeError(`${name} has ${preview(unknown)}, which is not among the handler's websites: add it there`);
  }
  return new Set(value as string[]);
}
