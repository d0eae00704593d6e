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
export declare function parseBasic(header: string | undefined): Credentials | undefined;
export interface Keyring {
    /** The operator these credentials are, if any. */
    find(credentials: Credentials): Promise<Operator | undefined>;
}
export declare function createKeyring(operators: readonly Operator[]): Keyring;
