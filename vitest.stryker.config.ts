import { defineConfig } from "vitest/config";
import { unitProject } from "./vitest.config";

// Stryker's view of the suite: the unit project of vitest.config.ts alone (see stryker.config.mjs).
export default defineConfig({ test: unitProject });
