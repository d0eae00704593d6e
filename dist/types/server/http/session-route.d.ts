/** The protocol route the SDK calls: GET and POST `/v1/website/{website_id}/session/{session_id}/segments`. */
import type { Config } from "./options.js";
/** PROTOCOL.md: a change body is at most 16 KiB. */
export declare const MAX_CHANGE_BYTES: number;
export interface SessionRequest {
    websiteId: string;
    sessionId: string;
    clientAddress: string | undefined;
}
export declare function handleSession(config: Config, request: Request, route: SessionRequest): Promise<Response>;
