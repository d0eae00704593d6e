/** The identifiers of PROTOCOL.md, checked on the raw path segment so that no decoding can smuggle anything in. */
export declare function isWebsiteId(value: string): boolean;
export declare function isSessionId(value: string): boolean;
