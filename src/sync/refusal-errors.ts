/** The errors the syncer reports when the service refuses: a change, or the whole website. */
import type { Change } from "../protocol/change.js";
import type { CrispError } from "../protocol/errors.js";
import { preview } from "../protocol/preview.js";
import type { RefusedChange } from "../session/record.js";

export interface RefusalAnswer {
  status: number;
  reason: string;
  message: string;
}

/** The leader's report of a change the service refused for good. */
export function changeRefused(change: Change, answer: RefusalAnswer): CrispError {
  return {
    code: "change_refused",
    status: answer.status,
    reason: answer.reason,
    value: change,
    message: `the service refused the change ${preview(change)} (${answer.status} ${answer.reason}: ${answer.message}); it was dropped`,
  };
}

/** Another tab's report, from the record, of a refused change that held this tab's commands. */
export function ownChangeRefused(refusal: RefusedChange): CrispError {
  return { code: "change_refused", status: refusal.status, reason: refusal.reason, message: refusal.message };
}

export function websiteRefused(answer: RefusalAnswer): CrispError {
  return {
    code: "website_refused",
    status: answer.status,
    reason: answer.reason,
    message: `syncing stopped: the service answered ${answer.status} ${answer.reason} (${answer.message}); segments stay on this page only`,
  };
}
