// The size gate of CI: fails when the script-tag build (dist/crisp-segments.js), compressed with gzip -9, is larger
// than its budget in bench/size-budget.json. Run after `npm run build`. The budget sits just above the size it was
// set at, so that any growth is a decision: raise it in the same change that needs the bytes, and say why.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const FILE = "crisp-segments.js";

function fail(message) {
  console.error(`check-size: ${message}`);
  process.exit(1);
}

let budget;
try {
  budget = JSON.parse(readFileSync(join(ROOT, "bench", "size-budget.json"), "utf8"))?.[FILE]?.gzip;
} catch (error) {
  fail(`cannot read bench/size-budget.json: ${error.message}`);
}
if (!Number.isInteger(budget) || budget <= 0) fail(`bench/size-budget.json has no positive integer "${FILE}".gzip`);

let source;
try {
  source = readFileSync(join(ROOT, "dist", FILE));
} catch {
  fail(`dist/${FILE} is missing; run \`npm run build\` first`);
}

const size = gzipSync(source, { level: 9 }).length;
const over = size > budget;
console.log(
  `dist/${FILE}: ${size} B gzip (-9), budget ${budget} B: ` +
    (over ? `OVER by ${size - budget} B` : `ok, ${budget - size} B to spare`),
);
process.exit(over ? 1 : 0);
