/** A contact's id as the stores make it (crypto.randomUUID): checked before any store reads it. */
export declare const PEOPLE_ID_RULE = "a lowercase UUID, as POST \u2026/people/profile answers it";
export declare function isPeopleId(value: unknown): value is string;
