/** A client's configuration, checked and normalised once: the rest of the SDK trusts what this returns. */
import type { CrispError } from "../protocol/errors.js";
export interface ClientConfig {
    websiteId: string;
    /** Base URL of the segments service. */
    endpoint: string;
}
export type CheckedConfig = {
    ok: true;
    websiteId: string;
    endpoint: string;
} | {
    ok: false;
    error: CrispError;
};
export declare function checkConfig(config: ClientConfig): CheckedConfig;
