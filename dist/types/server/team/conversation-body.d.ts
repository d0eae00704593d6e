import { type Body } from "../http/parse-body.js";
import type { ConversationMeta } from "../storage/team-store.js";
import { type Checked } from "./checked.js";
export interface MetaPatch {
    meta: ConversationMeta;
    /** The new list, when the body gives one. */
    segments?: string[];
}
export declare function parseMetaPatch(body: Body): Checked<MetaPatch>;
