import { type NewEndpoint } from "../automations/endpoints.js";
import { type EventName } from "../automations/events.js";
import { type Body } from "../http/parse-body.js";
import { type Checked } from "./checked.js";
import type { QueryParam } from "./list-query.js";
export declare function parseSubscription(body: Body): Checked<NewEndpoint & {
    event?: EventName;
}>;
export declare function sampleQuery(param: QueryParam): Checked<{
    event?: EventName;
    segment?: string;
}>;
