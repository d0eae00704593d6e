// The one test command: lint and type-check everything, then run the unit and browser suites, then print the count.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureChromium } from "./chromium.mjs";

const run = (cmd, args) => spawnSync(cmd, args, { stdio: "inherit" }).status ?? 1;

const missing = ensureChromium();
if (missing) {
  console.error(missing);
  console.log("0 passed, 1 failed");
  process.exit(1);
}
if (run("npx", ["biome", "check", "."]) !== 0) {
  console.error("Lint or format problems above: `npm run format` fixes the formatting; fix the rest by hand.");
  console.log("0 passed, 1 failed");
  process.exit(1);
}
if (run("npx", ["tsc", "--noEmit", "-p", "."]) !== 0) {
  console.log("0 passed, 1 failed");
  process.exit(1);
}
const report = join(tmpdir(), `crisp-segments-vitest-${process.pid}.json`);
const status = run("npx", [
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
]);
let passed = 0;
let failed = 0;
try {
  const results = JSON.parse(readFileSync(report, "utf8"));
  passed = results.numPassedTests;
  // A file that failed to load fails no test of its own; count it once.
  const brokenFiles = results.testResults.filter((file) => file.status === "failed" && !file.assertionResults.length);
  failed = results.numFailedTests + brokenFiles.length;
  rmSync(report, { force: true });
} catch {
  failed += 1;
}
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(status === 0 && failed === 0 ? 0 : 1);
