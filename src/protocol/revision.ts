/** Revisions as the protocol fixes them, one definition for the SDK and the service. */

/** A revision a change carries: a positive safe integer. */
export function isChangeRevision(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 1;
}

/** A revision the service reports: 0 for a session the SDK never changed, else the highest it applied. */
export function isStoredRevision(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}
