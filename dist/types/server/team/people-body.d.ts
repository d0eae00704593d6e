import { type Body } from "../http/parse-body.js";
import type { ContactPatch, NewContact } from "../storage/team-store.js";
import { type Checked } from "./checked.js";
/** POST /people/profile. */
export declare function parseNewContact(body: Body): Checked<NewContact>;
/** PATCH (merge: absent fields stay) or PUT (replace: absent nickname and segments are emptied). */
export declare function parseContactPatch(body: Body, mode: "merge" | "replace"): Checked<ContactPatch>;
