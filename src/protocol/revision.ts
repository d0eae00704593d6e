/** Revisions as the protocol fixes them, one definition for the SDK and the service. */

/** A non-negative safe integer: how JSON carries a stored revision, a status, a time or a sequence number. */
export function isWholeNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

/** A revision a change carries: a positive safe integer. */
export function isChangeRevision(value: unknown): value is number {
  return isWholeNumber(value) && value >= 1;
}

/** A revision the service reports: 0 for a session the SDK never changed, else the highest it applied. */
export const isStoredRevision: (value: unknown) => value is number = isWholeNumber;
