// Types of demo-settings.mjs, for its tests.
import type { DemoOptions } from "./demo-server.mjs";

export function settingsFromEnv(env: Record<string, string | undefined>): DemoOptions;
