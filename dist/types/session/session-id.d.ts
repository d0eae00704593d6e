/** Session ids as docs/protocol.md fixes them (see protocol/ids): `session_` and a lowercase UUID v4, unguessable. */
export declare function newSessionId(): string;
