import { defineConfig } from "vitest/config";

// Stryker's view of the suite: the unit tests only (see stryker.config.mjs); keep in step with vitest.config.ts.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/e2e/**"],
    environment: "jsdom",
  },
});
