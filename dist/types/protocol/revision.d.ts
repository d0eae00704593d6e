/** Revisions as the protocol fixes them, one definition for the SDK and the service. */
/** A non-negative safe integer: how JSON carries a stored revision, a status, a time or a sequence number. */
export declare function isWholeNumber(value: unknown): value is number;
/** A revision a change carries: a positive safe integer. */
export declare function isChangeRevision(value: unknown): value is number;
/** A revision the service reports: 0 for a session the SDK never changed, else the highest it applied. */
export declare const isStoredRevision: (value: unknown) => value is number;
