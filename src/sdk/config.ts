/** A client's configuration, checked and normalised once: the rest of the SDK trusts what this returns. */
import type { CrispError } from "../protocol/errors.js";
import { isWebsiteId, WEBSITE_ID_RULE } from "../protocol/ids.js";
import { preview } from "../protocol/preview.js";

export interface ClientConfig {
  websiteId: string;
  /** Base URL of the segments service. */
  endpoint: string;
}

export type CheckedConfig = { ok: true; websiteId: string; endpoint: string } | { ok: false; error: CrispError };

export function checkConfig(config: ClientConfig): CheckedConfig {
  if (!isWebsiteId(config.websiteId)) {
    return {
      ok: false,
      error: {
        code: "invalid_configuration",
        value: config.websiteId,
        position: "websiteId",
        expected: WEBSITE_ID_RULE,
        message: `the website id ${preview(config.websiteId)} is not valid (expected ${WEBSITE_ID_RULE}); segments stay on this page only`,
      },
    };
  }
  if (!isHttpUrl(config.endpoint)) {
    return {
      ok: false,
      error: {
        code: "invalid_configuration",
        value: config.endpoint,
        position: "endpoint",
        expected: "an absolute http(s) URL",
        message: `the endpoint ${preview(config.endpoint)} is not an absolute http(s) URL; segments stay on this page only`,
      },
    };
  }
  return { ok: true, websiteId: config.websiteId, endpoint: config.endpoint.replace(/\/+$/, "") };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}
