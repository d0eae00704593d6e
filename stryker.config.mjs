// Mutation testing: `npm run mutate` plants small bugs in the pure rules and the policy and security modules, one
// at a time, and reports (score per file) which ones no unit test notices. Too slow for `npm test`.
// One file only: `npm run mutate -- --mutate src/protocol/segments.ts`.
// Not `--ignoreStatic` for a quicker run: with the vitest runner it reports static mutants (module-level constants)
// as survived rather than skipping them.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  // The unit project alone: the browser suite needs Chromium and takes minutes per run.
  vitest: { configFile: "vitest.stryker.config.ts" },
  plugins: ["@stryker-mutator/vitest-runner"],
  checkers: [],
  mutate: [
    "src/protocol/segments.ts",
    "src/protocol/change.ts",
    "src/protocol/commands.ts",
    "src/sync/policy.ts",
    "src/session/record.ts",
    "src/server/http/cors.ts",
    "src/server/storage/session-update.ts",
    // The REST API's auth and its list queries.
    "src/server/team/credentials.ts",
    "src/server/team/list-query.ts",
  ],
  coverageAnalysis: "perTest",
  reporters: ["clear-text", "progress", "html"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  clearTextReporter: { reportScoreTable: true, reportMutants: true, reportTests: false },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: ".stryker-tmp",
  ignorePatterns: ["data", ".tmp", "test-results", "reports", "bench", "examples/spa/app.js"],
  timeoutMS: 10_000,
};
