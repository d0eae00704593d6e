// The demo's operator key pair for the REST API: from SEGMENTS_OPERATOR_IDENTIFIER and SEGMENTS_OPERATOR_KEY when
// set; otherwise made at first start (crypto random) and kept in the data folder, readable by its owner alone, so
// that later starts reuse it. The key goes to the start-up lines and that file, never into a served page.
import { randomBytes, randomUUID } from "node:crypto";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const OPERATOR_FILE = "operator.json";

/**
 * @param {{ operator?: { identifier: string, key: string }, dataDir: string }} options
 * @returns {{ identifier: string, key: string, source: "environment" | "stored" | "generated", file?: string }}
 */
export function demoOperator({ operator, dataDir }) {
  if (operator) return { ...operator, source: "environment" };
  const file = join(dataDir, OPERATOR_FILE);
  const stored = readStored(file);
  if (stored) return { ...stored, source: "stored", file };
  const made = { identifier: randomUUID(), key: randomBytes(32).toString("hex") };
  try {
    writeFileSync(file, `${JSON.stringify(made, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    // Another demo on the same folder made its pair first: use that one.
    if (error?.code === "EEXIST") return { ...readStored(file), source: "stored", file };
    throw error;
  }
  // The mode above is masked by the umask; this is not.
  chmodSync(file, 0o600);
  return { ...made, source: "generated", file };
}

function readStored(file) {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if (error?.code === "ENOENT") return undefined;
    throw new Error(`cannot read ${file} (${error?.code ?? error}): fix its rights, or delete it to make a new pair`);
  }
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const { identifier, key } = value ?? {};
  if (typeof identifier !== "string" || typeof key !== "string" || key.length < 16) {
    throw new Error(`${file} is not {"identifier", "key"} with a key of 16+ characters: delete it to make a new pair`);
  }
  return { identifier, key };
}

/** The start-up lines: the operator's pair (a key from the environment is not repeated) and a curl to try it. */
export function operatorLines(operator, url, websiteId) {
  const fromEnvironment = operator.source === "environment";
  const key = fromEnvironment ? "$SEGMENTS_OPERATOR_KEY" : operator.key;
  const kept = fromEnvironment ? "from SEGMENTS_OPERATOR_KEY" : `${operator.key} (kept in ${operator.file})`;
  return [
    `REST API: operator ${operator.identifier}, key ${kept}`,
    `  curl -u "${operator.identifier}:${key}" -H "X-Crisp-Tier: plugin" ${url}/v1/website/${websiteId}/conversations/1`,
  ];
}
