import { defineConfig } from "vitest/config";

/** The unit tests: everything but the browser suite. Stryker runs this project alone (vitest.stryker.config.ts). */
export const unitProject = {
  name: "unit",
  include: ["test/**/*.test.ts"],
  exclude: ["test/e2e/**"],
  environment: "jsdom",
};

export default defineConfig({
  test: {
    projects: [
      { test: unitProject },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.e2e.ts"],
          environment: "node",
          globalSetup: ["test/e2e/fresh-build.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
