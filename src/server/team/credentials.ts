/**
 * An operator's credentials as Crisp's clients send them, `Authorization: Basic base64(identifier:key)`, and the
 * match against the configured keys in time that tells nothing of the key: both sides are hashed (Web Crypto, so
 * that it runs wherever the handler does) and every configured digest is compared, byte by byte, in full.
 */
import type { Operator } from "./operators.js";

export interface Credentials {
  identifier: string;
  key: string;
}

/** The credentials of a Basic header (scheme in any case, RFC 9110 §11.1); undefined when there are none. */
export function parseBasic(header: string | undefined): Credentials | undefined {
  const encoded = header?.match(/^Basic +([A-Za-z0-9+/]+={0,2}) *$/i)?.[1];
  if (encoded === undefined) return undefined;
  let text: string;
  try {
    const bytes = Uint8Array.from(atob(encoded), (char) => char.charCodeAt(0));
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  const colon = text.indexOf(":");
  if (colon < 0) return undefined;
  return { identifier: text.slice(0, colon), key: text.slice(colon + 1) };
}

const encoder = new TextEncoder();

// An identifier holds no colon, so "identifier:key" names one pair only.
async function digest({ identifier, key }: Credentials): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(`${identifier}:${key}`)));
}

function sameDigest(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  for (let index = 0; index < a.length; index++) difference |= (a[index] ?? 0) ^ (b[index] ?? 0);
  return difference === 0;
}

export interface Keyring {
  /** The operator these credentials are, if any. */
  find(credentials: Credentials): Promise<Operator | undefined>;
}

export function createKeyring(operators: readonly Operator[]): Keyring {
  // Hashed on first use: Web Crypto is asynchronous, and the handler is made synchronously.
  let known: Promise<Uint8Array[]> | undefined;
  return {
    async find(credentials) {
      known ??= Promise.all(operators.map(digest));
      const [digests, given] = await Promise.all([known, digest(credentials)]);
      let found: Operator | undefined;
      // No early exit: the time taken does not depend on which operator, if any, matched.
      digests.forEach((candidate, index) => {
        if (sameDigest(candidate, given)) found = operators[index];
      });
      return found;
    },
  };
}
