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
export declare const MIN_KEY_LENGTH = 16;
export declare function checkOperators(list: unknown, knownWebsites: ReadonlyMap<string, unknown>): Operator[];
