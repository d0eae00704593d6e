/**
 * The body of our atomic edit (not Crisp's): `{"add"?: [...], "remove"?: [...]}`, applied in one store edit, removals
 * first. What to add is capped at the list's cap; what to remove is not, since it never lands in the list. Pure.
 */
import type { Change } from "../../protocol/change.js";
import { type Body } from "../http/parse-body.js";
import { type Checked } from "./checked.js";
export declare function parseSegmentEdit(body: Body): Checked<Change>;
