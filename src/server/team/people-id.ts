/** A contact's id as the stores make it (crypto.randomUUID): checked before any store reads it. */

const PEOPLE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const PEOPLE_ID_RULE = "a lowercase UUID, as POST …/people/profile answers it";

export function isPeopleId(value: unknown): value is string {
  return typeof value === "string" && PEOPLE_ID.test(value);
}
