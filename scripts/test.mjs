// The one test command: lint and type-check everything, then run the unit and browser suites, then print the count.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const run = (cmd, args) => spawnSync(cmd, args, { stdio: "inherit" }).status ?? 1;

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  console.error(
    `The browser tests need Chromium at ${chromium}: install it with \`apt-get install -y chromium\`, or set CHROMIUM_PATH.`,
  );
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
  failed = results.numFailedTests + (results.numFailedTestSuites ?? 0);
  rmSync(report, { force: true });
} catch {
  failed += 1;
}
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(status === 0 && failed === 0 ? 0 : 1);
