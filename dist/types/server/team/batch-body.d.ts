import { type Body } from "../http/parse-body.js";
import type { BatchTarget } from "../storage/team-store.js";
import { type Checked } from "./checked.js";
export declare const MAX_BATCH_TARGETS = 1000;
export interface Batch {
    target: BatchTarget;
    segments: string[];
}
export declare function parseBatch(body: Body): Checked<Batch>;
