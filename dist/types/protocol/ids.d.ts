/** The identifiers of docs/protocol.md, one definition for the SDK and the service. */
export declare const WEBSITE_ID_RULE = "1 to 64 characters of A-Z a-z 0-9 _ -";
export declare function isWebsiteId(value: unknown): value is string;
export declare function isSessionId(value: unknown): value is string;
