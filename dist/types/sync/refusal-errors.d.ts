/** The errors the syncer reports when the service refuses: a change, or the whole website. */
import type { Change } from "../protocol/change.js";
import type { CrispError } from "../protocol/errors.js";
import type { RefusedChange } from "../session/record.js";
export interface RefusalAnswer {
    status: number;
    reason: string;
    message: string;
}
/** The leader's report of a change the service refused for good. */
export declare function changeRefused(change: Change, answer: RefusalAnswer): CrispError;
/** Another tab's report, from the record, of a refused change that held this tab's commands. */
export declare function ownChangeRefused(refusal: RefusedChange): CrispError;
export declare function websiteRefused(answer: RefusalAnswer): CrispError;
