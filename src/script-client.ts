/**
 * The part of the script-tag build that waits for the task after the script's: the client and its browser
 * environment. The build ships this module as a function that runs when the first client is made, so that the
 * page's first task only reads (pre-parses) its code instead of parsing, compiling and running it all
 * (rollup.config.mjs, `deferredClient`).
 */
import { CrispClient } from "./sdk/client.js";
import type { ClientConfig } from "./sdk/config.js";
import { browserEnvironment } from "./sdk/environment.js";

export function makeClient(config: ClientConfig, startLater: (start: () => void) => void): CrispClient {
  return new CrispClient(config, { ...browserEnvironment(), startLater });
}
