/** Revisions as the protocol fixes them, one definition for the SDK and the service. */
/** A revision a change carries: a positive safe integer. */
export declare function isChangeRevision(value: unknown): value is number;
/** A revision the service reports: 0 for a session the SDK never changed, else the highest it applied. */
export declare function isStoredRevision(value: unknown): value is number;
