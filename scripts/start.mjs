// `npm start`: builds what is missing (never installs anything), then runs the demo server.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const built = ["dist/crisp-segments.js", "dist/crisp-segments.mjs", "dist/server.mjs", "dist/api.mjs"];
const missing = built.filter((file) => !existsSync(join(root, file)));
if (missing.length > 0) {
  console.log(`Building (missing: ${missing.join(", ")})...`);
  const build = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) {
    console.error("The build failed; run `npm ci` first if the dependencies are not installed.");
    process.exit(1);
  }
}
try {
  if ((process.env.SEGMENTS_STORE || "sqlite") === "sqlite") await import("better-sqlite3");
} catch {
  console.error("The demo stores segments with better-sqlite3, which is not installed: run `npm ci` first.");
  process.exit(1);
}
process.argv[1] = join(root, "examples/demo-server.mjs");
await import("../examples/demo-server.mjs");
