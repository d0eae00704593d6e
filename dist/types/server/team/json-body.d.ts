/** A REST request's body: read within a size limit (read-body.ts), then parsed as one JSON object. */
import { type Body } from "../http/parse-body.js";
import { type Checked } from "./checked.js";
/** A single object's write; Crisp's metas and profiles are far smaller. */
export declare const MAX_WRITE_BYTES: number;
/** A batch: room for 1,000 ids and a full list of long segments. */
export declare const MAX_BATCH_BYTES: number;
export declare function readJsonObject(request: Request, maxBytes: number): Promise<Checked<Body>>;
